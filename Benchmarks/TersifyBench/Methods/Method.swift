import PromptCompression

/// A way to cut a prompt to a budget: Tersify, a baseline, or one of
/// Tersify's passes alone.
public enum Method: String, Sendable, Hashable, CaseIterable, Codable {
    /// The engine as users get it: `Compressor(tokenizer:)` with its default
    /// passes and retrieval trimming.
    case tersify = "tersify"
    /// The first tokens that fit.
    case head = "head"
    /// The last tokens that fit.
    case tail = "tail"
    /// Half the budget from the start, the rest from the end.
    case headAndTail = "head+tail"
    /// Sentences drawn at random (seeded) while they fit, kept in order.
    case randomSentences = "random sentences"
    /// Only `WhitespaceNormalization`, no retrieval.
    case normalizeOnly = "pass: normalize"
    /// Only `ExactDeduplication`, no retrieval.
    case dedupOnly = "pass: dedup"
    /// Only `NearDuplicateRemoval`, no retrieval.
    case nearDedupOnly = "pass: near-dedup"
    /// Only `StopwordPass` (light), no retrieval.
    case stopwordsOnly = "pass: stopwords"
    /// Retrieval trimming alone, no passes before it.
    case retrievalOnly = "pass: retrieve"

    /// The name in reports.
    public var name: String { rawValue }

    /// The baselines Tersify must beat at the same budget.
    public var isBaseline: Bool { [.head, .tail, .headAndTail, .randomSentences].contains(self) }

    /// The compressor of Tersify or of a single-pass ablation; nil for a baseline.
    func compressor(_ base: Compressor) -> Compressor? {
        var compressor = base
        switch self {
        case .tersify: return base
        case .head, .tail, .headAndTail, .randomSentences: return nil
        case .normalizeOnly: compressor.use([.normalize])
        case .dedupOnly: compressor.use([.dedup])
        case .nearDedupOnly: compressor.use([.nearDedup])
        case .stopwordsOnly: compressor.use([.stopwords])
        case .retrievalOnly: compressor.use([.retrieve])
        }
        return compressor
    }
}

/// What one method made of one prompt.
struct Outcome: Sendable {
    /// The output bytes.
    var bytes: [UInt8]
    /// The input byte ranges the output is made of, in order; nil when the
    /// output is not an in-order subsequence of the input.
    var kept: [Range<Int>]?
    /// Exact token count of `bytes`.
    var tokens: Int
    /// Whether `tokens` exceeds the budget (a pass alone cannot always reach it).
    var overBudget: Bool
    /// With retrieval on, the engine reported that the text it protects is
    /// over the budget alone (`CompressionResult.overBudget`).
    var protectedOverBudget = false
    /// The engine threw; the output is empty.
    var failed: Bool
    /// Wall time of the method, in nanoseconds.
    var nanoseconds: UInt64
}
