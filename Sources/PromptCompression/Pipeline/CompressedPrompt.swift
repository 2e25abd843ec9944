import PromptTokenizer

/// A compressed prompt, with the document it was read as.
public struct CompressedPrompt: Sendable {
    /// The output and what was done.
    public var result: CompressionResult
    /// The prompt's document: its bytes, units, protected spans and drops.
    public var document: PromptDocument
    /// The question's bytes in the prompt, when one was found or given.
    public var question: Range<Int>?
    /// The query the ranking used.
    public var query: String?
    /// The instructions' bytes, when the first paragraph read as such.
    public var instructions: Range<Int>?
}
