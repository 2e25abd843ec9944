import Foundation
@testable import PromptCompression
import PromptTokenizer
import Testing

/// Properties of every compression, on real text (../shared/corpora) and on
/// seeded generated text (mixed scripts, code, JSON, URLs, numbers, `<keep>`
/// regions, repeats, questions), over many budgets:
///
/// - the output is never above the budget, counted exactly;
/// - protected spans are byte-identical in the output (no drop touches them);
/// - the output is a byte subsequence of the input (reorder off), and with
///   reorder on the same bytes rearranged by document;
/// - the same input and options give the same output.
@Suite("Compressor properties", .serialized)
struct CompressorPropertyTests {
    static let tokenizer = TestTokenizers.cl100k
    static let compressor = Compressor(tokenizer: tokenizer)

    /// The smallest output the compressor can reach: every sentence that may be dropped, dropped.
    static func floor(_ document: PromptDocument) -> Int {
        var copy = document
        for sentence in document.sentences { copy.drop(sentence.range, reason: .init(pass: "floor", detail: "")) }
        return tokenizer.count(bytes: copy.render())
    }

    static func isSubsequence(_ output: [UInt8], of input: [UInt8]) -> Bool {
        var i = 0
        for byte in input where i < output.count && output[i] == byte { i += 1 }
        return i == output.count
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard needle.count <= haystack.count else { return false }
        let first = needle[0]
        for start in 0...(haystack.count - needle.count) where haystack[start] == first {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    /// Checks every property of one compression; returns the number of cases checked.
    @discardableResult
    static func check(_ document: PromptDocument, query: String?, budgets: [Int], source: String) throws -> Int {
        let minimum = floor(document)
        var checked = 0
        for budget in budgets {
            let options = CompressionOptions(target: .tokens(budget), query: query)
            let result: CompressionResult
            do {
                result = try compressor.compress(document, options: options)
            } catch {
                // Only below what the protected text needs: a clear error, or best effort.
                guard case .budgetBelowProtected = error else {
                    Issue.record("\(source) budget \(budget): \(error)")
                    continue
                }
                #expect(budget < minimum, "\(source) budget \(budget)")
                let bestEffort = try compressor.compress(document, options: .init(target: .tokens(budget), query: query, bestEffort: true))
                #expect(bestEffort.overBudget && bestEffort.tokensAfter > budget)
                #expect(isSubsequence(bestEffort.bytes, of: document.bytes))
                continue
            }
            #expect(result.tokensAfter <= budget, "\(source) budget \(budget)")
            #expect(result.tokensAfter == tokenizer.count(bytes: result.bytes))
            #expect(!result.overBudget)
            #expect(isSubsequence(result.bytes, of: document.bytes), "\(source) budget \(budget)")
            for range in document.protected {
                #expect(!result.drops.contains { $0.range.overlaps(range) }, "\(source): a drop touches a protected span")
                // The protected bytes, less any `<keep>` tag inside, appear whole.
                var expected: [UInt8] = []
                for offset in range where !document.markers.contains(where: { $0.contains(offset) }) { expected.append(document.bytes[offset]) }
                #expect(contains(result.bytes, expected), "\(source) budget \(budget): protected span \(range) not whole")
            }
            // Deterministic, also from a document built again.
            #expect(try compressor.compress(document, options: options).bytes == result.bytes)
            // Reorder: the same bytes, never over the budget.
            let reordered = try compressor.compress(document, options: .init(target: .tokens(budget), query: query, reorder: true))
            #expect(reordered.tokensAfter <= budget)
            #expect(reordered.bytes.sorted() == result.bytes.sorted())
            checked += 1
        }
        return checked
    }

    static func budgets(_ document: PromptDocument, _ rng: inout SeededGenerator, count: Int) -> [Int] {
        let minimum = floor(document)
        var budgets = [minimum, max(0, minimum - 1), document.tokens / 4, document.tokens / 2, document.tokens - 1]
        for _ in 0..<count { budgets.append(minimum + rng.below(max(1, document.tokens - minimum))) }
        return budgets
    }

    @Test("real text: essays, HotpotQA and NQ passages, key-value JSON")
    func realText() throws {
        guard let folder = TestPaths.dataDirectory else {
            #expect(!TestPaths.strict, "corpora missing")
            return
        }
        var rng = SeededGenerator(seed: 11)
        var cases = 0
        let essays = folder.appendingPathComponent("haystack/PaulGrahamEssays")
        let names = try FileManager.default.contentsOfDirectory(atPath: essays.path).sorted()
        for name in stride(from: 0, to: names.count, by: 7).map({ names[$0] }) {
            let bytes = Array(try Data(contentsOf: essays.appendingPathComponent(name)))
            let document = try PromptDocument(text: bytes, tokenizer: Self.tokenizer, detector: ProtectedSpanDetector())
            let query: String? = rng.below(2) == 0 ? nil : "What did the author learn about startups and money?"
            cases += try Self.check(document, query: query, budgets: Self.budgets(document, &rng, count: 2), source: name)
        }
        let hotpot = try runProcess("/bin/gzip", ["-dc", folder.appendingPathComponent("hotpotqa-dev-distractor-500.jsonl.gz").path]).stdout
        let records = try hotpot.split(separator: UInt8(ascii: "\n")).map { try JSONSerialization.jsonObject(with: Data($0)) as! [String: Any] }
        for index in stride(from: 3, to: records.count, by: 50) {
            let contexts = records[index]["contexts"] as! [[String: Any]]
            let passages = contexts.map { "\($0["title"] as! String): \($0["paragraph_text"] as! String)" }
            let document = try PromptDocument(passages: passages, tokenizer: Self.tokenizer)
            cases += try Self.check(document, query: records[index]["question_text"] as? String,
                                    budgets: Self.budgets(document, &rng, count: 2), source: "hotpot \(index)")
        }
        let kv = try runProcess("/bin/gzip", ["-dc", folder.appendingPathComponent("kv-retrieval-75_keys.jsonl.gz").path]).stdout
        for line in kv.split(separator: UInt8(ascii: "\n")).prefix(2) {
            let record = try JSONSerialization.jsonObject(with: Data(line)) as! [String: Any]
            let pairs = (record["ordered_kv_records"] as! [[String]]).prefix(25)
            let text = "Extract the value of the key.\n\n" + pairs.map { "\"\($0[0])\": \"\($0[1])\"" }.joined(separator: "\n\n")
            let document = try PromptDocument(text: Array(text.utf8), tokenizer: Self.tokenizer, detector: ProtectedSpanDetector())
            cases += try Self.check(document, query: "Key: \"\(record["key"] as! String)\"",
                                    budgets: Self.budgets(document, &rng, count: 2), source: "kv")
        }
        #expect(cases >= 40)
    }

    /// Seeded text from pieces of many kinds.
    static func generated(_ rng: inout SeededGenerator) -> (text: String, question: String) {
        let words = [
            "harbor", "river", "the", "of", "and", "mill", "Straße", "Größe", "über", "река", "город", "мост",
            "θάλασσα", "νησί", "港口", "河流", "القارب", "ميناء", "🚢", "café", "naïve", "x86_64", "v2.3.1", "O'Brien",
        ]
        func sentence() -> String {
            let count = 3 + rng.below(12)
            var parts = (0..<count).map { _ in rng.pick(words) }
            parts[0] = parts[0].prefix(1).uppercased() + parts[0].dropFirst()
            return parts.joined(separator: " ") + rng.pick([".", "!", "?", ".", "。"])
        }
        var paragraphs: [String] = []
        for _ in 0..<(3 + rng.below(10)) {
            switch rng.below(9) {
            case 0: paragraphs.append("```swift\nlet  depth = \(rng.below(100))\nprint(depth)\n```")
            case 1: paragraphs.append("{\"id\": \(rng.below(1000)), \"tags\": [\"a\", \"b\"], \"ok\": true, \"score\": 0.\(rng.below(99))}")
            case 2: paragraphs.append("See https://example.org/\(rng.pick(words))/\(rng.below(50)) or mail ops@example.com on 2024-0\(1 + rng.below(9))-1\(rng.below(9)). " + sentence())
            case 3: paragraphs.append(sentence() + " <keep>Tide table \(rng.below(24)):\(rng.below(50)) must stay.</keep> " + sentence())
            case 4: paragraphs.append("The pier is \(rng.below(400)).\(rng.below(10)) meters long and cost $\(rng.below(90)),\(100 + rng.below(900)). " + sentence())
            case 5 where !paragraphs.isEmpty: paragraphs.append(rng.pick(paragraphs))  // a repeat
            default: paragraphs.append((0..<(1 + rng.below(5))).map { _ in sentence() }.joined(separator: rng.below(3) == 0 ? "\n" : " "))
            }
        }
        let question = "How long is the " + rng.pick(words) + " pier?"
        return (paragraphs.joined(separator: rng.below(4) == 0 ? "\n\n\n" : "\n\n"), question)
    }

    @Test("generated text, seeded", arguments: 0..<8)
    func generatedText(seed: UInt64) throws {
        var rng = SeededGenerator(seed: 1000 + seed)
        var cases = 0
        for round in 0..<6 {
            let (body, question) = Self.generated(&rng)
            let withQuestion = rng.below(2) == 0
            let text = withQuestion ? body + "\n\nQuestion: " + question : body
            let bytes = Array(text.utf8)
            let questionRange = withQuestion ? (bytes.count - question.utf8.count)..<bytes.count : nil
            let document = try PromptDocument(text: bytes, tokenizer: Self.tokenizer, detector: ProtectedSpanDetector(), question: questionRange)
            if let questionRange { #expect(document.protected.contains { $0.lowerBound <= questionRange.lowerBound && $0.upperBound >= questionRange.upperBound }) }
            cases += try Self.check(document, query: withQuestion ? question : nil,
                                    budgets: Self.budgets(document, &rng, count: 4), source: "seed \(seed) round \(round)")
            // A document built again from the same bytes gives the same output.
            let again = try PromptDocument(text: bytes, tokenizer: Self.tokenizer, detector: ProtectedSpanDetector(), question: questionRange)
            let options = CompressionOptions(target: .tokens(max(Self.floor(document), document.tokens / 3)), query: withQuestion ? question : nil)
            #expect(try Self.compressor.compress(again, options: options).bytes == Self.compressor.compress(document, options: options).bytes)
        }
        #expect(cases >= 6)
    }
}
