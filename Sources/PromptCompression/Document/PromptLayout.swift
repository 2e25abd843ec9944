import PromptTokenizer

/// The parts of a question-answering prompt that must survive compression:
/// the instructions at its start and the question at its end.
///
///     You are a careful assistant. Answer using only the documents below.   ← instructions
///
///     Document [1] …                                                         ← context
///     Document [2] …
///
///     Question: How deep is the north basin?                                 ← question
///
/// The question is a `TrailingQuestion`. When there is one, the first
/// paragraph (up to the first blank line) is taken as the instructions if
/// it reads as instructions (`InstructionEvidence`: a role statement, an
/// imperative, a marker such as `Instructions:`), another paragraph
/// separates it from the question, and it holds at most
/// `maximumInstructionShare` of the prompt's tokens (a long first paragraph
/// is context, not instructions).
public struct PromptLayout: Sendable, Hashable {
    /// The question at the end, if any.
    public var question: TrailingQuestion?
    /// The first paragraph, trailing white space left out, when it is the
    /// prompt's instructions.
    public var instructions: Range<Int>?

    /// A layout with the given parts.
    public init(question: TrailingQuestion? = nil, instructions: Range<Int>? = nil) {
        self.question = question
        self.instructions = instructions
    }

    /// Finds the instructions and the question of a prompt.
    ///
    /// - Parameters:
    ///   - bytes: The prompt's UTF-8 bytes.
    ///   - tokenizer: Measures the first paragraph against the whole prompt.
    ///   - maximumInstructionShare: The largest share of the prompt's tokens
    ///     the instructions may have.
    public init(_ bytes: [UInt8], tokenizer: Tokenizer, maximumInstructionShare: Double = 0.25) {
        var inputTokens: Int? = nil
        self.init(bytes, tokenizer: tokenizer, maximumInstructionShare: maximumInstructionShare, inputTokens: &inputTokens)
    }

    /// `init(_:tokenizer:maximumInstructionShare:)`, leaving the prompt's
    /// token count in `inputTokens` when it took it (the document reuses it).
    init(_ bytes: [UInt8], tokenizer: Tokenizer, maximumInstructionShare: Double, inputTokens: inout Int?) {
        question = TrailingQuestion(in: bytes)
        instructions = nil
        guard let question else { return }
        let ends = paragraphEndOffsets(bytes)
        guard ends.count >= 3, let first = ends.first else { return }
        var end = first
        while end > 0 && isASCIISpace(bytes[end - 1]) { end -= 1 }
        // A paragraph must lie between the instructions and the question.
        guard end > 0, ends[1] <= question.range.lowerBound else { return }
        // Only a paragraph that reads as instructions: the first paragraph
        // of a plain document is context, and protecting it whole cost
        // answers (`InstructionEvidence`).
        guard InstructionEvidence.holds(in: bytes[0..<end]) else { return }
        let total = inputTokens ?? tokenizer.count(bytes: bytes)
        inputTokens = total
        let share = Double(tokenizer.count(bytes: bytes[0..<end])) / Double(max(1, total))
        guard share <= maximumInstructionShare else { return }
        instructions = 0..<end
    }

    /// The document of `text` with the instructions and the question
    /// protected, besides what `detector` finds.
    ///
    /// - Throws: `CompressionError` when ICU cannot segment the text.
    public func document(
        _ text: [UInt8], tokenizer: Tokenizer, segmenter: Segmenter = Segmenter(), detector: ProtectedSpanDetector
    ) throws(CompressionError) -> PromptDocument {
        try PromptDocument(text: text, tokenizer: tokenizer, segmenter: segmenter, detector: detector,
                           question: question?.range, alsoProtected: instructions.map { [$0] } ?? [])
    }
}
