

// Notes (a 4x compression; "shuffled lines": `scripts/measure-memory.sh
// --shuffled`, essay lines' words shuffled, one-line paragraphs, no repeats):
//
// Choices
// - The denser copy in the question's words stays, not the first on ties,
//   because near-namesake paragraphs ("Motion City Soundtrack" and "… discography")
//   name the subject equally often: HotpotQA both kept 399 of 500, against 397.
// - Buckets of more than 4 members compare each member with their first 16
//   only, and a unit with 32 members of such buckets in all, because all
//   m²/2 pairs of one 10 MB line of templated sentences asked for 34 GB, and
//   short lines of a 20-word vocabulary share a band key in most bands:
//   16 × 16 pairs a unit made 30 MB take 30.7 s (11.1 s now; 5.0 s without
//   the pass). The benchmark prompts' outputs are unchanged (`--check`).
// - The exact check reads every unit's shingles made once (`ShingleTops`)
//   when candidates outnumber units twice, because making a unit's shingles
//   again for each of its pairs was half of the pass on those lines.
//
// Time
// - Sorted arrays for shingle sets, buckets (`key << 32 | unit`, by an LSD
//   radix sort on the high half, `sortByHighHalf`) and candidates, not
//   `Set`/`Dictionary`, because hashing was most of the pass (0.37x the time
//   of tokenizing the essays' candidates) and a comparison sort 3 M
//   instructions of a compression of the essays.
// - Size and prefix filter (`PairFilter`) before the exact Jaccard check,
//   because crowded buckets of short paragraphs grew faster than the input
//   (20 MB took 5x as long as 10 MB): 20 MB of shuffled lines 10.1–10.8 s
//   to 8.6–8.9 s, same output.
// - Densifying only a group's bins, in place (`densifiedBins`): 11 % to 3 %
//   of the instructions on 3 MB of shuffled lines (four groups).
// - Units are signed in parts shared with a second thread when the
//   compression has one (`WorkShare.runShared`), merged in unit order.
//
// Memory
// - A unit keeps its band keys only, 32 bits each (the shingle set is made
//   again for a candidate pair), because every unit's shingles and
//   signature cost several times the input; 64-bit keys alone were 0.9x the
//   input on 100 MB of essays. A 32-bit key only adds candidates.
// - Above `groupedUnitCount` units, keys of half the bands at a time,
//   because all band keys were the peak on 10 MB of shuffled lines (2.5x the
//   input); two groups cost 2.5 % more instructions, four 12 %.
// - The histogram of `sortByHighHalf` is an `Array`, because with
//   `withUnsafeTemporaryAllocation` the release build (Swift 6.3.1, Linux)
//   crashed on the needle task (`scripts/release-check.sh` runs it).

/// Drops near-duplicate paragraphs and sentences: MinHash signatures (one
/// permutation hashing, densified) of word 3-gram shingles,
/// locality-sensitive hashing to find candidate pairs, and
/// the exact Jaccard similarity of the shingle sets to decide. The first
/// occurrence stays, unless a later copy is denser in the question's words
/// (their occurrences over its length in bytes): of two near-duplicate
/// paragraphs that name the question's subject as often, the shorter
/// stays.
///
/// Units with fewer than `minimumWords` words are never dropped. Lossy (a
/// near-duplicate may differ in a detail), so it runs only while the text is
/// over budget.
///
/// - Complexity: O(shingles + n · k) for n units and k bins, plus the
///   candidate pairs, which LSH keeps near-linear on real text.
public struct NearDuplicateRemoval: CompressionPass {
    public let name = "near-dedup"
    public let isLossless = false
    /// Jaccard similarity of shingle sets from which a unit is a duplicate.
    public var threshold: Double
    public var minimumWords: Int
    /// Bands × rows = signature length; 16 × 4 finds pairs above 0.8 with
    /// probability over 0.99.
    public var bands = 16, rows = 4
    /// Whether small inputs are first checked for any pair at the threshold
    /// (`_noPairReachesThreshold`); off only in the tests that compare both ways.
    var _checksPairsFirst = true
    /// Whether the exact checks read every unit's shingles made once
    /// (`ShingleTops`); nil: when candidates are many a unit. Set only in
    /// the tests that compare both ways.
    var _cachesShingles: Bool? = nil

    public init(threshold: Double = 0.8, minimumWords: Int = 8) {
        self.threshold = threshold
        self.minimumWords = minimumWords
    }

    public func apply(to document: inout PromptDocument, context: PassContext) throws(CompressionError) {
        var queryWords = TermTable(capacity: 64)
        for word in foldedWordHashes(Array((context.query ?? "").utf8)[...]) { queryWords.insert(word) }
        // The units' ranges are read through lazy views, not copied (16
        // bytes a unit, 8 more for an `Int` index a sentence kept).
        let paragraphs = document.paragraphs, allSentences = document.sentences
        // Units an earlier pass dropped (exact repeats) are neither dropped
        // again nor kept as originals: a copy the exact pass kept was found
        // a near-duplicate of the copy it had dropped, and both were gone.
        let hadDrops = !document.drops.isEmpty
        var (droppedParagraph, droppedSentence) = hadDrops
            ? document._areDropped(paragraphs, allSentences) : ([Bool](repeating: false, count: paragraphs.count), [])
        var candidateParagraphs: [UInt32] = []
        candidateParagraphs.reserveCapacity(paragraphs.count)
        for index in paragraphs.indices where !droppedParagraph[index] { candidateParagraphs.append(UInt32(index)) }
        let paragraphDrops = duplicates(
            candidateParagraphs.lazy.map { paragraphs[Int($0)].range }, in: document.bytes, queryWords: queryWords, share: context._workShare)
        for (position, original) in paragraphDrops {
            let index = Int(candidateParagraphs[position])
            let originalRange = paragraphs[Int(candidateParagraphs[original])].range
            droppedParagraph[index] = document.drop(paragraphs[index].range, reason: reason(originalRange))
            if droppedParagraph[index] {
                document._repeats.append(Repeat(dropped: paragraphs[index].range, original: originalRange, isNear: true))
            }
        }
        candidateParagraphs = []
        releaseFreedMemory(inputBytes: document.bytes.count)  // the paragraphs' arrays, before the sentences'
        var sentences: [UInt32] = []
        sentences.reserveCapacity(allSentences.count)
        // A fence or a frame line goes only with its frame (`Sections`).
        let code = document._code
        for index in allSentences.indices where !droppedParagraph[allSentences[index].parent] && (!hadDrops || !droppedSentence[index])
            && !code.overlapsFrame(allSentences[index].range) {
            sentences.append(UInt32(index))
        }
        droppedSentence = []
        for (position, original) in duplicates(
            sentences.lazy.map { allSentences[Int($0)].range }, in: document.bytes, queryWords: queryWords, share: context._workShare
        ) {
            let dropped = allSentences[Int(sentences[position])].range, originalRange = allSentences[Int(sentences[original])].range
            if document.drop(dropped, reason: reason(originalRange)) {
                document._repeats.append(Repeat(dropped: dropped, original: originalRange, isNear: true))
            }
        }
    }

    private func reason(_ original: Range<Int>) -> PromptDocument.DropReason {
        .init(pass: name, detail: "near-duplicate (Jaccard ≥ \(threshold)) of bytes \(original.lowerBound)..<\(original.upperBound)")
    }

    /// The members of an LSH bucket every later member is compared with:
    /// candidates stay at most 16 · units a band, and a bucket of 17 or
    /// fewer keeps all its pairs (see the notes).
    static let bucketRepresentatives = 16

    /// Buckets of up to this many members keep all their pairs.
    static let smallBucket = 4

    /// Pairs of larger buckets a unit takes part in as the later member,
    /// over all bands: short units of a small vocabulary share a band key in
    /// most bands, and without this bound each was checked against up to 16
    /// members of each of the 16 bands (see the notes).
    static let crowdedPairsPerUnit = 32

    /// Above this many candidate pairs a signed unit, the units' shingle
    /// sets are made once for the exact checks (`ShingleTops`).
    static let cachedShinglesFactor = 2

    /// Above this many units, signatures are made once for each of two
    /// groups of bands, and only the current group's band keys are kept:
    /// 32 bytes a unit instead of 64. Candidates are the same pairs, found
    /// band by band in the same order; smaller inputs make each signature once.
    static let groupedUnitCount = 1 << 15

    /// Pairs (drop, keep) of unit indices.
    ///
    /// Shingle sets are sorted arrays (intersections by a merge), band
    /// buckets are found by sorting (key, unit) pairs, and candidate pairs
    /// are a sorted array. A unit keeps only its band keys, 32 bits each (the
    /// top half of the 64-bit key): its shingle set is made again when a
    /// candidate pair needs it, and its signature is a scratch buffer. A
    /// 32-bit key only adds candidates (a 2^-32 chance a pair and band), and
    /// every candidate is checked by its exact Jaccard similarity.
    ///
    /// With a work `share`, the units are signed in parts that both of its
    /// threads take in turn (`WorkShare.runShared`); the parts are merged in
    /// unit order, so the pairs are the same.
    func duplicates<Ranges: RandomAccessCollection<Range<Int>> & SendableMetatype>(
        _ ranges: Ranges, in bytes: [UInt8], queryWords: TermTable, share: WorkShare? = nil
    ) -> [(Int, Int)] where Ranges.Index == Int {
        var work = PairWork()
        return duplicates(ranges, in: bytes, queryWords: queryWords, share: share, work: &work)
    }

    /// The pairs `duplicates` looked at, for the tests of its growth.
    struct PairWork {
        /// Pairs of a bucket given to `PairFilter`.
        var filtered = 0
        /// Candidate pairs given to the exact check.
        var checked = 0
    }

    func duplicates<Ranges: RandomAccessCollection<Range<Int>> & SendableMetatype>(
        _ ranges: Ranges, in bytes: [UInt8], queryWords: TermTable, share: WorkShare? = nil, work: inout PairWork
    ) -> [(Int, Int)] where Ranges.Index == Int {
        let k = bands * rows
        precondition(k.nonzeroBitCount == 1, "bands × rows is a power of two")
        if _checksPairsFirst && ranges.count <= Self.exactCheckMaximumUnits && _noPairReachesThreshold(ranges, in: bytes) {
            return []
        }
        // Without a question every unit's relevance is 0: none is kept.
        var relevance = [Int32](repeating: 0, count: queryWords.count == 0 ? 0 : ranges.count)
        // The units with a signature, and their band keys for the bands of
        // the current group, `bandsPerGroup` a unit.
        var signed: [Int32] = []
        var bandKeys: [UInt32] = []
        var hashes: [UInt64] = [], set: [UInt64] = []
        // Many units: the signatures are made again for each group of bands
        // instead of keeping every band key (see `groupedUnitCount`).
        let groups = ranges.count > Self.groupedUnitCount && bands % 2 == 0 ? 2 : 1
        let bandsPerGroup = bands / groups
        let signer = Signer(k: k, rows: rows, bandsPerGroup: bandsPerGroup, minimumWords: minimumWords)
        var scratch = Signer.Scratch(k: k)
        // A unit's shingle count and the top halves of its smallest shingles
        // (see `PairFilter`), kept for every unit: the filter skips the
        // exact check of most candidate pairs.
        var filter = PairFilter(unitCount: ranges.count, threshold: threshold)
        // Candidates: units sharing a band (equal keys, found by sorting).
        var candidates: [Int] = []  // i << 32 | j, i < j; sorted and distinct up to `uniqueCount`
        var uniqueCount = 0
        // `key << 32 | index`: sorting plain integers is several times faster
        // than sorting (key, index) tuples through a closure (callgrind:
        // the sort was 2.9 M instructions of a compression of the essays).
        var keyed: [UInt64] = [], radixScratch: [UInt64] = []
        // Pairs each unit was given in crowded buckets (made at the first one).
        var crowdedPairs: [UInt8] = []
        for group in 0..<groups {
            bandKeys.removeAll(keepingCapacity: true)
            if group == 0 {
                let count = ranges.count
                var parts: [Signer.Part]
                if let share, groups == 1, count >= Signer.minimumSplitUnits {
                    let cuts = balancedCuts(count, parts: WorkShare.parts) { ranges[$0].count }
                    let shared = Unchecked((ranges, bytes, queryWords))
                    parts = share.runShared(cuts) { units in
                        let (ranges, bytes, queryWords) = shared.value
                        return signer.sign(units, ranges, bytes, queryWords: queryWords)
                    }
                } else {
                    parts = [signer.sign(0..<count, ranges, bytes, queryWords: queryWords)]
                }
                for part in parts {
                    if queryWords.count > 0 {
                        for (offset, value) in part.relevance.enumerated() { relevance[part.units.lowerBound + offset] = value }
                    }
                    for (position, unit) in part.signed.enumerated() {
                        filter.record(part.summaries[position], unit: Int(unit))
                    }
                    signed += part.signed
                    bandKeys += part.bandKeys
                }
                keyed.reserveCapacity(signed.count)
            } else {
                for index in signed {
                    foldedWordHashes(bytes[ranges[Int(index)]], into: &hashes)
                    shingleSet(hashes, into: &set)
                    signer.appendBandKeys(set, group: group, scratch: &scratch, into: &bandKeys)
                }
            }
            for band in (group * bandsPerGroup)..<((group + 1) * bandsPerGroup) {
                let column = band - group * bandsPerGroup
                keyed.removeAll(keepingCapacity: true)
                for (position, index) in signed.enumerated() {
                    keyed.append(UInt64(bandKeys[position * bandsPerGroup + column]) << 32 | UInt64(UInt32(bitPattern: index)))
                }
                // The units' indices ascend in `keyed`: sorting by the keys
                // alone, stably, gives the order of `keyed.sort()`.
                sortByHighHalf(&keyed, scratch: &radixScratch)
                assert(keyed == keyed.sorted(), "band keys sorted as integers")
                var start = 0
                while start < keyed.count {
                    var end = start + 1
                    while end < keyed.count && keyed[end] >> 32 == keyed[start] >> 32 { end += 1 }
                    if end - start > Self.smallBucket {
                        // A crowded bucket pairs each unit with its first
                        // members only, and a unit takes part in at most
                        // `crowdedPairsPerUnit` pairs of crowded buckets over
                        // all bands (see the notes).
                        if crowdedPairs.isEmpty { crowdedPairs = [UInt8](repeating: 0, count: ranges.count) }
                        for b in (start + 1)..<end {
                            let second = Int(keyed[b] & 0xFFFF_FFFF)
                            let room = Self.crowdedPairsPerUnit - Int(crowdedPairs[second])
                            let representatives = min(b, start + Self.bucketRepresentatives, start + room)
                            guard representatives > start else { continue }
                            crowdedPairs[second] += UInt8(representatives - start)
                            work.filtered += representatives - start
                            for a in start..<representatives {
                                let first = Int(keyed[a] & 0xFFFF_FFFF)
                                if filter.mayReachThreshold(first, second) { candidates.append(first << 32 | second) }
                            }
                        }
                    } else if end - start > 1 {
                        work.filtered += (end - start) * (end - start - 1) / 2
                        for a in start..<end {
                            let first = Int(keyed[a] & 0xFFFF_FFFF)
                            for b in (a + 1)..<end {
                                let second = Int(keyed[b] & 0xFFFF_FFFF)
                                if filter.mayReachThreshold(first, second) { candidates.append(first << 32 | second) }
                            }
                        }
                    }
                    start = end
                }
                // A pair found in several bands is kept once (the pairs of
                // every band cost 5 times the input on 10 MB of one-line paragraphs).
                sortUnique(&candidates, from: uniqueCount)
                uniqueCount = candidates.count
            }
        }
        keyed = []
        radixScratch = []
        bandKeys = []
        // Verify with the exact Jaccard similarity; drop the later copy, or
        // the one less dense in the question's words.
        var dropped = Set<Int>()
        var result: [(Int, Int)] = []
        var first: [UInt64] = [], second: [UInt64] = []
        var firstUnit = -1
        // Many candidates a unit: every unit's shingle set is made once, as
        // top halves (see `ShingleTops`), instead of again for each pair.
        let tops = _cachesShingles ?? (candidates.count > Self.cachedShinglesFactor * signed.count)
            ? ShingleTops(signed, ranges, bytes, minimumWords: minimumWords) : nil
        for pair in candidates {
            let i = pair >> 32, j = pair & 0xFFFF_FFFF
            guard !dropped.contains(i), !dropped.contains(j) else { continue }
            work.checked += 1
            if let tops, !tops.mayReachThreshold(i, j, threshold: threshold) { continue }
            if firstUnit != i {
                foldedWordHashes(bytes[ranges[i]], into: &hashes)
                shingleSet(hashes, into: &first)
                firstUnit = i
            }
            // Pairs of short units were filtered when found; this catches
            // those where only the later unit is short.
            guard filter.mayReachThreshold(first, unit: j) else { continue }
            foldedWordHashes(bytes[ranges[j]], into: &hashes)
            shingleSet(hashes, into: &second)
            let intersection = intersectionCount(first, second)
            let union = first.count + second.count - intersection
            guard union > 0, Double(intersection) / Double(union) >= threshold else { continue }
            let (drop, keep) = !relevance.isEmpty
                && Int64(relevance[j]) * Int64(ranges[i].count) > Int64(relevance[i]) * Int64(ranges[j].count) ? (i, j) : (j, i)
            dropped.insert(drop)
            result.append((drop, keep))
        }
        return result
    }
}

extension NearDuplicateRemoval {
    /// Inputs of up to this many units are first checked for any pair that
    /// reaches the threshold (`_noPairReachesThreshold`).
    static let exactCheckMaximumUnits = 1 << 14

    /// Whether no two of the units (those with at least `minimumWords`
    /// words) have shingle sets as similar as the threshold, so that
    /// `duplicates` would find no pair, its signatures and buckets unmade.
    ///
    /// A prefix filter, exact: two sets with Jaccard similarity J ≥ t share
    /// o ≥ t · max(|A|, |B|) shingles, so their smallest shared shingle is
    /// among the first |A| − o + 1 of A and the first |B| − o + 1 of B
    /// (sorted shingles are one global order). Each unit's prefix here is
    /// taken for one shared shingle less than ⌊t · |A|⌋ (a margin for the
    /// rounding of t · |A| and of the similarity's division), so it is at
    /// least as long as needed. Units whose prefixes share a shingle are
    /// compared as `duplicates` compares its candidates; a pair that passes
    /// makes the answer false (and `duplicates` runs as it always did).
    ///
    /// Performance: on prompts without near-duplicates, the shingle sets
    /// cost about half of signing, band keys and buckets (callgrind).
    func _noPairReachesThreshold<Ranges: RandomAccessCollection<Range<Int>>>(_ ranges: Ranges, in bytes: [UInt8]) -> Bool
        where Ranges.Index == Int {
        var shingles: [UInt64] = [], starts: [Int] = [0]
        var hashes: [UInt64] = [], set: [UInt64] = []
        // `top half of the shingle << 32 | unit`: equal top halves hold every
        // equal shingle (and only add candidates, checked exactly below).
        var prefixes: [UInt64] = [], scratch: [UInt64] = []
        starts.reserveCapacity(ranges.count + 1)
        for unit in ranges.indices {
            foldedWordHashes(bytes[ranges[unit]], into: &hashes)
            if hashes.count >= minimumWords {
                shingleSet(hashes, into: &set)
                shingles += set
                let required = Int((threshold * Double(set.count)).rounded(.down)) - 1
                let length = min(set.count, set.count - max(0, required) + 1)
                for shingle in set.prefix(length) { prefixes.append((shingle >> 32) << 32 | UInt64(unit)) }
            }
            starts.append(shingles.count)
        }
        guard prefixes.count > 1 else { return true }
        sortByHighHalf(&prefixes, scratch: &scratch)
        var pairs: [Int] = []  // i << 32 | j, i < j
        var start = 0
        while start < prefixes.count {
            var end = start + 1
            while end < prefixes.count && prefixes[end] >> 32 == prefixes[start] >> 32 { end += 1 }
            for a in start..<end {
                for b in (a + 1)..<end where prefixes[a] != prefixes[b] {
                    pairs.append(Int(prefixes[a] & 0xFFFF_FFFF) << 32 | Int(prefixes[b] & 0xFFFF_FFFF))
                }
            }
            start = end
        }
        guard !pairs.isEmpty else { return true }
        pairs.sort()
        removeAdjacentRepeats(&pairs)
        return shingles.withUnsafeBufferPointer { all in
            for pair in pairs {
                let i = pair >> 32, j = pair & 0xFFFF_FFFF
                let first = UnsafeBufferPointer(rebasing: all[starts[i]..<starts[i + 1]])
                let second = UnsafeBufferPointer(rebasing: all[starts[j]..<starts[j + 1]])
                var x = 0, y = 0, intersection = 0
                while x < first.count && y < second.count {
                    if first[x] < second[y] {
                        x += 1
                    } else if first[x] > second[y] {
                        y += 1
                    } else {
                        intersection += 1
                        x += 1
                        y += 1
                    }
                }
                let union = first.count + second.count - intersection
                if union > 0, Double(intersection) / Double(union) >= threshold { return false }
            }
            return true
        }
    }
}
