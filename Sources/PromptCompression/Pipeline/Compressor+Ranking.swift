extension Compressor {
    /// The ranking of the fine stage, with this compressor's settings and
    /// those of `options`.
    func _ranking(_ options: CompressionOptions? = nil) -> SentenceRanking {
        SentenceRanking(segmenter: segmenter, stemming: stemming, stemmingLanguage: _stemmingLanguage,
                        secondHopWeight: secondHopWeight, bm25: options?.bm25 ?? BM25(),
                        retrieverWeight: options?.retrieverWeight ?? 0)
    }

    /// Sentence indices, most useful first (`SentenceRanking.rank`).
    ///
    /// - Parameter budget: The token budget the order is for; nil to compute
    ///   it from `options` and `document.tokens`, as `compress` does.
    func rank(_ document: PromptDocument, options: CompressionOptions, budget: Int? = nil) throws(CompressionError) -> [Int] {
        try _ranking(options).rank(document, query: options.query, budget: budget ?? _defaultBudget(document, options: options))
    }

    /// The token budget of `options` for `document`, as `compress` computes it.
    func _defaultBudget(_ document: PromptDocument, options: CompressionOptions) -> Int {
        switch options.target {
        case let .tokens(count): return max(0, count)
        case let .ratio(ratio): return ratio >= 1 && ratio.isFinite ? Int((Double(document.tokens) / ratio).rounded(.down)) : document.tokens
        }
    }
}
