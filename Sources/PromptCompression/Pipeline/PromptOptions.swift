import PromptTokenizer

/// How `Compressor.compress(prompt:options:)` reads and compresses a prompt.
public struct PromptOptions: Sendable {
    /// The size to reach; nil runs only the lossless passes.
    public var target: CompressionOptions.Target?
    /// The question the output must answer; nil for the prompt's trailing
    /// question (`TrailingQuestion`) when `detectQuestion` is set. A query
    /// found verbatim in the prompt is protected where it occurs.
    public var query: String?
    /// Find a trailing question line, protect it and rank by it.
    public var detectQuestion: Bool
    /// Protect the first paragraph when it reads as instructions
    /// (`PromptLayout`, `InstructionEvidence`).
    public var keepInstructions: Bool
    /// What else is protected: `<keep>` regions, code, JSON, markup, custom
    /// patterns; numbers, dates, links and identifiers are never cut into.
    public var detector: ProtectedSpanDetector
    /// See `CompressionOptions.bestEffort`.
    public var bestEffort: Bool
    /// See `CompressionOptions.reorder`.
    public var reorder: Bool
    /// Protect code blocks whole, as `<keep>` regions are, instead of
    /// letting the budget drop whole declarations (`CodeLayout`).
    public var keepCode: Bool

    public init(
        target: CompressionOptions.Target?, query: String? = nil, detectQuestion: Bool = true, keepInstructions: Bool = true,
        detector: ProtectedSpanDetector = ProtectedSpanDetector(), bestEffort: Bool = false, reorder: Bool = false,
        keepCode: Bool = false
    ) {
        self.target = target
        self.query = query
        self.detectQuestion = detectQuestion
        self.keepInstructions = keepInstructions
        self.detector = detector
        self.bestEffort = bestEffort
        self.reorder = reorder
        self.keepCode = keepCode
    }
}
