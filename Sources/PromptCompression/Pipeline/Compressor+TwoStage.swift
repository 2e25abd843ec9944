// Performance notes (`tersify-benchmarks compression`: the 49 essays,
// 148,778 tokens, to 4,000 with a question; times as ratios to tokenizing
// the same bytes in the same run, the figure that survives the shared
// machine's drift; instructions from callgrind on a stripped release build.
// Current figures and the full list: docs/performance.md.)
//
// Stages
// - A coarse stage over bytes and word hashes before the fine stage,
//   because the fine stage alone over the whole input (ICU sentences and
//   words, a count of every sentence) took 15-17x tokenizing; the fine
//   stage sees candidates of 3x the budget.
// - Blocks of about 2 KiB, not whole documents, because whole essays made
//   the second hop query thousands of terms and the candidates a few essays.
// - ASCII words read and hashed eight bytes at a time (`asciiWord`, SWAR
//   masks), the scalar classification out of line, because a multiply a
//   byte and inlined Unicode set-up dominated the scans: `WordCursor.next`
//   about 160 to 80 instructions a word.
// - Scan 1 keeps 32-bit word hashes (inputs up to 4 MiB) for the second
//   hop, because reading the text again cost more (scan 2 takes 5.4 M
//   instructions); common terms of the hop are found but not counted,
//   because counting them doubled scan 2.
// - No cache of piece counts for the input's count, because the split, not
//   the lookup, dominates (31 M of 33.7 M), and a faster split speeds up
//   the tokenizing the goal is a ratio to just as much.
//
// Two threads
// - The input's exact count (about 0.9x) runs on a background thread
//   (`InputTokenCount`), because `compress` needs only `exceeds(budget)`
//   and `exceeds(2 * volume)` early; only `tokensBefore` waits for it.
// - The scans, the candidates' sentences and near-dedup's signing are cut
//   into parts the two threads take in turn (`WorkShare.runShared`, the
//   count's thread lent to the call), because with fixed halves this thread
//   waited 0.2-0.6 ms at each split (in turn: 0-0.3 ms); a third thread
//   from the global queue made scan 1 slower (4.6 against 3.7 ms: three
//   threads on two cores).
// - Counts of the candidates and after each lossless pass go to that thread
//   too; once the input's count is done, offered work goes to the global
//   queue (two threads busy, not three). Each split has a test that it
//   gives the one-thread figures.
//
// Memory (peak RSS above the warm baseline, 4x ratio)
// - Freed heap pages go back to the system after each fine-stage step on
//   inputs of 4 MiB or more (`releaseFreedMemory`), because glibc kept
//   about 1.3x the input resident that the live heap no longer used.
// - One drop a run of neighbouring blocks left out for the same reason
//   (see below); above 4 MiB nothing is kept per word of the whole input.

extension Compressor {
    /// Compresses a large input in two stages: the coarse selection of
    /// candidate documents over the whole input (`CoarseSelection`, bytes
    /// and hashes only), then the fine stage (`_compressFine`: sentences,
    /// passes, ranking, exact budget) over a document of the candidates.
    ///
    /// The output is the fine stage's, a subsequence of the candidates and
    /// so of the input, counted exactly. Drops are in the input's offsets:
    /// the document's own, then one per document left out by the coarse
    /// stage (pass "coarse"), then the fine stage's.
    ///
    /// - Parameter proceed: Asked once the blocks are scored: whether the
    ///   input is large enough for two stages after all; nil is returned
    ///   when it is not.
    func _compressInTwoStages(
        _ document: PromptDocument, budget: Int, volume: Int, options: CompressionOptions, proceed: () -> Bool = { true }
    ) throws(CompressionError) -> CompressionResult? {
        var clock = ContinuousClock.now
        // The work this call shares with the thread counting the input, when
        // there is one: the scans, the candidates' count and sentences, the passes.
        let share = WorkShare(beside: document._inputCount)
        guard let selection = CoarseSelection.select(
            document, query: options.query, volume: volume, bm25: options.bm25,
            secondHopWeight: secondHopWeight, stemming: stemming, retrieverWeight: options.retrieverWeight,
            segmenter: segmenter, tokenizer: tokenizer, share: share, times: stageTimes,
            proceed: proceed) else { return nil }
        stageTimes?.add("coarse: select", since: clock)
        clock = .now
        // The candidates' own count goes to the work share first (needed
        // once their sentences are found).
        let subset = try PromptDocument(
            subsetOf: document, ranges: selection.candidates.map { selection.units[$0] },
            endsDocument: selection.candidates.map { selection.endsDocument[$0] }, tokenizer: tokenizer, countShare: share)
        stageTimes?.add("fine: candidate document", since: clock)
        let carried = subset.drops.count
        // The fine stage stems in the language the coarse stage chose.
        var fineStage = self
        fineStage._stemmingLanguage = selection.stemmingLanguage
        let fine = try fineStage._compressFine(subset, budget: budget, options: options, share: share)

        clock = .now
        var result = document
        let count = selection.units.count
        var isCandidate = [Bool](repeating: false, count: count)
        for index in selection.candidates { isCandidate[index] = true }
        var firstOf: [Int: Int] = [:]
        for (repeated, first) in selection.repeats { firstOf[repeated] = first }
        // One drop a run of neighbouring blocks left out for the same
        // reason: a drop a block cost 100 bytes a block (the reason's
        // strings), 1.5 times the input on 67-byte paragraphs.
        var coarseDrops = 0
        var index = 0
        while index < count {
            guard !isCandidate[index] else {
                index += 1
                continue
            }
            let repeatsEarlier = firstOf[index] != nil
            var end = index + 1
            var bestRank = selection.rank[index]
            while end < count && !isCandidate[end] && (firstOf[end] != nil) == repeatsEarlier {
                bestRank = min(bestRank, selection.rank[end])
                end += 1
            }
            let detail: String
            let blocks = end - index == 1 ? "" : " (\(end - index) blocks)"
            if let first = firstOf[index] {
                let range = selection.units[first]
                detail = "repeats the block at bytes \(range.lowerBound)..<\(range.upperBound)" + (end - index == 1 ? "" : " and others\(blocks)")
            } else {
                let kind = selection.byQuestion ? "BM25 rank " : "information rank "
                detail = kind + (end - index == 1 ? "" : "at best ") + "\(bestRank + 1) of \(count) blocks\(blocks)"
            }
            let range = selection.units[index].lowerBound..<selection.units[end - 1].upperBound
            if result.drop(range, reason: .init(pass: "coarse", detail: detail)) { coarseDrops += 1 }
            index = end
        }
        if let map = subset._subsetMap {
            for drop in fine.drops[carried...] {
                for range in map.toOriginal(drop.range) { result.drops.append(.init(range: range, reason: drop.reason)) }
            }
        }
        stageTimes?.add("result: drops", since: clock)
        clock = .now
        let tokensBefore = document.tokens
        stageTimes?.add("result: the input's count (waits for the counting thread)", since: clock)
        let coarse = PassReport(pass: "coarse", tokensSaved: tokensBefore - subset.tokens, drops: coarseDrops)
        return CompressionResult(
            bytes: fine.bytes, tokensBefore: tokensBefore, tokensAfter: fine.tokensAfter, budget: budget,
            drops: result.drops, overBudget: fine.overBudget, passes: [coarse] + fine.passes, cutUnits: fine.cutUnits)
    }
}
