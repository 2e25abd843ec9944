import PromptTokenizer

extension Compressor {
    /// Compresses a whole prompt as `tersify compress` does: the trailing
    /// question and the instructions are found and protected, then
    /// `detector`'s spans, then the passes and retrieval trimming run.
    ///
    ///     let tokenizer = try Tokenizer.named("cl100k_base")
    ///     let compressor = Compressor(tokenizer: tokenizer)
    ///     let out = try compressor.compress(prompt: Array(prompt.utf8), options: .init(target: .tokens(800)))
    ///     print(out.result.text, out.result.tokensAfter)
    ///
    /// This is the entry point for serving code; `compress(_:options:)`
    /// takes a document built by hand, with only what it protects.
    ///
    /// - Throws: `CompressionError` (see `compress(_:options:)`).
    public func compress(prompt: [UInt8], options: PromptOptions) throws(CompressionError) -> CompressedPrompt {
        var clock = StageClock(stageTimes)
        // One count of the whole prompt, for the layout and the document: a
        // small prompt's token ends, from which its sentences are counted
        // too; else the layout's count, if it takes one.
        let tokenEnds = InputTokenCount.isTakenWhole(prompt, inBackground: nil, share: nil)
            ? TokenEnds(prompt, tokenizer: tokenizer) : nil
        var inputTokens: Int? = tokenEnds?.total
        var layout = options.detectQuestion
            ? PromptLayout(prompt, tokenizer: tokenizer, maximumInstructionShare: 0.25, inputTokens: &inputTokens) : PromptLayout()
        if !options.keepInstructions { layout.instructions = nil }
        let query = options.query ?? layout.question?.query
        var question = layout.question?.range
        if question == nil, let asked = options.query, !asked.isEmpty {
            question = lastOccurrence(of: Array(asked.utf8), in: prompt)
        }
        clock.lap("prompt: question and instructions")
        let document = try PromptDocument(
            text: prompt, tokenizer: tokenizer, segmenter: segmenter, detector: options.detector,
            question: question, alsoProtected: layout.instructions.map { [$0] } ?? [], keepCode: options.keepCode,
            inputTokens: inputTokens, tokenEnds: tokenEnds, clock: &clock)
        let result: CompressionResult
        if let target = options.target {
            result = try compress(document, options: CompressionOptions(
                target: target, query: query, bestEffort: options.bestEffort, reorder: options.reorder))
        } else {
            result = try compressLosslessly(document)
        }
        return CompressedPrompt(result: result, document: document, question: question, query: query,
                                instructions: layout.instructions)
    }

    /// `compress(prompt:options:)` of text.
    public func compress(prompt: String, options: PromptOptions) throws(CompressionError) -> CompressedPrompt {
        try compress(prompt: Array(prompt.utf8), options: options)
    }
}

/// The last place `needle` occurs in `haystack`.
///
/// - Complexity: O(n m) at worst, O(n) on text.
func lastOccurrence(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
    guard !needle.isEmpty, needle.count <= haystack.count else { return nil }
    var start = haystack.count - needle.count
    while start >= 0 {
        if haystack[start] == needle[0] && haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start..<(start + needle.count)
        }
        start -= 1
    }
    return nil
}
