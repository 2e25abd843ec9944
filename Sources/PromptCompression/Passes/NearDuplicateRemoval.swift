// Performance and quality notes (a 4x compression; "shuffled lines" is
// `scripts/measure-memory.sh --shuffled`: essay lines with their words
// shuffled, one-line paragraphs of about 66 bytes, no repeats):
//
// Choices
// - The denser copy in the question's words stays, not the first on ties,
//   because near-namesake paragraphs ("Motion City Soundtrack" and "… discography")
//   name the subject equally often: HotpotQA both kept 399 of 500, against 397.
// - Crowded LSH buckets compare every member with their first 16 only,
//   because all m²/2 pairs of one 10 MB line of templated sentences asked
//   for 34 GB; buckets of 17 or fewer keep all pairs, so real text is unchanged.
//
// Time
// - Sorted arrays for shingle sets, buckets (sorting `key << 32 | unit`)
//   and candidates, not `Set`/`Dictionary`, because hashing was most of the
//   pass: it took 0.37x the time of tokenizing the essays' candidates.
// - Band keys sorted by an LSD radix sort on the high half
//   (`_sortByHighHalf`), because the comparison sort was 3 M instructions of
//   a compression of the essays (23 bands of about 700 units).
// - Size and prefix filter (`_PairFilter`) before the exact Jaccard check,
//   because crowded buckets of short paragraphs grew faster than the input
//   (20 MB took 5x as long as 10 MB): 20 MB of shuffled lines 10.1–10.8 s to
//   8.6–8.9 s, same output. What still grows faster than the input at
//   100 MB is this pass: crowded buckets' candidates, units over 14 shingles.
// - Densifying only a group's bins, in place (`_densifiedBins`), because
//   densifying all 64 bins for every group was 11 % of the instructions
//   (3 MB of shuffled lines, four groups); in place, 3 %.
// - Units are signed in parts shared with the counting thread when there
//   is one (`helper`, `runShared`), merged in unit order: the same pairs.
//
// Memory
// - A unit keeps its band keys only, 32 bits each (the shingle set is made
//   again for a candidate pair), because every unit's shingles and
//   signature cost several times the input; 64-bit keys alone were 0.9x the
//   input on 100 MB of essays. A 32-bit key only adds candidates.
// - Above `groupedUnitCount` units, keys of half the bands at a time,
//   because all band keys were the peak on 10 MB of shuffled lines (2.5x the
//   input); two groups cost 2.5 % more instructions, four 12 %.
//
// Release build
// - The histogram of `_sortByHighHalf` is an `Array`, because with
//   `withUnsafeTemporaryAllocation` the release build (Swift 6.3.1, Linux)
//   crashed in its `initialize(repeating:)` on the needle task, with no
//   ASan report; `scripts/release-check.sh` runs that task.

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

    public init(threshold: Double = 0.8, minimumWords: Int = 8) {
        self.threshold = threshold
        self.minimumWords = minimumWords
    }

    public func apply(to document: inout PromptDocument, context: PassContext) throws(CompressionError) {
        var queryWords = _TermTable(capacity: 64)
        for word in _foldedWordHashes(Array((context.query ?? "").utf8)[...]) { queryWords.insert(word) }
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
            candidateParagraphs.lazy.map { paragraphs[Int($0)].range }, in: document, queryWords: queryWords, helper: context._helper)
        for (position, original) in paragraphDrops {
            let index = Int(candidateParagraphs[position])
            let originalRange = paragraphs[Int(candidateParagraphs[original])].range
            droppedParagraph[index] = document.drop(paragraphs[index].range, reason: reason(originalRange))
            if droppedParagraph[index] {
                document._repeats.append(_Repeat(dropped: paragraphs[index].range, original: originalRange, isNear: true))
            }
        }
        candidateParagraphs = []
        _releaseFreedMemory(document)  // the paragraphs' arrays, before the sentences'
        var sentences: [UInt32] = []
        sentences.reserveCapacity(allSentences.count)
        // A fence or a frame line goes only with its frame (`_Sections`).
        let code = document._code
        for index in allSentences.indices where !droppedParagraph[allSentences[index].parent] && (!hadDrops || !droppedSentence[index])
            && !code.overlapsFrame(allSentences[index].range) {
            sentences.append(UInt32(index))
        }
        droppedSentence = []
        for (position, original) in duplicates(
            sentences.lazy.map { allSentences[Int($0)].range }, in: document, queryWords: queryWords, helper: context._helper
        ) {
            let dropped = allSentences[Int(sentences[position])].range, originalRange = allSentences[Int(sentences[original])].range
            if document.drop(dropped, reason: reason(originalRange)) {
                document._repeats.append(_Repeat(dropped: dropped, original: originalRange, isNear: true))
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
    /// With a `helper` (the input count's thread of a two-stage compression),
    /// the units are signed in parts that both threads take in turn
    /// (`runShared`); the parts are merged in unit order, so the pairs are
    /// the same.
    func duplicates<Ranges: RandomAccessCollection<Range<Int>> & SendableMetatype>(
        _ ranges: Ranges, in document: PromptDocument, queryWords: _TermTable, helper: _InputTokenCount? = nil
    ) -> [(Int, Int)] where Ranges.Index == Int {
        let k = bands * rows
        precondition(k.nonzeroBitCount == 1, "bands × rows is a power of two")
        if _checksPairsFirst && ranges.count <= Self.exactCheckMaximumUnits && _noPairReachesThreshold(ranges, in: document.bytes) {
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
        let signer = _Signer(k: k, rows: rows, bandsPerGroup: bandsPerGroup, minimumWords: minimumWords)
        var scratch = _Signer.Scratch(k: k)
        // A unit's shingle count and the top halves of its smallest shingles
        // (see `_PairFilter`), kept for every unit: the filter skips the
        // exact check of most candidate pairs.
        var filter = _PairFilter(unitCount: ranges.count, threshold: threshold)
        // Candidates: units sharing a band (equal keys, found by sorting).
        var candidates: [Int] = []  // i << 32 | j, i < j; sorted and distinct up to `uniqueCount`
        var uniqueCount = 0
        // `key << 32 | index`: sorting plain integers is several times faster
        // than sorting (key, index) tuples through a closure (callgrind:
        // the sort was 2.9 M instructions of a compression of the essays).
        var keyed: [UInt64] = [], radixScratch: [UInt64] = []
        for group in 0..<groups {
            bandKeys.removeAll(keepingCapacity: true)
            if group == 0 {
                let count = ranges.count
                var parts: [_Signer.Part]
                if let helper, groups == 1, count >= _Signer.minimumSplitUnits {
                    let cuts = _balancedCuts(count, parts: _InputTokenCount.sharedParts) { ranges[$0].count }
                    let shared = _Unchecked((ranges, document.bytes, queryWords))
                    parts = helper.runShared(cuts) { units in
                        let (ranges, bytes, queryWords) = shared.value
                        return signer.sign(units, ranges, bytes, queryWords: queryWords)
                    }
                } else {
                    parts = [signer.sign(0..<count, ranges, document.bytes, queryWords: queryWords)]
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
                    _foldedWordHashes(document.bytes[ranges[Int(index)]], into: &hashes)
                    _shingleSet(hashes, into: &set)
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
                _sortByHighHalf(&keyed, scratch: &radixScratch)
                assert(keyed == keyed.sorted(), "band keys sorted as integers")
                var start = 0
                while start < keyed.count {
                    var end = start + 1
                    while end < keyed.count && keyed[end] >> 32 == keyed[start] >> 32 { end += 1 }
                    if end - start > 1 {
                        // A crowded bucket pairs each unit with its first members only (see the note above).
                        for a in start..<min(end, start + Self.bucketRepresentatives) {
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
                _sortUnique(&candidates, from: uniqueCount)
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
        for pair in candidates {
            let i = pair >> 32, j = pair & 0xFFFF_FFFF
            guard !dropped.contains(i), !dropped.contains(j) else { continue }
            if firstUnit != i {
                _foldedWordHashes(document.bytes[ranges[i]], into: &hashes)
                _shingleSet(hashes, into: &first)
                firstUnit = i
            }
            // Pairs of short units were filtered when found; this catches
            // those where only the later unit is short.
            guard filter.mayReachThreshold(first, unit: j) else { continue }
            _foldedWordHashes(document.bytes[ranges[j]], into: &hashes)
            _shingleSet(hashes, into: &second)
            let intersection = _intersectionCount(first, second)
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
            _foldedWordHashes(bytes[ranges[unit]], into: &hashes)
            if hashes.count >= minimumWords {
                _shingleSet(hashes, into: &set)
                shingles += set
                let required = Int((threshold * Double(set.count)).rounded(.down)) - 1
                let length = min(set.count, set.count - max(0, required) + 1)
                for shingle in set.prefix(length) { prefixes.append((shingle >> 32) << 32 | UInt64(unit)) }
            }
            starts.append(shingles.count)
        }
        guard prefixes.count > 1 else { return true }
        _sortByHighHalf(&prefixes, scratch: &scratch)
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
        _removeAdjacentRepeats(&pairs)
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

/// Signs units for `NearDuplicateRemoval.duplicates`: their word hashes,
/// relevance to the question, shingle sets (kept only as `_PairFilter`'s
/// size and prefix) and the band keys of their MinHash signatures.
struct _Signer: Sendable {
    /// Fewer units than this are signed on one thread.
    static let minimumSplitUnits = 64
    let k: Int
    let rows: Int
    let bandsPerGroup: Int
    let minimumWords: Int

    /// A signature's bins and their densified values, reused from unit to unit.
    struct Scratch {
        var signature: [UInt64]
        var dense: [UInt64]
        init(k: Int) {
            signature = [UInt64](repeating: .max, count: k)
            dense = signature
        }
    }

    /// What `sign` found for a run of units: the relevance of each, and for
    /// each unit with a signature (`signed`, at least `minimumWords` words)
    /// its `_PairFilter` summary and `bandsPerGroup` band keys.
    struct Part {
        let units: Range<Int>
        var relevance: [Int32] = []
        var signed: [Int32] = []
        var summaries: [_PairFilter.Summary] = []
        var bandKeys: [UInt32] = []
    }

    func sign<Ranges: RandomAccessCollection<Range<Int>>>(
        _ units: Range<Int>, _ ranges: Ranges, _ bytes: [UInt8], queryWords: _TermTable
    ) -> Part where Ranges.Index == Int {
        var part = Part(units: units)
        var scratch = Scratch(k: k)
        var hashes: [UInt64] = [], set: [UInt64] = []
        for index in units {
            _foldedWordHashes(bytes[ranges[index]], into: &hashes)
            if queryWords.count > 0 { part.relevance.append(Int32(hashes.reduce(0) { $0 + (queryWords.slot(of: $1) >= 0 ? 1 : 0) })) }
            guard hashes.count >= minimumWords else { continue }
            _shingleSet(hashes, into: &set)
            part.summaries.append(_PairFilter.summary(of: set))
            part.signed.append(Int32(index))
            appendBandKeys(set, group: 0, scratch: &scratch, into: &part.bandKeys)
        }
        return part
    }

    /// Appends the band keys of `set`'s signature for the bands of `group`.
    func appendBandKeys(_ set: [UInt64], group: Int, scratch: inout Scratch, into bandKeys: inout [UInt32]) {
        let shift = UInt64(64 - k.trailingZeroBitCount)
        // One permutation hashing: the hash's top bits pick one of k bins,
        // each bin keeps its smallest value; an empty bin borrows the next
        // filled one (circularly), salted by the distance, so that two
        // similar sets still agree on it.
        for j in 0..<k { scratch.signature[j] = .max }
        for shingle in set {
            let bin = Int(shingle >> shift)
            scratch.signature[bin] = min(scratch.signature[bin], shingle & (.max >> UInt64(k.trailingZeroBitCount)))
        }
        // Only the group's bins are densified (`_densify`'s values).
        let bins = (group * bandsPerGroup * rows)..<((group + 1) * bandsPerGroup * rows)
        _densifiedBins(scratch.signature, bins, into: &scratch.dense)
        for band in (group * bandsPerGroup)..<((group + 1) * bandsPerGroup) {
            var key: UInt64 = 0xCBF2_9CE4_8422_2325
            for j in (band * rows)..<((band + 1) * rows) { key = _mix(key ^ scratch.dense[j]) }
            bandKeys.append(UInt32(truncatingIfNeeded: key >> 32))
        }
    }
}

/// Cheap, exact tests that a candidate pair cannot reach the Jaccard
/// threshold, from what a unit keeps: its number of distinct shingles and the
/// top 32 bits of its `prefixCapacity` smallest shingles.
///
/// - Size: J(A, B) ≤ min(|A|, |B|) / max(|A|, |B|), and the division is
///   rounded monotonically, so the computed similarity is below the threshold
///   whenever the computed size ratio is.
/// - Prefix (the set-similarity-join prefix filter): if J ≥ t, A and B share
///   o ≥ t · max(|A|, |B|) shingles, so their smallest shared shingle is among
///   the first |A| − o + 1 of A and the first |B| − o + 1 of B. The prefix
///   lengths here use one shared shingle less than ⌈t · |A|⌉ (a margin for the
///   rounding of the computed ratio), so they are at least as long as needed.
///   Top halves keep the order and only add matches, so no match of the top
///   halves means no match of the shingles.
///
/// A pair that passes is checked exactly: the filter changes no result,
/// only skips work. Pairs are filtered when a bucket yields them (a pair of
/// short units never enters the candidates) and again, against the whole
/// earlier set, before the exact check. Short paragraphs leave most bins
/// empty, so a band is often borrowed from one shingle; a shared band key
/// rarely means shared smallest shingles, so the prefix test skips most pairs.
struct _PairFilter {
    /// Smallest shingles a unit keeps; a unit needing a longer prefix is
    /// never skipped by the prefix test.
    /// (Four: `Summary` holds them in a `SIMD4`.)
    static let prefixCapacity = 4
    let threshold: Double
    /// Distinct shingles of each unit (0 for a unit without a signature).
    var counts: [UInt32]
    /// `prefixCapacity` top halves a unit, the smallest first.
    var prefixes: [UInt32]

    init(unitCount: Int, threshold: Double) {
        self.threshold = threshold
        counts = [UInt32](repeating: 0, count: unitCount)
        prefixes = [UInt32](repeating: 0, count: unitCount * Self.prefixCapacity)
    }

    /// The prefix of a set of `count` shingles that must hold a shared one.
    @inline(__always)
    func prefixLength(_ count: Int) -> Int {
        let required = Int((threshold * Double(count)).rounded(.up)) - 1
        return count - max(0, required) + 1
    }

    /// Keeps `set`'s size and smallest shingles for `unit`.
    mutating func record(_ set: [UInt64], unit: Int) {
        record(Self.summary(of: set), unit: unit)
    }

    /// What the filter keeps of a sorted shingle set: its size and the top
    /// halves of its `prefixCapacity` smallest shingles (0 past its end).
    typealias Summary = (count: UInt32, prefix: SIMD4<UInt32>)

    static func summary(of set: [UInt64]) -> Summary {
        var prefix = SIMD4<UInt32>()
        for (slot, shingle) in set.prefix(prefixCapacity).enumerated() { prefix[slot] = UInt32(truncatingIfNeeded: shingle >> 32) }
        return (UInt32(clamping: set.count), prefix)
    }

    /// Keeps a summary (`summary(of:)`, made on any thread) for `unit`.
    mutating func record(_ summary: Summary, unit: Int) {
        counts[unit] = summary.count
        for slot in 0..<Self.prefixCapacity { prefixes[unit * Self.prefixCapacity + slot] = summary.prefix[slot] }
    }

    /// False when the shingle sets of units `a` and `b` cannot reach the
    /// threshold, from what they keep only (so a pair of units needing
    /// prefixes longer than `prefixCapacity` is kept).
    func mayReachThreshold(_ a: Int, _ b: Int) -> Bool {
        let countA = Int(counts[a]), countB = Int(counts[b])
        guard countA > 0, countB > 0, countA < Int(UInt32.max), countB < Int(UInt32.max) else { return true }
        let ratio = Double(min(countA, countB)) / Double(max(countA, countB))
        if ratio < threshold { return false }
        let prefixA = min(prefixLength(countA), countA), prefixB = min(prefixLength(countB), countB)
        guard prefixA <= Self.prefixCapacity, prefixB <= Self.prefixCapacity else { return true }
        for x in 0..<prefixA {
            let top = prefixes[a * Self.prefixCapacity + x]
            for y in 0..<prefixB where prefixes[b * Self.prefixCapacity + y] == top { return true }
        }
        return false
    }

    /// False when `first` and `unit`'s shingle set cannot reach the threshold.
    func mayReachThreshold(_ first: [UInt64], unit: Int) -> Bool {
        let count = Int(counts[unit])
        guard count > 0, count < Int(UInt32.max), !first.isEmpty else { return true }
        let ratio = Double(min(count, first.count)) / Double(max(count, first.count))
        if ratio < threshold { return false }
        let unitPrefix = min(prefixLength(count), count)
        guard unitPrefix <= Self.prefixCapacity else { return true }
        let firstPrefix = min(prefixLength(first.count), first.count)
        let base = unit * Self.prefixCapacity
        for a in 0..<firstPrefix {
            let top = UInt32(truncatingIfNeeded: first[a] >> 32)
            for b in 0..<unitPrefix where prefixes[base + b] == top { return true }
        }
        return false
    }
}

/// Sorts `values` by their high 32 bits, keeping the order of values whose
/// high halves are equal: a least-significant-digit radix sort, four passes
/// of 8 bits over one histogram, a pass skipped when every value has the
/// same byte there. The same order as `values.sort()` when values with equal
/// high halves already ascend. Near-dedup sorts one array of
/// `key << 32 | unit` a band. The histogram is an `Array` (see the notes at
/// the top of the file).
///
/// - Complexity: O(n), with `scratch` grown to `values.count`.
func _sortByHighHalf(_ values: inout [UInt64], scratch: inout [UInt64]) {
    let n = values.count
    guard n > 1 else { return }
    if scratch.count < n { scratch = [UInt64](repeating: 0, count: n) }
    var histogram = [Int](repeating: 0, count: 4 * 256)
    values.withUnsafeMutableBufferPointer { values in
        scratch.withUnsafeMutableBufferPointer { scratch in
            histogram.withUnsafeMutableBufferPointer { counts in
                var source = values.baseAddress!, target = scratch.baseAddress!
                for i in 0..<n {
                    let key = Int(truncatingIfNeeded: source[i] >> 32)
                    counts[key & 0xFF] += 1
                    counts[256 + (key >> 8 & 0xFF)] += 1
                    counts[512 + (key >> 16 & 0xFF)] += 1
                    counts[768 + (key >> 24 & 0xFF)] += 1
                }
                for pass in 0..<4 {
                    let base = pass * 256
                    let shift = UInt64(32 + 8 * pass)
                    // Every value in one bucket: this byte orders nothing.
                    if counts[base + Int(truncatingIfNeeded: source[0] >> shift & 0xFF)] == n { continue }
                    var offset = 0
                    for bucket in 0..<256 {
                        let count = counts[base + bucket]
                        counts[base + bucket] = offset
                        offset += count
                    }
                    for i in 0..<n {
                        let value = source[i]
                        let bucket = base + Int(truncatingIfNeeded: value >> shift & 0xFF)
                        target[counts[bucket]] = value
                        counts[bucket] += 1
                    }
                    swap(&source, &target)
                }
                if source != values.baseAddress! { values.baseAddress!.update(from: source, count: n) }
            }
        }
    }
}

func _sortUnique(_ values: inout [Int], from sortedCount: Int) {
    guard values.count > sortedCount else { return }
    values[sortedCount...].sort()
    if sortedCount > 0 && values[sortedCount - 1] > values[sortedCount] {
        values.sort()
    }
    _removeAdjacentRepeats(&values)
}

/// The sorted, distinct word 3-gram shingles of a unit's word hashes
/// (at least three), into a reused buffer.
func _shingleSet(_ hashes: [UInt64], into set: inout [UInt64]) {
    set.removeAll(keepingCapacity: true)
    guard hashes.count >= 3 else { return }
    for i in 0..<(hashes.count - 2) {
        set.append(_mix(hashes[i] &* 31 &+ hashes[i + 1] &* 131 &+ hashes[i + 2]))
    }
    set.sort()
    _removeAdjacentRepeats(&set)
}

/// Keeps the first of each run of equal neighbours (on a sorted array: its
/// distinct values), in place.
func _removeAdjacentRepeats<T: Equatable>(_ values: inout [T]) {
    var unique = 0
    for index in values.indices where unique == 0 || values[unique - 1] != values[index] {
        values[unique] = values[index]
        unique += 1
    }
    values.removeLast(values.count - unique)
}

/// Fills the empty bins (`.max`) of a one-permutation MinHash signature: an
/// empty bin takes the next filled one (circularly), salted by the distance.
///
/// In O(k): `_densifiedBins` of every bin. An empty bin borrows the first
/// bin after it that was filled from the start; past the end it wraps to
/// bin 0's densified value. The same values as an O(k²) scan through the
/// bins in order, which sees bin 0 already filled (a test compares them).
func _densify(_ signature: inout [UInt64]) {
    var dense = signature
    _densifiedBins(signature, 0..<signature.count, into: &dense)
    signature = dense
}

/// The values `_densify` gives bins `bins` of `signature` (empty bins
/// `.max`), into the same bins of `dense`, without densifying the others
/// and with no allocation: an empty bin borrows the first filled bin after
/// it; past the last one, bin 0's own densified value.
func _densifiedBins(_ signature: [UInt64], _ bins: Range<Int>, into dense: inout [UInt64]) {
    let k = signature.count
    signature.withUnsafeBufferPointer { s in
        dense.withUnsafeMutableBufferPointer { d in
            var next = bins.lowerBound  // the first filled bin at or after j
            while next < k && s[next] == .max { next += 1 }
            var wrapped: UInt64? = nil  // bin 0's densified value
            for j in bins {
                if j == next {
                    d[j] = s[j]
                    next += 1
                    while next < k && s[next] == .max { next += 1 }
                } else if next < k {
                    d[j] = _mix(s[next] &+ UInt64(next - j)) | (1 << 63)
                } else {
                    if wrapped == nil {
                        var first = 0
                        while first < k && s[first] == .max { first += 1 }
                        guard first < k else {  // all empty: unchanged
                            d[j] = .max
                            continue
                        }
                        wrapped = first == 0 ? s[0] : _mix(s[first] &+ UInt64(first)) | (1 << 63)
                    }
                    d[j] = _mix(wrapped! &+ UInt64(k - j)) | (1 << 63)
                }
            }
        }
    }
}

/// The number of values two sorted, duplicate-free arrays share.
func _intersectionCount(_ a: [UInt64], _ b: [UInt64]) -> Int {
    var i = 0, j = 0, count = 0
    while i < a.count && j < b.count {
        if a[i] < b[j] {
            i += 1
        } else if a[i] > b[j] {
            j += 1
        } else {
            count += 1
            i += 1
            j += 1
        }
    }
    return count
}

/// FNV-1a hashes of the words of a text, case-folded (ASCII); a word is a
/// run of ASCII letters and digits and non-ASCII bytes.
func _foldedWordHashes(_ bytes: ArraySlice<UInt8>) -> [UInt64] {
    var hashes: [UInt64] = []
    _foldedWordHashes(bytes, into: &hashes)
    return hashes
}

/// `_foldedWordHashes(_:)` into a reused buffer (emptied first).
func _foldedWordHashes(_ bytes: ArraySlice<UInt8>, into hashes: inout [UInt64]) {
    hashes.removeAll(keepingCapacity: true)
    bytes.withUnsafeBufferPointer { buffer in
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        var inWord = false
        for b in buffer {
            let lower = b &- UInt8(ascii: "A") < 26 ? b | 0x20 : b
            if lower &- UInt8(ascii: "a") < 26 || b &- UInt8(ascii: "0") < 10 || b >= 0x80 {
                h = (h ^ UInt64(lower)) &* 0x100_0000_01B3
                inWord = true
            } else if inWord {
                hashes.append(h)
                h = 0xCBF2_9CE4_8422_2325
                inWord = false
            }
        }
        if inWord { hashes.append(h) }
    }
}

/// A 64-bit finalizer (SplitMix64's).
@inline(__always)
func _mix(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
