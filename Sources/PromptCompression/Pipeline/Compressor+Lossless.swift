extension Compressor {
    /// Runs only the lossless passes of `passes` (white space, exact
    /// repeats): what to do when there is no budget or ratio to reach.
    ///
    /// The result's `budget` is the input's token count and `overBudget` is
    /// false; nothing protected or meaningful is removed.
    ///
    /// - Throws: `CompressionError` from a pass.
    public func compressLosslessly(_ document: PromptDocument) throws(CompressionError) -> CompressionResult {
        var copy = self
        copy.passes = passes.filter(\.isLossless)
        copy.retrieval = false
        // A budget of 0 makes every lossless pass run; best effort returns
        // the result of the passes instead of throwing.
        var result = try copy.compress(document, options: CompressionOptions(target: .tokens(0), bestEffort: true))
        result.budget = result.tokensBefore
        result.overBudget = false
        return result
    }
}
