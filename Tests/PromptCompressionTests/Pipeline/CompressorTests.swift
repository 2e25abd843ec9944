import Foundation
import PromptCompression
import PromptTokenizer
import Testing

@Suite("Compressor budget")
struct CompressorTests {
    static let tokenizer = TestTokenizers.cl100k

    @Test("never above the budget, output a byte subsequence of the input, deterministic")
    func budgetProperties() throws {
        guard let folder = TestPaths.dataDirectory?.appendingPathComponent("haystack/PaulGrahamEssays") else {
            #expect(!TestPaths.strict, "corpora missing")
            return
        }
        let compressor = Compressor(tokenizer: Self.tokenizer)
        var rng = SeededGenerator(seed: 3)
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().prefix(10) {
            let bytes = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
            let document = try PromptDocument(text: bytes, tokenizer: Self.tokenizer)
            for _ in 0..<3 {
                let budget = 20 + rng.below(max(1, document.tokens))
                let query: String? = rng.below(2) == 0 ? nil : "What did the author learn about startups and money?"
                let options = CompressionOptions(target: .tokens(budget), query: query)
                let result = try compressor.compress(document, options: options)
                #expect(result.tokensAfter <= budget)
                #expect(result.tokensAfter == Self.tokenizer.count(bytes: result.bytes))
                #expect(isSubsequence(result.bytes, of: bytes))
                #expect(try compressor.compress(document, options: options).bytes == result.bytes)
            }
        }
    }

    /// Exact deduplication keeps the first copy of a repeated sentence (a
    /// tie on the question's words); retrieval then drops that copy's
    /// document and keeps the other document, whose copy came back
    /// (`RepeatRestorer`): the sentence is in the output once.
    @Test("a repeat comes back when retrieval drops the copy deduplication kept")
    func repeatComesBack() throws {
        let repeated = "The harbour office opens at seven every morning."
        let filler = (1...12).map { "Bakers in the old town sell rye bread, apple cake number \($0) and pastries to visitors." }
        let passages = [
            "Town notes: Visitors come in summer. \(repeated) " + filler.joined(separator: " "),
            "Harbour: Ferries leave from the north pier. \(repeated)",
            "Weather: Fog is common in November, and storms close the ferry line in January.",
        ]
        let document = try PromptDocument(passages: passages, tokenizer: Self.tokenizer)
        let compressor = Compressor(tokenizer: Self.tokenizer)
        let result = try compressor.compress(document, options: .init(target: .tokens(40), query: "When does the harbour office open?"))
        #expect(result.tokensAfter <= 40)
        #expect(result.text.components(separatedBy: repeated).count - 1 == 1, "output: \(result.text)")
        #expect(result.text.contains("Harbour: Ferries leave from the north pier. \(repeated)"), "output: \(result.text)")
        // The repeat's drop is gone; the first copy is dropped by retrieval.
        #expect(!result.drops.contains { $0.reason.pass == "dedup" })
        #expect(result.passes.first { $0.pass == "dedup" }.map { $0.drops == 0 && $0.tokensSaved == 0 } ?? true)
    }

    @Test func protectedContentOverBudget() throws {
        let text = "Keep all of this. It is protected and long enough to need many tokens. Another sentence here."
        let bytes = Array(text.utf8)
        let document = try PromptDocument(text: bytes, tokenizer: Self.tokenizer, protected: [0..<bytes.count])
        let compressor = Compressor(tokenizer: Self.tokenizer)
        let required = Self.tokenizer.count(text)
        #expect(throws: CompressionError.budgetBelowProtected(budget: 5, required: required)) {
            try compressor.compress(document, options: .init(target: .tokens(5)))
        }
        let bestEffort = try compressor.compress(document, options: .init(target: .tokens(5), bestEffort: true))
        #expect(bestEffort.overBudget && bestEffort.bytes == bytes)
        #expect(throws: CompressionError.invalidTarget("a compression ratio of 0.5")) {
            try compressor.compress(document, options: .init(target: .ratio(0.5)))
        }
    }

    @Test func underBudgetIsUnchanged() throws {
        let result = try Compressor(tokenizer: Self.tokenizer).compress(text: "Short text.", options: .init(target: .tokens(100)))
        #expect(result.text == "Short text." && result.drops.isEmpty && result.tokensAfter == 3)
    }

    @Test("the question's sentence is kept")
    func keepsTheRelevantSentence() throws {
        let text = """
            The harbor museum opens at ten. Boat tours leave every hour.

            The north basin is 14.5 meters deep. Pilots answer on VHF channel 12.

            Tickets cost 18 euros. The cafe serves lunch until three.
            """
        let result = try Compressor(tokenizer: Self.tokenizer).compress(
            text: text, options: .init(target: .tokens(16), query: "How deep is the north basin?"))
        #expect(result.text.contains("The north basin is 14.5 meters deep."))
        #expect(result.tokensAfter <= 16)
        #expect(result.drops.allSatisfy { $0.reason.pass == "retrieve" && $0.reason.detail.hasPrefix("BM25 rank") })
    }

    func isSubsequence(_ output: [UInt8], of input: [UInt8]) -> Bool {
        var i = 0
        for byte in input where i < output.count && output[i] == byte { i += 1 }
        return i == output.count
    }
}
