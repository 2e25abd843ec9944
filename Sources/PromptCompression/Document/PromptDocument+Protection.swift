import PromptTokenizer

extension PromptDocument {
    /// Builds the structure of plain text and protects what `detector` finds.
    ///
    /// `<keep>` regions (their tags are removed from the output), the
    /// question, fenced code, JSON and markup blocks and user patterns are
    /// kept whatever the budget; numbers, dates, URLs, e-mail addresses,
    /// identifiers and inline code are atomic: never cut into, but dropped
    /// with their sentence when the sentence goes.
    ///
    /// - Parameters:
    ///   - question: Where the question is in `text`, if it is there.
    public init(
        text: [UInt8], tokenizer: Tokenizer, segmenter: Segmenter = Segmenter(),
        detector: ProtectedSpanDetector, question: Range<Int>? = nil
    ) throws(CompressionError) {
        try self.init(text: text, tokenizer: tokenizer, segmenter: segmenter, detector: detector,
                      question: question, alsoProtected: [])
    }
}
