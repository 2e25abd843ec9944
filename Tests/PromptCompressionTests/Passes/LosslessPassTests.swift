import Foundation
import PromptCompression
import PromptTokenizer
import Testing

@Suite("Lossless passes")
struct LosslessPassTests {
    static let tokenizer = TestTokenizers.cl100k

    func run(_ pass: some CompressionPass, _ text: String, protected: [Range<Int>] = []) throws -> (String, PromptDocument) {
        var document = try PromptDocument(text: Array(text.utf8), tokenizer: Self.tokenizer, protected: protected)
        let context = PassContext(tokenizer: Self.tokenizer, segmenter: Segmenter(), query: nil, budget: 0)
        try pass.apply(to: &document, context: context)
        return (String(decoding: document.render(), as: UTF8.self), document)
    }

    @Test("white space", arguments: [
        ("Hello   world.  \nNext line\t\t\n", "Hello world.\nNext line\n"),
        ("One.\n\n\n\n\nTwo.\n", "One.\n\nTwo.\n"),
        ("One.\n \n\t\n  \nTwo.", "One.\n\nTwo."),
        ("    indented  code\n", "    indented code\n"),
        ("a\r\n\r\n\r\nb", "a\r\n\r\nb"),
        ("", ""),
        ("no change here.\n", "no change here.\n"),
    ])
    func whitespace(input: String, expected: String) throws {
        #expect(try run(WhitespaceNormalization(), input).0 == expected)
    }

    @Test("aligned columns and table separator rows are left as they are", arguments: [
        "Name        Size    Modified\n----------  ------  ----------\nalpha.txt   12 KB   2024-01-02\nbeta.txt    3 KB    2024-02-03\n",
        "| Option | Meaning        |\n|--------|----------------|\n| -a     | all files      |\n| -l     | long listing   |\n",
        "  -i, --ignore-case       ignore case distinctions\n  -l, --files-with-matches  print only names of files\n",
        "┌──────┬──────┐\n│ a    │ b    │\n├──────┼──────┤\n│ c    │ d    │\n└──────┴──────┘\n",
    ])
    func tablesUnchanged(table: String) throws {
        // Twice, so that the second copy's separator rows repeat the first's.
        let text = table + "\n" + table.replacingOccurrences(of: "a", with: "x")
        let compressor = Compressor(tokenizer: Self.tokenizer)
        let result = try compressor.compressLosslessly(try PromptDocument(text: Array(text.utf8), tokenizer: Self.tokenizer))
        #expect(result.text == text)
    }

    @Test func whitespaceCollapsesLoneRuns() throws {
        // A run in a line of its own is not alignment: it goes.
        #expect(try run(WhitespaceNormalization(), "Intro text.\nSome  words   here.\nMore text.\n").0
                == "Intro text.\nSome words here.\nMore text.\n")
        // Sentence gaps on neighbouring lines of wrapped prose are not columns.
        #expect(try run(WhitespaceNormalization(), "One.  Two\nthree.  Four\n").0 == "One. Two\nthree. Four\n")
    }

    @Test func whitespaceLeavesProtectedCodeAlone() throws {
        let text = "Text  here.\n```\nlet  x  =  1   \n```\n"
        let fence = text.utf8.count - "```\nlet  x  =  1   \n```\n".utf8.count
        let (output, _) = try run(WhitespaceNormalization(), text, protected: [fence..<text.utf8.count])
        #expect(output == "Text here.\n```\nlet  x  =  1   \n```\n")
    }

    @Test func exactRepeats() throws {
        let text = """
            The pilot station answers on VHF channel 12.

            Something else entirely, said once.

            The pilot station answers on VHF channel 12.

            THE PILOT STATION   answers on VHF channel 12. Yes. Yes.
            """
        let (output, document) = try run(ExactDeduplication(), text)
        #expect(output == """
            The pilot station answers on VHF channel 12.

            Something else entirely, said once.

            Yes. Yes.
            """)
        #expect(document.drops.count == 2)
        #expect(document.drops.allSatisfy { $0.reason.pass == "dedup" && $0.reason.detail.hasPrefix("repeats the") })
    }

    @Test("the compressor reports what each pass saved")
    func reports() throws {
        let sample = try String(contentsOf: TestPaths.root.appendingPathComponent("corpora/samples/rag-prompt.txt"), encoding: .utf8)
        let compressor = Compressor(tokenizer: Self.tokenizer)
        let result = try compressor.compress(text: sample, options: .init(target: .tokens(300), query: "How deep is the north basin?"))
        #expect(result.passes.map(\.pass) == ["normalize", "dedup", "near-dedup", "retrieve"])
        #expect(result.passes.first { $0.pass == "dedup" }!.tokensSaved > 50)  // document [4] repeats [1]
        #expect(result.tokensBefore - result.passes.reduce(0) { $0 + $1.tokensSaved } == result.tokensAfter)
        #expect(result.tokensAfter <= 300)
        #expect(result.text.contains("14.5 meters") && result.text.contains("channel 12"))
    }
}

@Suite("Stopword pass in the compressor")
struct StopwordPassTests {
    @Test func prunesOnlyAsFarAsNeeded() throws {
        let text = "The harbor is not open on the Sunday. It is a very busy place in the summer, and the ships are big."
        var compressor = Compressor(tokenizer: LosslessPassTests.tokenizer)
        compressor.passes = [WhitespaceNormalization(), ExactDeduplication(), StopwordPass(level: .full)]
        let full = LosslessPassTests.tokenizer.count(text)
        let result = try compressor.compress(text: text, options: .init(target: .tokens(full - 4)))
        #expect(result.tokensAfter <= full - 4)
        #expect(result.passes.map(\.pass) == ["normalize", "dedup", "stopwords"])  // no retrieval needed
        #expect(result.text.contains("not"))
        #expect(!result.text.contains("  "))
        #expect(result.drops.allSatisfy { $0.reason.pass == "stopwords" && $0.reason.detail == "en stopword, full" })
        // Under budget: lossy passes do not run.
        let untouched = try compressor.compress(text: text + "\n\n", options: .init(target: .tokens(full)))
        #expect(untouched.passes.allSatisfy { $0.pass != "stopwords" })
    }
}

@Suite("Near-duplicate removal")
struct NearDuplicateTests {
    static let base = """
        The north basin of the harbor was dredged in 2019 to a depth of 14.5 meters, which lets container ships \
        of up to 9,000 TEU berth at terminals N1 to N3. Pilots are required for every vessel longer than 120 \
        meters, and tug assistance must be booked at least six hours before arrival at the outer buoy.
        """

    func run(_ text: String, query: String? = nil) throws -> (String, PromptDocument) {
        var document = try PromptDocument(text: Array(text.utf8), tokenizer: LosslessPassTests.tokenizer)
        let context = PassContext(tokenizer: LosslessPassTests.tokenizer, query: query, budget: 0)
        try NearDuplicateRemoval().apply(to: &document, context: context)
        return (String(decoding: document.render(), as: UTF8.self), document)
    }

    @Test func dropsTheLaterNearCopy() throws {
        let variant = Self.base.replacingOccurrences(of: "six hours", with: "6 hours")
        let other = "Ferries have priority at the south entrance between six and nine on weekdays, and the bulk terminal serves coal."
        let (output, document) = try run(Self.base + "\n\n" + other + "\n\n" + variant + "\n")
        #expect(output == Self.base + "\n\n" + other + "\n\n")
        #expect(document.drops.count == 1)
        #expect(document.drops[0].reason.detail.hasPrefix("near-duplicate (Jaccard ≥ 0.8) of bytes 0..<"))
    }

    @Test("with a question, the copy sharing more of its words stays")
    func keepsTheRelevantCopy() throws {
        let variant = Self.base.replacingOccurrences(of: "outer buoy", with: "outer buoy near the pilot station")
        let (output, _) = try run(Self.base + "\n\n" + variant + "\n", query: "Where is the pilot station?")
        #expect(output == "\n\n" + variant + "\n" || output == variant + "\n")
    }

    /// HotpotQA question 279: the exact pass kept the second copy of a
    /// sentence (its paragraph names the question's subject) and dropped the
    /// first; the near-duplicate pass then dropped the kept copy as a near
    /// copy of the dropped one, and the sentence was gone from the output.
    @Test("a copy the exact pass kept is not dropped as a near copy of the one it dropped")
    func exactThenNearKeepsOneCopy() throws {
        let sentence = "The genus is abbreviated Bro in trade journals."
        let text = "Broughtonia sanguinea: a plant of the Caribbean islands, red flowered. \(sentence)\n\n"
            + "Broughtonia: Broughtonia is a genus of orchids native to the Bahamas. \(sentence)\n"
        var document = try PromptDocument(text: Array(text.utf8), tokenizer: LosslessPassTests.tokenizer)
        let context = PassContext(tokenizer: LosslessPassTests.tokenizer, query: "Are Broughtonia and Laeliocattleya both orchids?", budget: 0)
        try ExactDeduplication(minimumLength: 24).apply(to: &document, context: context)
        #expect(document.drops.count == 1)
        try NearDuplicateRemoval(threshold: 0.8, minimumWords: 4).apply(to: &document, context: context)
        let output = String(decoding: document.render(), as: UTF8.self)
        #expect(output.components(separatedBy: sentence).count - 1 == 1, "output: \(output)")
        #expect(output.contains("orchids native to the Bahamas. \(sentence)"))
        #expect(document.drops.count == 1)
    }

    @Test func differentTextStays() throws {
        let text = Self.base + "\n\nA completely different paragraph about museum opening hours, tickets for adults and children, and the cafe's lunch menu on weekends.\n"
        #expect(try run(text).0 == text)
    }
}
