extension Compressor {
    /// Compresses a large input in two stages: the coarse selection of
    /// candidate documents over the whole input (`_CoarseSelection`, bytes
    /// and hashes only), then the fine stage (`_compressFine`: sentences,
    /// passes, ranking, exact budget) over a document of the candidates.
    ///
    /// The output is the fine stage's, a subsequence of the candidates and
    /// so of the input, counted exactly. Drops are in the input's offsets:
    /// the document's own, then one per document left out by the coarse
    /// stage (pass "coarse"), then the fine stage's.
    func _compressInTwoStages(
        _ document: PromptDocument, budget: Int, volume: Int, options: CompressionOptions
    ) throws(CompressionError) -> CompressionResult {
        var clock = ContinuousClock.now
        let selection = _CoarseSelection.select(
            document, query: options.query, volume: volume, bm25: options.bm25,
            secondHopWeight: secondHopWeight, segmenter: segmenter, times: stageTimes)
        stageTimes?.add("coarse: select", since: clock)
        clock = .now
        let subset = try PromptDocument(
            subsetOf: document, ranges: selection.candidates.map { selection.units[$0] },
            endsDocument: selection.candidates.map { selection.endsDocument[$0] }, tokenizer: tokenizer)
        stageTimes?.add("fine: candidate document", since: clock)
        let carried = subset.drops.count
        let fine = try _compressFine(subset, budget: budget, options: options)

        clock = .now
        var result = document
        let count = selection.units.count
        var isCandidate = [Bool](repeating: false, count: count)
        for index in selection.candidates { isCandidate[index] = true }
        var firstOf: [Int: Int] = [:]
        for (repeated, first) in selection.repeats { firstOf[repeated] = first }
        var coarseDrops = 0
        for index in 0..<count where !isCandidate[index] {
            let detail: String
            if let first = firstOf[index] {
                let range = selection.units[first]
                detail = "repeats the block at bytes \(range.lowerBound)..<\(range.upperBound)"
            } else {
                detail = (selection.byQuestion ? "BM25 rank " : "information rank ") + "\(selection.rank[index] + 1) of \(count) blocks"
            }
            if result.drop(selection.units[index], reason: .init(pass: "coarse", detail: detail)) { coarseDrops += 1 }
        }
        if let map = subset._subsetMap {
            for drop in fine.drops[carried...] {
                for range in map.toOriginal(drop.range) { result.drops.append(.init(range: range, reason: drop.reason)) }
            }
        }
        stageTimes?.add("result: drops", since: clock)
        let coarse = PassReport(pass: "coarse", tokensSaved: document.tokens - subset.tokens, drops: coarseDrops)
        return CompressionResult(
            bytes: fine.bytes, tokensBefore: document.tokens, tokensAfter: fine.tokensAfter, budget: budget,
            drops: result.drops, overBudget: fine.overBudget, passes: [coarse] + fine.passes)
    }
}
