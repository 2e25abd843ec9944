import PromptTokenizer

/// What a pass may need besides the document.
public struct PassContext: Sendable {
    public var tokenizer: Tokenizer
    public var segmenter: Segmenter
    public var query: String?
    /// The budget of the whole compression, in tokens.
    public var budget: Int
    /// The thread counting the input of a two-stage compression, which
    /// passes may hand work to (`InputTokenCount.offer`); nil otherwise.
    var _helper: InputTokenCount? = nil

    public init(tokenizer: Tokenizer, segmenter: Segmenter = Segmenter(), query: String? = nil, budget: Int) {
        self.tokenizer = tokenizer
        self.segmenter = segmenter
        self.query = query
        self.budget = budget
    }
}
