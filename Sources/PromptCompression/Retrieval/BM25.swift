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
        let queryTerms = Set(query)
        let orderedQuery = queryTerms.sorted()
        var documentFrequency: [Int: Int] = [:]
        var frequencies: [[Int: Int]] = []
        frequencies.reserveCapacity(units.count)
        var totalLength = 0
        for unit in units {
            var tf: [Int: Int] = [:]
            for term in unit where queryTerms.contains(term) { tf[term, default: 0] += 1 }
            for term in tf.keys { documentFrequency[term, default: 0] += 1 }
            frequencies.append(tf)
            totalLength += unit.count
        }
        let averageLength = max(1, Double(totalLength) / n)
        return zip(units, frequencies).map { unit, tf in
            guard !tf.isEmpty else { return 0 }
            var score = 0.0
            let norm = k1 * (1 - b + b * Double(unit.count) / averageLength)
            // In query-term order: a Dictionary's order differs between
            // instances, and with it the last bits of the sum (and ties).
            for term in orderedQuery {
                guard let count = tf[term] else { continue }
                let df = Double(documentFrequency[term] ?? 0)
                let idf = log(1 + (n - df + 0.5) / (df + 0.5))
                let f = Double(count)
                score += idf * f * (k1 + 1) / (f + norm)
            }
            return score
        }
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
struct _Vocabulary {
    private var ids: [String: Int] = [:]
    private var pairs: [UInt64: Int] = [:]

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
        for (a, b) in zip(unigrams, unigrams.dropFirst()) {
            let key = UInt64(a) << 32 | UInt64(b)
            if let known = pairs[key] {
                result.append(known)
            } else {
                let new = -(pairs.count + 1)
                pairs[key] = new
                result.append(new)
            }
        }
        return result
    }

    mutating func id(_ bytes: ArraySlice<UInt8>) -> Int {
        let key: String
        if bytes.allSatisfy({ $0 < 0x80 }) {
            key = String(decoding: bytes.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 }, as: UTF8.self)
        } else {
            key = String(decoding: bytes, as: UTF8.self).lowercased()
        }
        if let known = ids[key] { return known }
        let new = ids.count
        ids[key] = new
        return new
    }
}
