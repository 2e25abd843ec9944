import Foundation
@testable import PromptCompression
import PromptTokenizer
import TersifyTestSupport
import Testing

/// Scores from serving code's retriever, blended with the ranking
/// (`PromptDocument(passages:scores:tokenizer:)`, `CompressionOptions.retrieverWeight`).
@Suite("Passage scores from a retriever")
struct PassageScoresTests {
    static let tokenizer = TestTokenizers.cl100k
    static let compressor = Compressor(tokenizer: tokenizer)

    /// A decoy that repeats the question's words and the passage that
    /// answers it in other words, among filler passages.
    static let passages: [String] = {
        var passages = (0..<8).map { index in
            "Filler passage \(index) talks about harbours, ferries and the weather on the northern coast in spring."
        }
        passages[2] = "The museum opening hours are a common question: visitors ask when the museum opens every day."
        passages[6] = "Doors of the gallery on the quay are unlocked for the public at ten in the morning, Tuesday to Sunday."
        return passages
    }()
    static let question = "When does the museum open?"

    func compress(_ document: PromptDocument, weight: Double = 0.7, budget: Int = 40, query: String? = Self.question) throws -> String {
        let options = CompressionOptions(target: .tokens(budget), query: query, retrieverWeight: weight)
        return try Self.compressor.compress(document, options: options).text
    }

    @Test("scores that favour the answering passage bring it in; weight 0 ignores them")
    func scoresChangeTheChoice() throws {
        let plain = try compress(PromptDocument(passages: Self.passages, tokenizer: Self.tokenizer))
        #expect(plain.contains("visitors ask when the museum opens"))
        #expect(!plain.contains("unlocked for the public at ten"))
        var scores = [Double](repeating: 0.1, count: Self.passages.count)
        scores[6] = 0.9
        let scored = try PromptDocument(passages: Self.passages, scores: scores, tokenizer: Self.tokenizer)
        let withScores = try compress(scored)
        #expect(withScores.contains("unlocked for the public at ten"), "\(withScores)\n---\n\(plain)")
        #expect(try compress(scored, weight: 0) == plain)
        // Scores on another scale (a cross-encoder's logits) rank the same.
        let logits = scores.map { 40 * $0 - 25 }
        let scaled = try PromptDocument(passages: Self.passages, scores: logits, tokenizer: Self.tokenizer)
        #expect(try compress(scaled) == compress(scored))
    }

    @Test("without a question, the scores still rank the passages")
    func queryFree() throws {
        var scores = [Double](repeating: 0, count: Self.passages.count)
        scores[6] = 1
        let document = try PromptDocument(passages: Self.passages, scores: scores, tokenizer: Self.tokenizer)
        #expect(try compress(document, weight: 1, budget: 30, query: nil).contains("unlocked for the public at ten"))
    }

    @Test("through the coarse stage of a large input")
    func twoStages() throws {
        // About 60,000 tokens of filler: far above the coarse stage's
        // threshold for a budget of 200.
        var passages = (0..<3000).map { index in
            "Record \(index): the museum shop sells maps and postcards; the museum cafe serves soup at noon."
        }
        passages[2345] = "Doors of the gallery on the quay are unlocked for the public at ten in the morning, Tuesday to Sunday."
        var scores = [Double](repeating: 0.2, count: passages.count)
        scores[2345] = 0.95
        let plain = try compress(PromptDocument(passages: passages, tokenizer: Self.tokenizer), budget: 200)
        #expect(!plain.contains("unlocked for the public"))
        let scored = try compress(PromptDocument(passages: passages, scores: scores, tokenizer: Self.tokenizer), budget: 200)
        #expect(scored.contains("unlocked for the public at ten"))
    }

    @Test("scores that do not match the passages are refused with the reason")
    func invalid() {
        #expect(throws: CompressionError.invalidScores("2 scores for 3 passages: give one score a passage")) {
            try PromptDocument(passages: ["a", "b", "c"], scores: [1, 2], tokenizer: Self.tokenizer)
        }
        #expect(throws: CompressionError.invalidScores("the score of passage 2 is nan: scores must be finite numbers")) {
            try PromptDocument(passages: ["a", "b", "c"], scores: [1, .nan, 0], tokenizer: Self.tokenizer)
        }
        // Empty passages keep their place in the count.
        #expect(throws: Never.self) { try PromptDocument(passages: ["a", "", "c"], scores: [1, 2, 3], tokenizer: Self.tokenizer) }
    }

    @Test("a score is found by byte offset, and carried into a subset's offsets")
    func lookup() throws {
        let scores = try PassageScores(ranges: [0..<10, 10..<10, 10..<30, 30..<35], scores: [2, 7, 4, 6])
        #expect(scores.score(at: 0) == 0)
        #expect(scores.score(at: 9) == 0)
        #expect(scores.score(at: 10) == 0.4)
        #expect(scores.score(at: 34) == 0.8)
        #expect(scores.score(at: 35) == 0)
        let map = OffsetMap(pieces: [SubsetPiece(subset: 0, original: 20, count: 15)])
        let subset = scores.toSubset(map)
        #expect(subset.score(at: 0) == 0.4 && subset.score(at: 9) == 0.4 && subset.score(at: 10) == 0.8)
    }
}
