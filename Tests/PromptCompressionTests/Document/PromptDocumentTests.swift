import Foundation
@testable import PromptCompression
import PromptTokenizer
import Testing

@Suite("Prompt document model")
struct PromptDocumentTests {
    static let tokenizer = TestTokenizers.cl100k

    func document(_ text: String, protected: [Range<Int>] = [], markers: [Range<Int>] = []) throws -> PromptDocument {
        try PromptDocument(text: Array(text.utf8), tokenizer: Self.tokenizer, protected: protected, markers: markers)
    }

    /// Each level covers its parent's bytes in order, with no gap.
    func checkCoverage(_ document: PromptDocument) {
        func contiguous(_ units: [PromptDocument.Unit], _ total: Range<Int>) -> Bool {
            guard let first = units.first, let last = units.last else { return total.isEmpty }
            return first.range.lowerBound == total.lowerBound && last.range.upperBound == total.upperBound
                && zip(units, units.dropFirst()).allSatisfy { $0.range.upperBound == $1.range.lowerBound }
        }
        let all = 0..<document.bytes.count
        #expect(contiguous(document.documents, all))
        #expect(contiguous(document.paragraphs, all))
        #expect(contiguous(document.sentences, all))
        for (index, paragraph) in document.paragraphs.enumerated() {
            #expect(document.documents[paragraph.parent].range.contains(paragraph.range.lowerBound))
            let children = document.sentences.filter { $0.parent == index }
            #expect(contiguous(children, paragraph.range))
        }
    }

    @Test func paragraphsAndSentences() throws {
        let text = "First paragraph. It has two sentences.\n\nSecond one!\n \n\nThird: a list\n- one\n- two\n"
        let doc = try document(text)
        let bytes = Array(text.utf8)
        func string(_ unit: PromptDocument.Unit) -> String { String(decoding: bytes[unit.range], as: UTF8.self) }
        #expect(doc.paragraphs.map(string) == [
            "First paragraph. It has two sentences.\n\n", "Second one!\n \n\n", "Third: a list\n- one\n- two\n",
        ])
        #expect(doc.documents.map(\.range) == doc.paragraphs.map(\.range))
        #expect(doc.sentences.map(string).prefix(3) == ["First paragraph. ", "It has two sentences.\n\n", "Second one!\n \n\n"])
        #expect(doc.tokens == Self.tokenizer.count(text))
        #expect(doc.paragraphs[1].tokens == Self.tokenizer.count("Second one!\n \n\n"))  // one sentence
        #expect(doc.paragraphs[0].tokens == Self.tokenizer.count("First paragraph. ") + Self.tokenizer.count("It has two sentences.\n\n"))
        checkCoverage(doc)
    }

    @Test("hard-wrapped prose is not cut at every line")
    func hardWrappedLines() throws {
        let text = "This sentence is wrapped\nover three lines of\ntext. And a second one.\n"
        let doc = try document(text)
        let bytes = Array(text.utf8)
        #expect(doc.sentences.map { String(decoding: bytes[$0.range], as: UTF8.self) } == [
            "This sentence is wrapped\nover three lines of\ntext. ", "And a second one.\n",
        ])
    }

    @Test("bidi pairs are atomic: matched as UAX #9 matches them, so no pass keeps an opener and drops its closer")
    func bidiPairs() throws {
        func pairs(_ text: String) -> [String] {
            let bytes = Array(text.utf8)
            return bidiPairRanges(bytes).map { String(decoding: bytes[$0], as: UTF8.self) }
        }
        #expect(pairs("a \u{202B}b\u{202C} c") == ["\u{202B}b\u{202C}"])
        #expect(pairs("\u{202E}x\u{202A}y\u{202C}z\u{202C}") == ["\u{202A}y\u{202C}", "\u{202E}x\u{202A}y\u{202C}z\u{202C}"])
        #expect(pairs("\u{2067}a\u{202B}b\u{2069}c\u{202C}") == ["\u{2067}a\u{202B}b\u{2069}"])  // PDI closes the embedding too
        #expect(pairs("\u{202B}a\u{2066}b\u{202C}c\u{2069}") == ["\u{2066}b\u{202C}c\u{2069}"])  // no PDF across an isolate
        #expect(pairs("\u{202B}a\nb\u{202C}").isEmpty)  // a line break closes everything
        #expect(pairs("\u{202C}\u{2069}\u{202B}").isEmpty)
        #expect(pairs("’ “quotes” \u{2028}").isEmpty)  // other E2 sequences
        // In a document: the pair is atomic whatever the caller passed, and a
        // sentence holding only the closer cannot go.
        let text = "\u{202B}First sentence here. Repeated sentence right here.\u{202C} Tail.\n\n"
            + "\u{202B}Second sentence here. Repeated sentence right here.\u{202C} End."
        let document = try PromptDocument(text: Array(text.utf8), tokenizer: Self.tokenizer)
        #expect(document.atomic.count == 2)
        let closer = try #require(document.sentences.last { String(decoding: document.bytes[$0.range], as: UTF8.self).contains("\u{202C}") })
        #expect(!document.canDrop(closer.range))
        #expect(document.canDrop(document.atomic[1].lowerBound..<closer.range.upperBound))
        var deduplicated = document
        try ExactDeduplication().apply(to: &deduplicated, context: PassContext(tokenizer: Self.tokenizer, segmenter: Segmenter(), query: nil, budget: 0))
        let output = String(decoding: deduplicated.render(), as: UTF8.self)
        #expect(output.unicodeScalars.filter { $0 == "\u{202B}" }.count == 2)
        #expect(output.unicodeScalars.filter { $0 == "\u{202C}" }.count == 2)
        // Without the pair, the same repeat goes.
        let plain = text.replacingOccurrences(of: "\u{202B}", with: "").replacingOccurrences(of: "\u{202C}", with: "")
        var plainDocument = try PromptDocument(text: Array(plain.utf8), tokenizer: Self.tokenizer)
        try ExactDeduplication().apply(to: &plainDocument, context: PassContext(tokenizer: Self.tokenizer, segmenter: Segmenter(), query: nil, budget: 0))
        #expect(!plainDocument.drops.isEmpty)
    }

    @Test("a long paragraph segmented in parts cut at line feeds has the unwrapping and the sentences of the whole",
          arguments: [false, true])
    func chunkedSentences(records: Bool) throws {
        // Prose lines, some wrapped, or records and rows, some of them
        // wrapped too (their joins depend on the lines around them).
        let lines = records ? [
            "alpha1\t5432/tcp\t\tpostgresql database", "bravo22\t80/tcp\t\thttp www", "charlie\t443/tcp", "delta  delta  delta",
            "name    size    owner", "core    12 KB   root", "a short line", "wide fields   spread over   the columns of this line and",
            "more words to wrap", "échelle  über  東京", "  indented  record  row", "x\ty",
        ] : [
            "OK.", "Dr. Smith went home.", "He met Mr.", "Brown there.", "Why?", "\"Why?\" she asked.", "See (", "this) now.",
            "Items: e.g.", "apples.", "« Bonjour ! » dit-il.", "日本語の文です。東京に行きました。", "Wrapped line without a period",
            "continues here.", "Note:", "  indented line.", "Last one!", "(1) numbered.", "Approx. 3.5 m.",
        ]
        var generator = SeededGenerator(seed: records ? 12 : 11)
        var text = ""
        while text.utf8.count < 20_000 { text += lines[Int(generator.next() % UInt64(lines.count))] + "\n" }
        let document = try self.document(text)
        #expect(document.paragraphs.count == 1)
        let range = document.paragraphs[0].range
        let whole = document._fine.segment(document.paragraphs, document.paragraphs.indices, chunk: .max)
        for chunk in [16, 100, 1000] {
            var parts: [Range<Int>] = []
            var unwrapped: [UInt8] = []
            forEachUnwrappedPart(document.bytes, range, chunk: chunk) { offset, part in
                parts.append(offset..<(offset + part.count))
                unwrapped += part
            }
            #expect(parts.count > 5)
            #expect(parts.first?.lowerBound == range.lowerBound && parts.last?.upperBound == range.upperBound)
            #expect(zip(parts, parts.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            #expect(unwrapped == unwrappedParagraph(document.bytes[range]))
            let chunked = document._fine.segment(document.paragraphs, document.paragraphs.indices, chunk: chunk)
            #expect(chunked.sentences.flatMap { $0 } == whole.sentences.flatMap { $0 })
            #expect(chunked.tokens == whole.tokens)
        }
        #expect(whole.sentences.flatMap { $0 } == document.sentences)
    }

    @Test func passages() throws {
        let doc = try PromptDocument(passages: ["Alpha one. Alpha two.", "Beta.\n\nBeta again.", "Gamma"], tokenizer: Self.tokenizer)
        #expect(doc.documents.count == 3)
        #expect(String(decoding: doc.bytes, as: UTF8.self) == "Alpha one. Alpha two.\n\nBeta.\n\nBeta again.\n\nGamma")
        #expect(doc.paragraphs.count == 4)
        #expect(doc.paragraphs.map(\.parent) == [0, 1, 1, 2])
        checkCoverage(doc)
    }

    @Test func dropsAndRendering() throws {
        let text = "Keep this. Drop this. Keep <keep>this too</keep>."
        let bytes = Array(text.utf8)
        let protectedStart = bytes.firstIndex(of: UInt8(ascii: "<"))!
        var doc = try document(text, protected: [protectedStart..<(bytes.count - 1)],
                               markers: [protectedStart..<(protectedStart + 6), (bytes.count - 8)..<(bytes.count - 1)])
        let reason = PromptDocument.DropReason(pass: "test", detail: "unit test")
        let accepted = doc.drop(11..<22, reason: reason)
        let overProtected = doc.drop((protectedStart + 2)..<(protectedStart + 9), reason: reason)
        let empty = doc.drop(5..<5, reason: reason)
        let outside = doc.drop(0..<(bytes.count + 1), reason: reason)
        #expect(accepted && !overProtected && !empty && !outside)
        #expect(String(decoding: doc.render(), as: UTF8.self) == "Keep this. Keep this too.")
        #expect(doc.drops.count == 1 && doc.drops[0].reason == reason)
        #expect(doc.isDropped(11..<22) && !doc.isDropped(0..<12))
    }

    @Test("on the essays: coverage, and rendering with random drops is an exact subsequence")
    func essays() throws {
        guard let folder = TestPaths.dataDirectory?.appendingPathComponent("haystack/PaulGrahamEssays") else {
            #expect(!TestPaths.strict, "corpora missing")
            return
        }
        var rng = SeededGenerator(seed: 11)
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().prefix(12) {
            let bytes = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
            var doc = try PromptDocument(text: bytes, tokenizer: Self.tokenizer)
            checkCoverage(doc)
            // Hard-wrapped essays: most sentences are longer than one line.
            let sentences = doc.sentences.count, lines = bytes.filter { $0 == UInt8(ascii: "\n") }.count
            #expect(sentences > 0 && sentences < lines + doc.paragraphs.count)
            var kept = [Bool](repeating: true, count: bytes.count)
            for sentence in doc.sentences where rng.below(3) == 0 {
                let accepted = doc.drop(sentence.range, reason: .init(pass: "test", detail: "random"))
                #expect(accepted)
                for i in sentence.range { kept[i] = false }
            }
            let expected = zip(bytes, kept).filter(\.1).map(\.0)
            #expect(doc.render() == expected)
        }
    }
}
