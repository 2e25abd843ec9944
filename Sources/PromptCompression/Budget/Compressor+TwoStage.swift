// Performance notes (measured with `swift run -c release tersify-benchmarks
// compression`: the 49 essays, 644,051 bytes, 148,778 tokens, budget 4,000,
// a question; ratios to `encodeOrdinary` of the same bytes in the same run,
// medians of 9 interleaved runs, on the shared 2-core machine under load
// (load average about 10), so the ratios, not the milliseconds, are the
// figures to compare):
//
// - Before (main at 1fafd43, run alternately with this version): 24–28x.
//   ICU sentences and a token count of every sentence of the whole input,
//   ICU words of the whole input, `String`-keyed terms, a full count after
//   every pass. This version with the coarse stage off: 15–17x.
// - Now: 2.9–3.3x. Per stage (one run): building the `PromptDocument` 0.9x,
//   coarse scan 1 0.34x, coarse scan 2 0.52x, candidate document 0.06x,
//   sentences 0.22x, passes and their counts 0.35x (near-dedup 0.26x),
//   ranking 0.50x, budget loop 0.03x (no shed iteration on this input).
// - `PromptDocument` builds its sentence level on first use
//   (`_FineStructure`), so building one costs byte scans and one token count
//   of the input. The count is taken in groups of documents cut where a
//   token piece must start, so the groups add up to the exact total and
//   give each document its tokens for free.
// - Coarse stage over blocks of about 2 KiB (`_CoarseSelection`): whole
//   documents as units made the hop query thousands of terms on the essays
//   (a document is an essay: they have 111 blank lines in 9,659 lines) and
//   the candidates a few essays. Hashing words eight bytes to a register
//   instead of a multiply a byte, and keeping the scalar classification out
//   of line (inlined, it instantiated `Unicode.NumericType` metadata in the
//   prologue of every call), halved the scans. Counting the hop's common
//   terms (in over a tenth of a 64 KiB sample) doubled scan 2 for terms of
//   little weight; they are found (for pairs) but not counted. Only pairs of
//   two table words are hashed.
// - Fine stage on the candidates (3x the budget, about 12,000 tokens): no
//   count after a pass that dropped nothing; `_Vocabulary` keyed by 64-bit
//   hashes instead of `String`; BM25 over dense slots instead of a
//   `[Int: Int]` per unit; near-duplicates with sorted arrays and O(k)
//   densification instead of `Set`s, `Dictionary` buckets and an O(k²) scan.
// - What is left above the 2x goal: the one exact count of the input (about
//   1x, needed for `tokensBefore` and a ratio target), the two scans, and
//   ICU word segmentation in the ranking of the candidates.
// - Coarse stage, second round (instructions from callgrind on the stripped
//   release benchmark, `compression --runs 1 --no-single-stage`, per
//   compression; `encodeOrdinary` of the input is 33.7 M):
//   - ASCII words read eight bytes at a time (`_asciiWord`: letter and digit
//     masks by SWAR, one mix a chunk of eight, the byte-swapped last eight
//     bytes at the end; the same hashes as the byte loop, which a test
//     checks), inlined into the scans with the byte loop out of line:
//     `_WordCursor.next` from about 160 instructions a word to about 80.
//   - Scan 1 keeps each unit's word hashes (32 bits, `_StoredWords`, inputs
//     up to `storedWordsLimit` = 4 MiB: 4 bytes a word, 0.7 times the bytes
//     of English text, freed after the selection) and the second hop reads
//     them instead of the text (5.4 M). Peak memory
//     at 1 and 3 MB of essays unchanged within 0.2 MB (`memory --sizes
//     1,3`); above 4 MiB the text is read twice, as before.
//   - The repeat key of a unit: one multiply a word instead of `_mix`
//     (the word hashes are mixed already; equal keys are compared byte by
//     byte): 3.4 M less.
//   - Select in all: 67.1 M to 28.6 M (the two scans of the text were
//     63.8 M together; now scan 1 22.1 M, scan 2 5.4 M). The
//     candidates, ranks and output are unchanged (tests compare the stored
//     and the re-read hop, and the two word paths).
//   - Document structure: line breaks by `memchr` instead of a bounds-checked
//     loop a byte (`_paragraphEnds` 5.8 M to 0.7 M); the candidate
//     document reserves its bytes once (a reserve a range copied them again).
//     The structure is now the exact count and little else (31.1 M of
//     33.1 M with the candidate document).
//   - The whole compression (document and `compress`): 195 M to 151 M.
//     Wall clock on the shared machine (load 4–10, ratios to
//     `encodeOrdinary` in the same run, medians of 7–9 runs): 2.65–3.2x
//     against 2.95–3.9x for main run alternately; select 0.48–0.55x against
//     0.9–1.24x, scan 2 0.11x against 0.42–0.76x.
//   - An option, since replaced (see the fourth round): the document's
//     count on all cores, chunks cut where a piece must start. On this
//     shared machine under load 9–11 it was no faster (17.3 and 19.6 ms
//     against 16.5 and 16.3 ms single-threaded in the same runs): there
//     was no idle core to use.
//   - Not done: a cache of token counts of frequent pieces for the count.
//     The count runs the same piece split and lookups as `encodeOrdinary`
//     (31 M against 33.7 M); a cache would save the slot probe, not the
//     split, which dominates, and a faster split would speed up the
//     reference the goal is a ratio to as much.
// - Fine-stage ranking over flat word identifiers (`_RankingWords`: ICU's
//   words segmented in chunks, one `UInt32` a word, each unit a run of
//   them, pairs recomputed from neighbours; BM25 and the pair ranking read
//   the runs; `Set`s only for the 24 documents pairs are chosen from).
//   Instructions (callgrind, stripped release `tersify-benchmarks
//   compression --runs 1 --no-single-stage`, warm-up and one run, same
//   output): `rank` 93.0M -> 68.6M, `_compressFine` 170.6M -> 139.6M,
//   the whole program 844.9M -> 813.9M; wall clock (the benchmark's
//   ratios, two runs of each, shared machine): fine: rank 0.65-0.66x ->
//   0.31-0.34x, the whole compression 3.0-3.5x -> 2.5-2.7x. ICU's word
//   segmentation is about half of what is left of `rank`; the identifiers
//   and ranks are those of the `[[Int]]` terms (`RankingWordsTests`), so
//   the output is too.
// - Memory at a 4x ratio (`tersify-memory-probe FILE 0.25`, copies of the
//   essays, the whole input reaches the fine stage; peak RSS less the
//   vocabulary): before, the fine stage held ICU's words of the whole
//   input as `[Word]`, `[[Int]]` terms twice, a `Set` of each document's
//   words and body, each unit's shingles and 64-word signature, a folded
//   copy of every paragraph and sentence, a drop a repeated sentence, and
//   a rendered copy of the input to count after each pass. Now: terms as
//   above, near-dedup keeps 32-bit band keys only, exact dedup hashes
//   units folded on the fly and makes a run of repeated sentences one
//   drop, ranges are merged in place, and the count after a pass streams
//   the output through a 1 MiB buffer cut at token-piece boundaries
//   (`_countRendered`). Peak on the 10 MB and 100 MB inputs of
//   `scripts/measure-memory.sh`, against the probe's old baseline (after
//   loading the vocabulary, before the tokenizer's tables and ICU's data,
//   some 51 MB, were built): 8.63x and 4.73x before, 7.01x and 2.78x now;
//   against a baseline after a warm-up compression: 1.90x and 2.27x.
//   On 10 MB of essay lines with their words shuffled (no repeats, so the
//   ranking runs): 20.4x before, 9.9x now (old baseline). The memory
//   benchmark below is unchanged: its peak is in building the document
//   and the coarse stage; its fine stage sees about 12,000 tokens.
// - Text without repeats at a 4x ratio, third round (`scripts/measure-memory.sh
//   --shuffled 10 100`: essay lines with their words shuffled, one-line
//   paragraphs; a 4x ratio never starts the coarse stage, so all of it is
//   the fine stage's; peak RSS less the vocabulary after a warm-up, on the
//   shared machine): 10 MB 7.24x -> 3.2-3.6x (the figure varies between
//   runs of the same binary: glibc's heap), 30 MB 7.06x -> 3.28x, 100 MB
//   7.0x -> 3.69x; essays 10 MB 1.08x -> 0.66x, 100 MB 2.3x -> 2.05x. The
//   output is byte for byte the same (also `--format json` and a question).
//   What was done, largest first, from massif profiles of 10 MB: 16-byte
//   units (`PromptDocument.Unit`, 7.24x -> 5.96x alone); a retrieval drop
//   keeps its rank and writes its detail when read, the budget loop renders
//   without a drop a sentence, drops are reserved once (-> 5.00x);
//   near-dedup keeps the band keys of half the bands at a time and reads
//   ranges through lazy views; the query-free ranking's pairs in a dense
//   table (`_DenseKeyTable`, no mark a pair), exact-size word ids and
//   sentences; freed heap pages returned after each stage of the fine stage
//   on inputs of 4 MiB or more (`_releaseFreedMemory`): with a fixed mmap
//   threshold the 10 MB peak was 1.3x the input below the default's, the
//   freed arrays of one stage staying resident under the next. Per stage
//   at 30 MB (maxrss after each): document and sentences 2.1x, exact dedup
//   2.7x, near-dedup then the peak, the ranking and drops below it.
//   Instructions (callgrind, stripped release): `tersify --ratio 4` on
//   3 MB of those lines +2.3 %; the essays benchmark (`compression --runs 1
//   --no-single-stage`) unchanged within 0.1 %.
// - Memory (`tersify-benchmarks memory --short-paragraphs`, a subprocess a
//   size, peak RSS less the vocabulary and ICU): 1.12x the input at 100 MB of
//   essays, 3.05x at 100 MB of one-line paragraphs (67 bytes a document).
//   Above 4 MiB nothing is kept per word of the whole input (below, the
//   coarse stage's word hashes, see below); per block, a range, a token
//   estimate and a few scores. One drop a block cost 4.2x on the one-line
//   paragraphs (the reason's strings): runs of neighbouring blocks left out
//   for the same reason are one drop.
// - Fourth round (callgrind, stripped release benchmark, instructions a
//   compression; `encodeOrdinary` of the input 33.7 M):
//   - The input's exact count (31 M) is off the critical path:
//     `_InputTokenCount` counts chunks of 32 KiB, cut where a piece must
//     start, on a background thread from the moment the document is built.
//     `compress` asks only `exceeds(budget)` and `exceeds(2 * volume)`
//     (the caller counts chunks too, until their sum passes the limit), the
//     coarse volume is the count of the blocks it takes (about the
//     candidates' tokens, 2.2 M), and only `tokensBefore` waits for the
//     whole count, at the end. `countInBackground: false` does the same work
//     on one thread. The background thread of Dispatch's global queue
//     started 3–4 ms after the document in a warm benchmark run on the
//     loaded machine (it then counted 16 of the 20 chunks); the figures
//     below say what that leaves on an idle one.
//   - ICU's words of the candidates (18 M, 360 instructions a byte) are a
//     byte loop on ASCII lines (`_ASCIIWordBreaks`, the same segments as
//     ICU, tested on every ASCII triple): `rank` 31.4 M to 15.8 M, the fine
//     stage 66 M to 51 M.
//   - Far above the volume in bytes (16 bytes a volume token), the coarse
//     stage scores the blocks before asking `exceeds(2 * volume)`, by when
//     the background thread has counted past it; the decision is the same.
//   - Wall clock, idle machine (`compression --runs 11`, two runs, after
//     the other changes of the round): 1.87x and 1.88x the time of
//     tokenizing (13.4 ms against 7.2 ms), CPU time of both threads 2.73x
//     and 2.78x, everything on one thread 2.64x and 2.73x. By stage:
//     coarse selection 0.78x (scans 0.39x and 0.28x), sentences 0.15x,
//     passes and counts 0.46x (near-dedup 0.25x), ranking 0.26x.
//   - Near-dedup: word hashes over an unsafe buffer, the question's words
//     in a `_TermTable` instead of a `Set` (SipHash), densification in
//     place without an array a unit: 3 M less (718.8 M to 715.9 M for the CLI
//     on the essays, same output).
// - Sixth session. The tokenizer got faster (English 107 to 119 MB/s),
//   so the yardstick did: tokenizing the essays took 6.8–7.3 ms, and the
//   compression 14.3–14.9 ms, 2.05–2.18x (three runs, machine otherwise
//   idle). Kept:
//   - The scans of the coarse stage read their units in two halves (by
//     bytes): the second is offered to the thread that counts the input
//     (`_InputTokenCount.offer`, taken before its next 32 KiB chunk), the
//     first is read here, and the parts are merged in unit order (repeats,
//     lengths, the (unit, term) entries, the words kept for the hop), so
//     the figures are those of one part (`splitScanMatchesOnePart`). The
//     count waits meanwhile; it is needed only at the end. A third thread
//     from the global queue instead made scan 1 slower (4.6 ms against
//     3.7: three threads on two cores). With the offer: scan 1 3.7 to
//     2.1 ms, scan 2 2.3 to 1.6 ms.
//   - Scan 1 keeps the hop's words in an unsafe buffer (`_WordStore`), not
//     an `Array` whose `append` checked uniqueness at every word: scan 1
//     0.43x to 0.36x of tokenizing on one thread.
//   - Near-dedup sorts band keys as `key << 32 | unit` integers.
//   After (six runs over 20 minutes): 1.85x, 1.43x, 1.49x, 2.25x, 1.61x,
//   1.71x (median 1.66x; compression 12.7–15.6 ms, tokenizing 6.3–9.7 ms);
//   everything on one thread 2.1–2.8x. The ratio is above 2x when the
//   machine is fastest: tokenizing (memory-bound, big tables) speeds up
//   more then than compressing does (6.3 ms against 14.2).
//   Then the fine stage hands work to the same thread (`_compressFine`'s
//   `helper`, the pass context's `_helper`): the sentences of the second
//   half of the candidates' paragraphs (`_FineStructure.structure(helper:)`,
//   1.2–1.6 to 1.1 ms) and the MinHash signing of the second half of
//   near-dedup's units (`_Signer`; the sentences' signing about 1.0 to
//   0.7 ms, measured inside the pass). Once the count has finished, an
//   offered job goes to a block of the global queue (two threads busy, not
//   three). Four runs after: 1.77x, 1.80x, 1.76x, 1.97x (12.3–14.7 ms,
//   tokenizing 6.8–8.3 ms).
// - Seventh session. The tokenizer got faster again (ids written through a
//   pointer, +11-20 %): tokenizing the essays took 5.9-6.2 ms, the
//   compression 12.9-14.0 ms, 2.17-2.27x. Kept (output unchanged; tests
//   compare each with the one-thread figures):
//   - The pair ranking's word and body sets of its 24 pool documents are
//     bit sets over the word identifiers, not `Set<Int>` (18,000 SipHash
//     inserts a compression): rank 2.1 to 1.4 ms.
//   - Near-dedup sorts each band's `key << 32 | unit` integers by a radix
//     sort on the key (`_sortByHighHalf`): near-dedup 1.8 to 1.5 ms.
//   - Exact dedup hashes each sentence once (it hashed them twice to decide
//     whether relevance was needed).
//   - The splits with the counting thread take eight parts in turn
//     (`runShared`) instead of fixed halves: at each of the four splits
//     this thread had waited 0.2-0.6 ms (once 3.7 ms) for the other, which
//     takes an offer only after its current chunk; now 0-0.3 ms, though it
//     does more of the parts itself.
//   - The candidates' count and the count after each lossless pass that
//     dropped something are offered to the counting thread (the rendered
//     text, for documents up to 4 MiB), and read before the first lossy
//     pass: A/B in one process, 15 runs, 1-3 % (within the noise).
//   After (four runs of `compression --runs 11`): 1.69x, 1.76x, 1.82x,
//   1.74x (10.9-11.9 ms, tokenizing 6.3-7.0 ms); CPU time of both threads
//   20.3-22.9 ms, everything on one thread 2.7-3.0x. In the machine's
//   fastest minutes, when tokenizing took 4.9-5.4 ms, 1.84-2.05x: the two
//   threads are busy nearly all the time (CPU time about twice the wall
//   time), so what is left is less work, chiefly the scans (about 5 ms of
//   CPU on both threads) and the input's own count (about 1x).

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
    ///
    /// - Parameter proceed: Asked once the blocks are scored: whether the
    ///   input is large enough for two stages after all; nil is returned
    ///   when it is not.
    func _compressInTwoStages(
        _ document: PromptDocument, budget: Int, volume: Int, options: CompressionOptions, proceed: () -> Bool = { true }
    ) throws(CompressionError) -> CompressionResult? {
        var clock = ContinuousClock.now
        guard let selection = _CoarseSelection.select(
            document, query: options.query, volume: volume, bm25: options.bm25,
            secondHopWeight: secondHopWeight, segmenter: segmenter, tokenizer: tokenizer, times: stageTimes,
            proceed: proceed) else { return nil }
        stageTimes?.add("coarse: select", since: clock)
        clock = .now
        // The fine stage hands work to the thread counting the input: the
        // candidates' own count first (needed once their sentences are found).
        let helper = document._inputCount.usesBackground ? document._inputCount : nil
        let subset = try PromptDocument(
            subsetOf: document, ranges: selection.candidates.map { selection.units[$0] },
            endsDocument: selection.candidates.map { selection.endsDocument[$0] }, tokenizer: tokenizer, countHelper: helper)
        stageTimes?.add("fine: candidate document", since: clock)
        let carried = subset.drops.count
        let fine = try _compressFine(subset, budget: budget, options: options, helper: helper)

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
