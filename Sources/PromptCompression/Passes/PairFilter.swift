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
struct PairFilter {
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
