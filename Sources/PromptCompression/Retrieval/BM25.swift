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

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Maps words, and pairs of neighbouring words, to term identifiers, case-folded.
///
/// Word pairs make a phrase such as a name ("First for Women") count more
/// than its words scattered over a passage.
///
/// Performance: words are keyed by a 64-bit hash of their case-folded
/// bytes in an open-addressing table (`_TermTable`), not by `String`: the
/// `String` keys (an allocation and a SipHash a word) took a quarter of
/// the ranking time. A word with non-ASCII bytes is still lower-cased by
/// `String.lowercased()` (full Unicode case mapping) and then hashed the
/// same way, so identifiers are those of the `String` keys (barring a
/// 64-bit hash collision).
struct _Vocabulary {
    private var words = _TermTable(capacity: 1024)
    private var pairs = _TermTable(capacity: 1024)

    /// The terms of the word segments inside `range` (`words` sorted by position):
    /// each word, then each pair of neighbouring words.
    mutating func terms(_ bytes: [UInt8], _ words: [Word], in range: Range<Int>) -> [Int] {
        // First word starting at or after range.lowerBound.
        var low = 0, high = words.count
        while low < high {
            let mid = (low + high) / 2
            if words[mid].range.lowerBound < range.lowerBound { low = mid + 1 } else { high = mid }
        }
        var unigrams: [Int] = []
        var i = low
        while i < words.count && words[i].range.upperBound <= range.upperBound {
            if words[i].isWord { unigrams.append(id(bytes[words[i].range])) }
            i += 1
        }
        var result = unigrams
        result.reserveCapacity(unigrams.count * 2)
        for (a, b) in zip(unigrams, unigrams.dropFirst()) {
            let key = _mix(UInt64(truncatingIfNeeded: a) << 32 | UInt64(truncatingIfNeeded: b))  // a bijection: no collisions
            var slot = pairs.slot(of: key)
            if slot < 0 {
                pairs.insert(key)
                slot = pairs.count - 1
            }
            result.append(-(slot + 1))
        }
        return result
    }

    mutating func id(_ bytes: ArraySlice<UInt8>) -> Int {
        var ascii = true
        for b in bytes where b >= 0x80 {
            ascii = false
            break
        }
        let key: UInt64
        if ascii {
            key = bytes.withUnsafeBufferPointer { _foldedASCIIHash($0) }
        } else {
            key = Array(String(decoding: bytes, as: UTF8.self).lowercased().utf8).withUnsafeBufferPointer { _foldedASCIIHash($0) }
        }
        var slot = words.slot(of: key)
        if slot < 0 {
            words.insert(key)
            slot = words.count - 1
        }
        return slot
    }
}

/// A 64-bit hash of bytes with ASCII letters lower-cased: eight bytes to a
/// register, mixed when it is full, and the length.
@inline(__always)
func _foldedASCIIHash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h = _WordHasher.offset
    var register: UInt64 = 0
    for (i, b) in bytes.enumerated() {
        register = register &<< 8 | UInt64(b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b)
        if i & 7 == 7 {
            h = _mix(h ^ register)
            register = 0
        }
    }
    return _mix(h ^ register ^ UInt64(bytes.count) << 48)
}
