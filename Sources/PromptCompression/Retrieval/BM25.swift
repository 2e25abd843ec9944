

/// Okapi BM25 over the units of a document (documents or sentences).
///
/// Terms are the words of ICU's word segmentation, case-folded; numbers are
/// terms too. A term's weight is `idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len / avgLen))`
/// with `idf = ln(1 + (N - n + 0.5) / (n + 0.5))`, the form that never goes negative.
public struct BM25: Sendable {
    /// Term frequency saturation (default 1.2).
    public var k1: Double
    /// Length normalization (default 0.75).
    public var b: Double

    public init(k1: Double = 1.2, b: Double = 0.75) {
        self.k1 = k1
        self.b = b
    }

    /// Scores of each unit for the query terms.
    ///
    /// - Parameters:
    ///   - units: Bags of terms (term identifiers) of each unit.
    ///   - query: The query's terms (repeats count once).
    /// - Complexity: O(total terms + units × query terms).
    public func scores(units: [[Int]], query: [Int]) -> [Double] {
        let n = Double(units.count)
        guard !units.isEmpty else { return [] }
        // Query terms to dense slots through an array over their id range
        // (ids are small integers, pairs negative): no hashing a term.
        let distinct = Array(Set(query)).sorted()
        guard let low = distinct.first, let high = distinct.last else { return [Double](repeating: 0, count: units.count) }
        var slotOf = [Int32](repeating: -1, count: high - low + 1)
        for (slot, term) in distinct.enumerated() { slotOf[term - low] = Int32(slot) }
        var documentFrequency = [Int](repeating: 0, count: distinct.count)
        var frequency = [Int](repeating: 0, count: distinct.count)
        var touched: [Int] = []
        // (unit, slot, tf) of each query term found, units in order.
        var entries: [(unit: Int, slot: Int, tf: Int)] = []
        var totalLength = 0
        for (index, unit) in units.enumerated() {
            for term in unit where term >= low && term <= high {
                let slot = Int(slotOf[term - low])
                guard slot >= 0 else { continue }
                if frequency[slot] == 0 { touched.append(slot) }
                frequency[slot] += 1
            }
            for slot in touched {
                entries.append((index, slot, frequency[slot]))
                documentFrequency[slot] += 1
                frequency[slot] = 0
            }
            touched.removeAll(keepingCapacity: true)
            totalLength += unit.count
        }
        let averageLength = max(1, Double(totalLength) / n)
        let idf = documentFrequency.map { df in log(1 + (n - Double(df) + 0.5) / (Double(df) + 0.5)) }
        var scores = [Double](repeating: 0, count: units.count)
        for entry in entries {
            let norm = k1 * (1 - b + b * Double(units[entry.unit].count) / averageLength)
            let f = Double(entry.tf)
            scores[entry.unit] += idf[entry.slot] * f * (k1 + 1) / (f + norm)
        }
        return scores
    }
}

extension BM25 {
    /// `scores(units:query:)` for units whose terms are runs of word
    /// identifiers (`RankingWords.ids`): a unit is one or two runs, and a
    /// run's terms are its words, then the pairs of neighbouring words, as
    /// `RankingVocabulary.terms` lists them. Same scores, in the same order of
    /// summation, without a term array a unit.
    ///
    /// - Parameters:
    ///   - unitCount: The number of units.
    ///   - ids: Word identifiers, each below `wordCount`.
    ///   - query: The question's terms (repeats count once).
    ///   - runs: The runs of a unit (the second may be empty).
    /// - Complexity: O(total words + units × query terms).
    func _scores(
        unitCount: Int, ids: [UInt32], wordCount: Int, query: QueryTerms, runs: (Int) -> (Range<Int>, Range<Int>)
    ) -> [Double] {
        let n = Double(unitCount)
        guard unitCount > 0 else { return [] }
        // Query terms to dense slots: words through an array over the
        // vocabulary, pairs by key among the few of the question (only a
        // pair of two question words can be one).
        var slotOf = [Int32](repeating: -1, count: wordCount)
        var slotCount: Int32 = 0
        for term in query.unigrams where slotOf[term] < 0 {
            slotOf[term] = slotCount
            slotCount += 1
        }
        var pairKeys: [UInt64] = []
        for key in query.pairs where !pairKeys.contains(key) { pairKeys.append(key) }
        let pairBase = Int(slotCount)
        let slots = pairBase + pairKeys.count
        guard slots > 0 else { return [Double](repeating: 0, count: unitCount) }
        var documentFrequency = [Int](repeating: 0, count: slots)
        var frequency = [Int](repeating: 0, count: slots)
        var touched: [Int] = []
        var lengths = [Int](repeating: 0, count: unitCount)
        // (unit, slot, tf) of each query term found, units in order.
        var entries: [(unit: Int, slot: Int, tf: Int)] = []
        var totalLength = 0
        ids.withUnsafeBufferPointer { ids in
            slotOf.withUnsafeBufferPointer { slotOf in
                @inline(__always) func count(_ slot: Int) {
                    if frequency[slot] == 0 { touched.append(slot) }
                    frequency[slot] += 1
                }
                @inline(__always) func add(_ run: Range<Int>) {
                    for k in run {
                        let slot = slotOf[Int(ids[k])]
                        if slot >= 0 { count(Int(slot)) }
                    }
                    guard !pairKeys.isEmpty, run.count > 1 else { return }
                    for k in run.lowerBound..<(run.upperBound - 1) {
                        let a = Int(ids[k]), b = Int(ids[k + 1])
                        guard slotOf[a] >= 0 && slotOf[b] >= 0 else { continue }
                        if let index = pairKeys.firstIndex(of: pairKey(a, b)) { count(pairBase + index) }
                    }
                }
                for index in 0..<unitCount {
                    let (first, second) = runs(index)
                    add(first)
                    add(second)
                    for slot in touched {
                        entries.append((index, slot, frequency[slot]))
                        documentFrequency[slot] += 1
                        frequency[slot] = 0
                    }
                    touched.removeAll(keepingCapacity: true)
                    let length = RankingWords.termCount(first) + RankingWords.termCount(second)
                    lengths[index] = length
                    totalLength += length
                }
            }
        }
        let averageLength = max(1, Double(totalLength) / n)
        let idf = documentFrequency.map { df in log(1 + (n - Double(df) + 0.5) / (Double(df) + 0.5)) }
        var scores = [Double](repeating: 0, count: unitCount)
        for entry in entries {
            let norm = k1 * (1 - b + b * Double(lengths[entry.unit]) / averageLength)
            let f = Double(entry.tf)
            scores[entry.unit] += idf[entry.slot] * f * (k1 + 1) / (f + norm)
        }
        return scores
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The key of a pair of neighbouring words, from their identifiers: a
/// bijection of the two 32-bit identifiers (no collisions), as
/// `RankingVocabulary.terms` keys its pair table.
@inline(__always)
func pairKey(_ a: Int, _ b: Int) -> UInt64 {
    mixBits(UInt64(truncatingIfNeeded: a) << 32 | UInt64(truncatingIfNeeded: b))
}

/// A 64-bit hash of bytes with ASCII letters lower-cased: eight bytes to a
/// register, mixed when it is full, and the length.
@inline(__always)
func foldedASCIIHash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h = FNV1a.offset
    var register: UInt64 = 0
    for (i, b) in bytes.enumerated() {
        register = register &<< 8 | UInt64(b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b)
        if i & 7 == 7 {
            h = mixBits(h ^ register)
            register = 0
        }
    }
    return mixBits(h ^ register ^ UInt64(bytes.count) << 48)
}
