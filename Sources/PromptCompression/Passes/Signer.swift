/// Signs units for `NearDuplicateRemoval.duplicates`: their word hashes,
/// relevance to the question, shingle sets (kept only as `PairFilter`'s
/// size and prefix) and the band keys of their MinHash signatures.
struct Signer: Sendable {
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
    /// its `PairFilter` summary and `bandsPerGroup` band keys.
    struct Part {
        let units: Range<Int>
        var relevance: [Int32] = []
        var signed: [Int32] = []
        var summaries: [PairFilter.Summary] = []
        var bandKeys: [UInt32] = []
    }

    func sign<Ranges: RandomAccessCollection<Range<Int>>>(
        _ units: Range<Int>, _ ranges: Ranges, _ bytes: [UInt8], queryWords: TermTable
    ) -> Part where Ranges.Index == Int {
        var part = Part(units: units)
        var scratch = Scratch(k: k)
        var hashes: [UInt64] = [], set: [UInt64] = []
        for index in units {
            foldedWordHashes(bytes[ranges[index]], into: &hashes)
            if queryWords.count > 0 { part.relevance.append(Int32(hashes.reduce(0) { $0 + (queryWords.slot(of: $1) >= 0 ? 1 : 0) })) }
            guard hashes.count >= minimumWords else { continue }
            shingleSet(hashes, into: &set)
            part.summaries.append(PairFilter.summary(of: set))
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
        // Only the group's bins are densified (`densify`'s values).
        let bins = (group * bandsPerGroup * rows)..<((group + 1) * bandsPerGroup * rows)
        densifiedBins(scratch.signature, bins, into: &scratch.dense)
        for band in (group * bandsPerGroup)..<((group + 1) * bandsPerGroup) {
            var key: UInt64 = FNV1a.offset
            for j in (band * rows)..<((band + 1) * rows) { key = mixBits(key ^ scratch.dense[j]) }
            bandKeys.append(UInt32(truncatingIfNeeded: key >> 32))
        }
    }
}
