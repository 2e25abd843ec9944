/// Every signed unit's shingle set, as the top 32 bits of each shingle, in
/// one flat array: near-dedup's exact check of a candidate pair first
/// compares these, so that a unit's shingles are made once, not once for
/// each of its pairs.
///
/// Exact as a filter: equal shingles have equal top halves, so merging two
/// units' sorted top halves counts at least their shared shingles, and the
/// similarity computed with that count and the sets' true sizes is at least
/// the true one. A pair below the threshold here is below it in full;
/// a pair above is checked in full.
///
/// Memory: 4 bytes a shingle, about 0.7 times the units' bytes.
struct ShingleTops {
    private var tops: [UInt32] = []
    /// Where each unit's top halves start in `tops`; unsigned units are empty.
    private var starts: [Int]

    init<Ranges: RandomAccessCollection<Range<Int>>>(_ signed: [Int32], _ ranges: Ranges, _ bytes: [UInt8], minimumWords: Int)
        where Ranges.Index == Int {
        starts = [Int](repeating: 0, count: ranges.count + 1)
        var hashes: [UInt64] = [], set: [UInt64] = []
        var next = 0  // the next unit whose start is not set
        for unit in signed.lazy.map(Int.init) {
            for empty in next...unit { starts[empty] = tops.count }
            foldedWordHashes(bytes[ranges[unit]], into: &hashes)
            if hashes.count >= minimumWords {
                shingleSet(hashes, into: &set)
                for shingle in set { tops.append(UInt32(truncatingIfNeeded: shingle >> 32)) }
            }
            next = unit + 1
        }
        for empty in next...ranges.count { starts[empty] = tops.count }
    }

    /// False when units `a` and `b` cannot reach `threshold`.
    func mayReachThreshold(_ a: Int, _ b: Int, threshold: Double) -> Bool {
        let countA = starts[a + 1] - starts[a], countB = starts[b + 1] - starts[b]
        guard countA > 0, countB > 0 else { return true }
        return tops.withUnsafeBufferPointer { all in
            var x = starts[a], y = starts[b]
            let endA = starts[a + 1], endB = starts[b + 1]
            var shared = 0
            while x < endA && y < endB {
                let left = all[x], right = all[y]
                if left < right {
                    x += 1
                } else if left > right {
                    y += 1
                } else {
                    shared += 1
                    x += 1
                    y += 1
                }
            }
            return Double(shared) / Double(countA + countB - shared) >= threshold
        }
    }
}
