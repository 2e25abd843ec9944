/// What to compress to, and for which question.
public struct CompressionOptions: Sendable {
    /// The size to reach: a token budget, or a compression ratio (4 means a
    /// quarter of the input's tokens).
    public enum Target: Sendable, Equatable {
        case tokens(Int)
        case ratio(Double)
    }

    public var target: Target
    /// The question the prompt must still answer; nil for query-free compression.
    public var query: String?
    /// Ranking parameters.
    public var bm25: BM25
    /// When the protected content alone exceeds the budget, return it (with
    /// `overBudget` set) instead of throwing.
    public var bestEffort: Bool
    /// "Lost in the middle": put the most relevant kept documents at the
    /// start and the end of the output, the least relevant in the middle.
    /// The output is then no longer in input order (each document's bytes
    /// still are). Applies when retrieval trimming ran; never raises the
    /// output above the budget (see `Compressor._reorderedIfAsked`).
    public var reorder: Bool
    /// How much the passages' own scores (`PromptDocument(passages:scores:tokenizer:)`,
    /// from a retriever or a reranker) count against Tersify's ranking: 0
    /// ignores them, 1 ranks passages by them alone (the ranking's order
    /// breaks ties). Each side is scaled to 0...1 first; a passage's score
    /// blends with its own BM25 score and with each pair it is in
    /// (`DocumentPairRanking`), and its sentences get it too. Without
    /// scores this does nothing.
    ///
    /// The default, 0.7, trusts a reranker over word matching: on 200
    /// HotpotQA questions at 4x, with scores that rank the two supporting
    /// paragraphs above the eight others (noisy, overlapping in range),
    /// both were kept in 90.0 % at 0.5, 91.5 % at 0.7 and 92.5 % at 1,
    /// against 81.5 % without scores.
    public var retrieverWeight: Double

    public init(target: Target, query: String? = nil, bm25: BM25 = BM25(), bestEffort: Bool = false, reorder: Bool = false,
                retrieverWeight: Double = 0.7) {
        self.target = target
        self.query = query
        self.bm25 = bm25
        self.bestEffort = bestEffort
        self.reorder = reorder
        self.retrieverWeight = retrieverWeight
    }
}
