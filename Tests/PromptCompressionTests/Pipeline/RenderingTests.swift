import Foundation
import TersifyTestSupport
@testable import PromptCompression
import PromptTokenizer
import Testing

/// What the output looks like where units were left out: separators go with
/// the units they followed, and the budget is used, not wasted on them.
@Suite("Rendering of left-out units")
struct RenderingTests {
    static let tokenizer = TestTokenizers.cl100k

    /// The essays hard-wrapped at `width` columns and indented, one blank
    /// line between paragraphs, as man pages and e-mail bodies are.
    static func wrappedEssays(width: Int = 68, indent: String = "   ", lineBreak: String = "\n") throws -> String? {
        guard let essays = try TestData.essays() else { return nil }
        var text = ""
        for essay in essays.prefix(12) {
            let paragraphs = String(decoding: essay, as: UTF8.self)
                .components(separatedBy: "\n\n")
                .map { $0.split(whereSeparator: \.isWhitespace).map(String.init) }
                .filter { !$0.isEmpty }
            for words in paragraphs {
                var line = indent
                for word in words {
                    if line.count + word.count + 1 > width && line.count > indent.count {
                        text += line + lineBreak
                        line = indent
                    }
                    line += (line.count > indent.count ? " " : "") + word
                }
                text += line + lineBreak + lineBreak
            }
        }
        return text
    }

    /// The longest run of lines holding only white space.
    static func longestBlankRun(_ text: String) -> Int {
        var longest = 0, run = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            if line.allSatisfy(\.isWhitespace) { run += 1; longest = max(longest, run) } else { run = 0 }
        }
        return longest
    }

    @Test("hard-wrapped text keeps at most one blank line in a row", arguments: ["\n", "\r\n"], [nil, "Why do startups fail and what do investors look for?"])
    func noBlankRuns(lineBreak: String, query: String?) throws {
        guard let text = try Self.wrappedEssays(lineBreak: lineBreak) else {
            #expect(!TestData.strict, "the shared corpora are missing")
            return
        }
        #expect(Self.longestBlankRun(text) <= 2)  // the input's own: the last line's break, one blank line
        let compressor = Compressor(tokenizer: Self.tokenizer)
        for target in [CompressionOptions.Target.ratio(4), .tokens(500)] {
            let result = try compressor.compress(text: text, options: .init(target: target, query: query))
            #expect(result.tokensAfter <= result.budget)
            #expect(Self.longestBlankRun(result.text) <= 2, "target \(target): a run of blank lines")
            // No carriage return without its line feed.
            if lineBreak == "\r\n" {
                let bytes = result.bytes
                #expect(!bytes.indices.contains { bytes[$0] == 0x0D && ($0 + 1 == bytes.count || bytes[$0 + 1] != 0x0A) })
            }
        }
    }

    @Test("many short lines: the budget is used and no blank line is left behind")
    func shortLines() throws {
        let text = String(repeating: "OK.\n", count: 10_000)
        let compressor = Compressor(tokenizer: Self.tokenizer)
        for budget in [300, 1000] {
            let result = try compressor.compress(text: text, options: .init(target: .tokens(budget)))
            #expect(result.tokensAfter <= budget)
            #expect(result.tokensAfter >= budget * 9 / 10, "budget \(budget): \(result.tokensAfter) tokens used")
            #expect(!result.text.contains("\n\n"))
            #expect(result.text.split(separator: "\n").allSatisfy { $0 == "OK." })
        }
    }

    @Test("line-shaped inputs use at least 90 % of the budget", arguments: ["lines", "paragraphs", "crlf"])
    func budgetUsed(shape: String) throws {
        var generator = SeededGenerator(seed: 7)
        let words = ["alpha", "river", "stone", "market", "seven", "quiet", "engine", "window", "north", "garden"]
        var text = ""
        for _ in 0..<4000 {
            let sentence = (0..<(4 + generator.below(8))).map { _ in words[generator.below(words.count)] }.joined(separator: " ")
            switch shape {
            case "lines": text += sentence.capitalized + ".\n"
            case "paragraphs": text += sentence.capitalized + ".\n\n"
            default: text += sentence.capitalized + ".\r\n"
            }
        }
        let compressor = Compressor(tokenizer: Self.tokenizer)
        for target in [CompressionOptions.Target.tokens(2000), .ratio(4)] {
            let result = try compressor.compress(text: text, options: .init(target: target))
            #expect(result.tokensAfter <= result.budget)
            #expect(result.tokensAfter >= result.budget * 9 / 10, "\(shape), \(target): \(result.tokensAfter) of \(result.budget)")
            #expect(Self.longestBlankRun(result.text) <= (shape == "paragraphs" ? 2 : 1))
        }
    }

    @Test("a unit larger than the budget is cut, not dropped into an empty output", arguments: [false, true])
    func oversizedUnitIsCut(spaces: Bool) throws {
        var generator = SeededGenerator(seed: 11)
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        var text = ""
        while text.utf8.count < 200_000 {
            let word = String((0..<(2 + generator.below(9))).map { _ in letters[generator.below(letters.count)] })
            text += spaces ? word + " " : word
        }
        let compressor = Compressor(tokenizer: Self.tokenizer)
        for budget in [1, 100, 5000] {
            let result = try compressor.compress(text: text, options: .init(target: .tokens(budget)))
            #expect(result.tokensAfter <= budget)
            #expect(result.tokensAfter >= budget * 8 / 10, "budget \(budget): \(result.tokensAfter) tokens")
            // A large budget holds whole blocks of the coarse stage.
            guard budget < 1000 else { continue }
            #expect(result.cutUnits == 1)
            // Extractive: the output is one run of the input's bytes.
            #expect(!result.bytes.isEmpty && text.contains(result.text))
            if spaces && budget > 1, let range = text.range(of: result.text) {
                let next = text[range.upperBound...].first
                #expect(result.text.last == " " || next == " " || next == nil, "cut inside a word")
            }
        }
    }

    @Test("a heading is kept only with its section, and a kept section keeps its heading", arguments: ["## ", "numbered", "upper"])
    func headingsWithSections(style: String) throws {
        guard let folder = TestPaths.dataDirectory else {
            #expect(!TestPaths.strict, "corpora missing")
            return
        }
        let data = try runProcess("/bin/gzip", ["-dc", folder.appendingPathComponent("hotpotqa-dev-distractor-500.jsonl.gz").path]).stdout
        let records = try data.split(separator: UInt8(ascii: "\n")).prefix(60).map {
            try JSONSerialization.jsonObject(with: Data($0)) as! [String: Any]
        }
        let compressor = Compressor(tokenizer: Self.tokenizer)
        var headingsKept = 0
        for record in records {
            let contexts = record["contexts"] as! [[String: Any]]
            var headings: Set<String> = []
            var text = ""
            for (number, context) in contexts.enumerated() {
                // Headings of three kinds over real paragraphs.
                let heading = style == "upper" ? "PART \(number + 1)" : style == "## " ? "## Part \(number + 1)"
                    : "\(number + 1). Part \(number + 1)"
                headings.insert(heading)
                text += heading + "\n\n" + (context["paragraph_text"] as! String) + "\n\n"
            }
            text += "Question: \(record["question_text"] as! String)\n"
            for target in [CompressionOptions.Target.ratio(4), .ratio(8)] {
                let out = try compressor.compress(prompt: text, options: .init(target: target))
                #expect(out.result.tokensAfter <= out.result.budget)
                let lines = out.result.text.split(separator: "\n").map(String.init)
                for (index, line) in lines.enumerated() where headings.contains(line) {
                    headingsKept += 1
                    // Its section follows: not another heading, not the question.
                    let next = index + 1 < lines.count ? lines[index + 1] : ""
                    #expect(!headings.contains(next) && !next.hasPrefix("Question:"), "a heading kept alone: \(line)")
                }
                // Content comes after a heading: the first line is a heading or the question.
                if let first = lines.first {
                    #expect(headings.contains(first) || first.hasPrefix("Question:"), "content without its heading: \(first.prefix(60))")
                }
            }
        }
        #expect(headingsKept > records.count)
    }
}
