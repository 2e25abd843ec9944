import PromptTokenizer

/// One step of compression: it reads the document and marks byte ranges to drop.
///
/// Passes never change bytes; `PromptDocument.drop(_:reason:)` refuses drops
/// that touch protected text or cut into atomic spans, so a pass cannot
/// break those rules.
public protocol CompressionPass: Sendable {
    /// The name in reports and drop reasons: "normalize", "dedup", …
    var name: String { get }
    /// Whether the pass keeps all the information (runs before lossy passes).
    var isLossless: Bool { get }
    /// Marks what the pass drops.
    func apply(to document: inout PromptDocument, context: PassContext) throws(CompressionError)
}

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

/// Tokens a pass saved, measured exactly on the rendered text before and after it.
public struct PassReport: Sendable, Hashable {
    public var pass: String
    public var tokensSaved: Int
    public var drops: Int
}
