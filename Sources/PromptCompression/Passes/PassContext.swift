import PromptTokenizer

/// What a pass may need besides the document.
public struct PassContext: Sendable {
    public var tokenizer: Tokenizer
    public var segmenter: Segmenter
    public var query: String?
    /// The budget of the whole compression, in tokens.
    public var budget: Int
    /// The work share of the compression, which passes may hand work to
    /// (`WorkShare.runShared`); nil when it shares none.
    var _workShare: WorkShare? = nil

    public init(tokenizer: Tokenizer, segmenter: Segmenter = Segmenter(), query: String? = nil, budget: Int) {
        self.tokenizer = tokenizer
        self.segmenter = segmenter
        self.query = query
        self.budget = budget
    }
}
