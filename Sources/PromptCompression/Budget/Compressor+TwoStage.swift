// Performance notes (measured with `swift run -c release tersify-benchmarks
// compression`: the 49 essays, 644,051 bytes, 148,778 tokens, budget 4,000,
// a question; ratios to `encodeOrdinary` of the same bytes in the same run,
// on the shared 2-core machine under load, so the ratios, not the
// milliseconds, are the figures to compare):
//
// - Single stage, as before: 28x (206 ms against 7.4 ms on a quiet
//   machine); ICU sentences and a token count of every sentence of the whole
//   input, ICU words of the whole input, `String`-keyed terms, a full count
//   after every pass. Now about 18x with the coarse stage off.
// - `PromptDocument` builds its sentence level on first use
//   (`_FineStructure`), so building one costs byte scans and one token count
//   of the input (0.9–1.1x). The count is taken in groups of documents cut
//   where a token piece must start, so the groups add up to the exact total
//   and give each document its tokens for free.
// - Coarse stage over 2 KiB blocks (`_CoarseSelection`): two scans of word
//   hashes. Scan 1 (question terms, lengths, exact repeats) 0.3x; scan 2
//   (second hop) 0.5x. Hashing words eight bytes to a register instead of a
//   multiply a byte, and keeping the scalar classification out of line
//   (it instantiated `Unicode.NumericType` metadata in the prologue of
//   every call), halved the scans. Counting the hop's common terms (found
//   in over a tenth of a 64 KiB sample) doubled scan 2 for little weight;
//   they are found but not counted. Whole documents as units made the hop
//   query thousands of terms on the essays (a document is an essay: they
//   have 111 blank lines in 9,659 lines).
// - Fine stage on the candidates (3x the budget, 12,000 tokens): sentences
//   0.05x, passes with their counts 0.7x (no count after a pass that dropped
//   nothing), ranking 0.55x (ICU words of the candidates; `_Vocabulary`
//   keyed by 64-bit hashes instead of `String`, BM25 over dense slots
//   instead of `[Int: Int]` per unit), budget loop 0.02x (no shed iteration
//   on this input: the estimate of sentence sums is above the exact count).
// - Total: about 3.4x, from 28x. The goal is 2x; what is left is the one
//   exact count of the input (about 1x, needed for `tokensBefore` and a
//   ratio target), the ICU word segmentation and the near-duplicate pass of
//   the fine stage.
// - Memory (`tersify-benchmarks memory`, a subprocess per size): nothing
//   per word of the whole input; per block, a range, a token estimate and a
//   few scores; per (block, question term) pair found, 12 bytes.

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
