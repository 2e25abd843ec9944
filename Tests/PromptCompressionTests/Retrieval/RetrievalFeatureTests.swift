import Foundation
import PromptCompression
import PromptTokenizer
import Testing

@Suite("Retrieval features: reorder, relevant copies, pass order, pair ranking")
struct RetrievalFeatureTests {
    static let tokenizer = TestTokenizers.cl100k

    @Test("exact dedup keeps the copy in the paragraph closest to the question")
    func dedupKeepsTheRelevantCopy() throws {
        let text = """
            Ferries leave the old harbor at noon. The terminal opens at seven in the morning.

            The lighthouse keeper lives on the island. The terminal opens at seven in the morning.
            """
        let bytes = Array(text.utf8)
        func run(_ query: String?) throws -> String {
            var document = try PromptDocument(text: bytes, tokenizer: Self.tokenizer)
            try ExactDeduplication().apply(to: &document, context: PassContext(tokenizer: Self.tokenizer, query: query, budget: 0))
            #expect(document.drops.count == 1)
            return String(decoding: document.render(), as: UTF8.self)
        }
        // Without a question the first copy stays; the question is about the lighthouse.
        let first = try run(nil)
        #expect(first.contains("noon. The terminal opens at seven") && !first.contains("island. The terminal"))
        let relevant = try run("When does the lighthouse keeper's terminal open?")
        #expect(relevant.contains("island. The terminal opens at seven") && !relevant.contains("noon. The terminal"))
        // A tie keeps the first copy.
        #expect(try run("When does the terminal open?") == first)
    }

    static let passages = [
        "Alder: The alder grows along rivers in cold wet soil.",
        "Basalt: Basalt is a dark volcanic rock that cools quickly from lava.",
        "Copper: Copper wire carries current in most household electrical circuits.",
        "Dolphin: Dolphins hunt fish in warm coastal water and breathe air.",
        "Emerald: The emerald is a green gemstone, a variety of beryl.",
        "Falcon: The peregrine falcon dives faster than any other bird.",
    ]

    @Test("reorder puts the most relevant kept documents at the start and the end")
    func reorder() throws {
        let document = try PromptDocument(passages: Self.passages, tokenizer: Self.tokenizer)
        let compressor = Compressor(tokenizer: Self.tokenizer)
        let query = "Which volcanic rock, gemstone, falcon or dolphin?"
        let budget = document.tokens - 5
        let plain = try compressor.compress(document, options: .init(target: .tokens(budget), query: query))
        let reordered = try compressor.compress(document, options: .init(target: .tokens(budget), query: query, reorder: true))
        #expect(reordered.tokensAfter <= budget)
        #expect(reordered.tokensAfter == Self.tokenizer.count(bytes: reordered.bytes))
        #expect(reordered.drops == plain.drops)
        // The same bytes, rearranged by document; each document's bytes whole and in order.
        #expect(reordered.bytes.sorted() == plain.bytes.sorted())
        let kept = plain.text.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let pieces = reordered.text.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        #expect(Set(kept) == Set(pieces) && kept.count == pieces.count && kept.count >= 3)
        #expect(pieces != kept)
        // The least relevant kept document (no question word) is not at either end.
        for irrelevant in ["Alder", "Copper"] {
            #expect(!pieces.first!.hasPrefix(irrelevant) && !pieces.last!.hasPrefix(irrelevant))
        }
        // Relevant documents are at both ends.
        let relevant = ["Basalt", "Emerald", "Falcon", "Dolphin"]
        #expect(relevant.contains { pieces.first!.hasPrefix($0) } && relevant.contains { pieces.last!.hasPrefix($0) })
        // Off by default, and deterministic when on.
        #expect(try compressor.compress(document, options: .init(target: .tokens(budget), query: query, reorder: true)).bytes == reordered.bytes)
    }

    @Test("reorder leaves documents with protected text (the question) in place")
    func reorderKeepsTheQuestionInPlace() throws {
        let question = "Question: which volcanic rock, gemstone, falcon or dolphin?"
        let text = (Self.passages + [question]).joined(separator: "\n\n")
        let bytes = Array(text.utf8)
        let document = try PromptDocument(text: bytes, tokenizer: Self.tokenizer, detector: ProtectedSpanDetector(),
                                          question: (bytes.count - question.utf8.count)..<bytes.count)
        let budget = document.tokens - 5
        let result = try Compressor(tokenizer: Self.tokenizer).compress(
            document, options: .init(target: .tokens(budget), query: question, reorder: true))
        #expect(result.tokensAfter <= budget)
        #expect(result.text.hasSuffix("\n\n" + question))
        let pieces = result.text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        #expect(!pieces.first!.hasPrefix("Alder") && !pieces.first!.hasPrefix("Copper"))
    }

    @Test("passes run in the configured order, lossless ones first")
    func passOrder() throws {
        var compressor = Compressor(tokenizer: Self.tokenizer)
        compressor.passes = [StopwordPass(), ExactDeduplication(), NearDuplicateRemoval(), WhitespaceNormalization()]
        let text = String(repeating: "The  river   flows past the old mill and the quiet village green.\n\n", count: 6)
            + "A completely different closing sentence about the mountains and their snow."
        let result = try compressor.compress(text: text, options: .init(target: .tokens(40)))
        #expect(Array(result.passes.map(\.pass).prefix(2)) == ["dedup", "normalize"])
        #expect(result.passes.map(\.pass).firstIndex(of: "stopwords") ?? 0 < result.passes.map(\.pass).firstIndex(of: "near-dedup") ?? .max)
        compressor.passes = [WhitespaceNormalization(), ExactDeduplication()]
        let other = try compressor.compress(text: text, options: .init(target: .tokens(40)))
        #expect(Array(other.passes.map(\.pass).prefix(2)) == ["normalize", "dedup"])
    }

    @Test("a bridge document named in the best document is kept with it")
    func bridge() throws {
        let passages = [
            "Harbor Days: Harbor Days is a 1931 novel by Elsa Marrow about a fishing town.",
            "Elsa Marrow: Elsa Marrow was a Welsh writer who later served as mayor of Tenby.",
            "Tidal Works: Tidal Works is a 1931 novel about a fishing town and its harbor.",
            "Fishing Town: Fishing Town is a 1931 film about a harbor novel.",
            "Cardiff: Cardiff is the capital of Wales and its largest city.",
            "Tenby: Tenby is a walled seaside town in Pembrokeshire.",
        ]
        let document = try PromptDocument(passages: passages, tokenizer: Self.tokenizer)
        let result = try Compressor(tokenizer: Self.tokenizer).compress(
            document, options: .init(target: .tokens(document.documents[0].tokens + document.documents[1].tokens + 4), query: "Which town did the author of the 1931 novel Harbor Days serve as mayor?"))
        #expect(result.text.contains(passages[0]) && result.text.contains(passages[1]))
    }
}
