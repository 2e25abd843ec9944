import CICU
import PromptTokenizer

/// Compresses a prompt to a token budget, keeping what the question needs.
///
/// First the lossless passes (`passes`: white space, exact repeats), each
/// measured exactly; then, if still over the budget, retrieval-based
/// trimming, coarse to fine: with a question, BM25 ranks the
/// documents (and the best pair of them for multi-hop questions, see
/// `SentenceRanking`), whole documents are kept best first while they fit, and the
/// rest of the budget goes to the best sentences of the remaining documents
/// (their own BM25 score, then their document's); kept text stays in its
/// original order. Without a question, sentences are ranked by information:
/// the IDF of their distinct words over the square root of their length,
/// with their figures and names added and the text's first sentence
/// weighted up (`Salience`).
/// The output is counted exactly with the tokenizer and is never above the
/// budget: if it is, the lowest-ranked kept sentences go until it fits.
///
/// A large input (over twice the candidate volume, `coarseCandidateFactor`
/// times the budget and at least `coarseMinimumTokens`) first goes through a
/// coarse stage over bytes and word hashes: its documents, long ones cut
/// into blocks of about 2 KiB, are ranked by BM25 with a second hop (or by
/// information without a question), exact repeats are left out, and the
/// best blocks up to the volume, with every block holding protected text,
/// go on to the stage above; the others are dropped with pass "coarse".
/// Smaller inputs go to that stage directly.
public struct Compressor: Sendable {
    public let tokenizer: Tokenizer
    public let segmenter: Segmenter

    /// Passes run before retrieval trimming: the lossless ones first, then
    /// the lossy ones (such as `StopwordPass`) while the text is over budget.
    public var passes: [any CompressionPass] = [WhitespaceNormalization(), ExactDeduplication(), NearDuplicateRemoval()]

    /// Weight of the link between two documents (one's title in the other's
    /// text: the bridge of a multi-hop question) when the best pair of
    /// documents for a question is chosen.
    public var secondHopWeight = 0.5

    /// Inputs above twice the candidate volume go through the coarse stage
    /// first (`CoarseSelection`): the best documents up to
    /// `coarseCandidateFactor` times the budget (at least
    /// `coarseMinimumTokens`) go on to the fine stage; smaller inputs go
    /// straight to the fine stage.
    public var coarseCandidateFactor = 3
    /// The least candidate volume of the coarse stage, in tokens.
    public var coarseMinimumTokens = 8192

    /// Whether ranking with a question matches words by their stems
    /// (`Stemmer`, in the language of the question and the text: "Treffern"
    /// matches "Treffer"). Ranking only: the output is never stemmed.
    public var stemming = true

    /// The language to stem the ranking's words in when already chosen
    /// (by the coarse stage, for the candidates: `.unknown` for none); nil
    /// to choose it from the question and the text (`Stemmer.forRanking`).
    var _stemmingLanguage: Language? = nil

    /// Where to record the time of each stage (benchmarks only).
    package var stageTimes: StageTimes? = nil

    /// Whether retrieval trimming runs after `passes`. Without it, a text
    /// still over the budget throws `CompressionError.budgetUnreachable`
    /// (or, with `bestEffort`, is returned with `overBudget` set).
    public var retrieval = true

    public init(tokenizer: Tokenizer, segmenter: Segmenter = Segmenter()) {
        self.tokenizer = tokenizer
        self.segmenter = segmenter
    }

    /// Compresses a document built by `PromptDocument`.
    ///
    /// - Throws: `CompressionError.budgetBelowProtected` when the protected
    ///   text alone needs more tokens than the budget (unless `bestEffort`),
    ///   `.invalidTarget` for a budget below 0 or a ratio below 1.
    public func compress(_ document: PromptDocument, options: CompressionOptions) throws(CompressionError) -> CompressionResult {
        let budget: Int
        switch options.target {
        case let .tokens(count):
            guard count >= 0 else { throw .invalidTarget("a token budget of \(count)") }
            budget = count
        case let .ratio(ratio):
            guard ratio >= 1, ratio.isFinite else { throw .invalidTarget("a compression ratio of \(ratio)") }
            budget = Int((Double(document.tokens) / ratio).rounded(.down))
        }
        // With a token budget, neither question needs the input's whole
        // count, which may still be under way (`InputTokenCount`): the
        // coarse stage starts beside it.
        if !document._inputCount.exceeds(budget) {
            let output = document.render()
            return CompressionResult(bytes: output, tokensBefore: document.tokens,
                                     tokensAfter: document.drops.isEmpty && document.markers.isEmpty ? document.tokens : tokenizer.count(bytes: output),
                                     budget: budget, drops: document.drops, overBudget: false, passes: [])
        }
        let volume = max(coarseCandidateFactor * budget, coarseMinimumTokens)
        if retrieval {
            // Far above the volume in bytes (8 bytes a token is twice
            // English prose's), the coarse stage scores the blocks first and
            // asks for the count after, by which time the background thread
            // has usually counted past it; otherwise the count decides first.
            // The decision is the same exact one either way.
            let likely = document.bytes.count / 16 > volume
            if likely || document._inputCount.exceeds(2 * volume),
                let result = try _compressInTwoStages(
                    document, budget: budget, volume: volume, options: options,
                    proceed: { likely ? document._inputCount.exceeds(2 * volume) : true }) {
                return result
            }
        }
        return try _compressFine(document, budget: budget, options: options)
    }

    /// Compresses plain text.
    public func compress(text: String, options: CompressionOptions) throws(CompressionError) -> CompressionResult {
        try compress(PromptDocument(text: Array(text.utf8), tokenizer: tokenizer, segmenter: segmenter), options: options)
    }
}

extension Compressor {
    /// Documents up to this many bytes have the count after a lossless pass
    /// offered to the work share, from a rendered copy; larger ones are
    /// counted here through a buffer (`_countRendered`), not copied whole.
    static let sharedCountLimit = 4 << 20
}
