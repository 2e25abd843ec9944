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

/// Maps words, and pairs of neighbouring words, to term identifiers, case-folded.
///
/// Word pairs make a phrase such as a name ("First for Women") count more
/// than its words scattered over a passage.
///
/// Performance: words are keyed by a 64-bit hash of their case-folded
/// bytes in an open-addressing table (`TermTable`), not by `String`: the
/// `String` keys (an allocation and a SipHash a word) took a quarter of
/// the ranking time. A word with non-ASCII bytes is still lower-cased by
/// `String.lowercased()` (full Unicode case mapping) and then hashed the
/// same way, so identifiers are those of the `String` keys (barring a
/// 64-bit hash collision).
///
/// With a `stemmer` (ranking with a question), a word is keyed by its
/// stem's bytes instead (`Stemmer.stem(_:into:)`, folded and stemmed in a
/// buffer on the stack); words the stemmer leaves alone (digits, joiners,
/// very long words) are keyed as without one, and so are words whose stem
/// starts like no word of the question (`QueryPrefixes`: no other stem can
/// be a question word's, and most words are then not stemmed). Stem keys
/// are remembered by the hash of the word's bytes as written (`stemKeys`,
/// direct-mapped): most words recur.
struct RankingVocabulary {
    private var words = TermTable(capacity: 1024)
    private var pairs = TermTable(capacity: 1024)
    let stemmer: Stemmer?
    /// The question's prefixes (`QueryPrefixes.bits`); empty without a stemmer.
    private let prefixBits: [UInt64]
    /// Pairs (hash of the word as written, key of its stem), slot by the hash's top bits; 0 is empty.
    private var stemKeys: [UInt64] = []

    static let stemKeyBits = 12

    /// A vocabulary; with a stemmer, the words of `query` decide which
    /// words are keyed by their stems.
    init(stemmer: Stemmer? = nil, query: [UInt8] = [], segmenter: Segmenter? = nil) {
        self.stemmer = stemmer
        guard let stemmer, let segmenter else {
            prefixBits = []
            return
        }
        prefixBits = query.withUnsafeBufferPointer { QueryPrefixes.bits(query: $0, stemmer: stemmer, segmenter: segmenter) }
        stemKeys = [UInt64](repeating: 0, count: 2 << RankingVocabulary.stemKeyBits)
    }

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
            let key = pairKey(a, b)  // a bijection: no collisions
            result.append(-(pairs.slotInserting(key).slot + 1))
        }
        return result
    }

    mutating func id(_ bytes: ArraySlice<UInt8>) -> Int {
        let key = bytes.withUnsafeBufferPointer { buffer -> UInt64 in self.key(buffer) }
        return id(key: key)
    }

    /// The key of a word: its stem's with a stemmer, else `RankingVocabulary.key(_:)`.
    @inline(__always)
    mutating func key(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let stemmer, bytes.count >= Stemmer.minimumLetters, !prefixBits.isEmpty else { return RankingVocabulary.key(bytes) }
        // An ASCII word starts like its stem: most words stop here.
        let b0 = bytes[0], b1 = bytes[1]
        if b0 < 0x80 && b1 < 0x80 && (b0 | 0x20) &- UInt8(ascii: "a") < 26 && (b1 | 0x20) &- UInt8(ascii: "a") < 26 {
            let bit = QueryPrefixes.asciiKey(b0, b1)
            if prefixBits[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return RankingVocabulary.key(bytes) }
        }
        let written = foldedASCIIHash(bytes)
        let slot = Int(truncatingIfNeeded: written >> UInt64(64 - RankingVocabulary.stemKeyBits)) &<< 1
        if stemKeys[slot] == written { return stemKeys[slot &+ 1] }
        let key = _stemKey(bytes, stemmer)
        stemKeys[slot] = written
        stemKeys[slot &+ 1] = key
        return key
    }

    @inline(never)
    func _stemKey(_ bytes: UnsafeBufferPointer<UInt8>, _ stemmer: Stemmer) -> UInt64 {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Stemmer.scratchBytes) { scratch in
            let base = scratch.baseAddress.unsafelyUnwrapped
            guard let count = stemmer.stem(bytes, into: base) else { return RankingVocabulary.key(bytes) }
            let bit = QueryPrefixes.key(base, count)
            guard prefixBits[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { return RankingVocabulary.key(bytes) }
            return foldedASCIIHash(UnsafeBufferPointer(start: base, count: count))
        }
    }

    /// The identifier of a word's key (`key(_:)`), added when new.
    mutating func id(key: UInt64) -> Int {
        return words.slotInserting(key).slot
    }

    /// The number of distinct words so far: identifiers are `0..<wordCount`.
    var wordCount: Int { words.count }

    /// The key of a word: the 64-bit hash of its case-folded bytes.
    @inline(__always)
    static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        for b in bytes where b >= 0x80 { return _nonASCIIKey(bytes) }
        return foldedASCIIHash(bytes)
    }

    @inline(never)
    static func _nonASCIIKey(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        Array(String(decoding: bytes, as: UTF8.self).lowercased().utf8).withUnsafeBufferPointer { foldedASCIIHash($0) }
    }

    /// The terms of a question (`terms(_:_:in:)` of its words, split):
    /// its word identifiers in order, and the keys of its pairs of
    /// neighbouring words (`pairKey`), which is all BM25 needs to match a
    /// pair: the pair keys of a text are not kept in a table.
    ///
    /// With `options` (the question's option names, `OptionNames`), each
    /// name is a term after its last word, as `RankingWords` places it in the text.
    ///
    /// With `identifierParts`, the parts of each identifier
    /// (`IdentifierParts`) follow it, as `RankingWords` places those of code.
    mutating func queryTerms(_ bytes: [UInt8], _ words: [Word], options: [Range<Int>] = [], identifierParts: Bool = false) -> QueryTerms {
        var unigrams: [Int] = []
        var option = 0
        for word in words where word.isWord {
            unigrams.append(id(bytes[word.range]))
            while option < options.count && options[option].upperBound < word.range.upperBound { option += 1 }
            if option < options.count && options[option].upperBound == word.range.upperBound {
                let key = bytes.withUnsafeBufferPointer { OptionNames.key(UnsafeBufferPointer(rebasing: $0[options[option]])) }
                unigrams.append(id(key: key))
                option += 1
            }
            if identifierParts {
                for part in bytes.withUnsafeBufferPointer({ IdentifierParts.ranges(in: $0, word.range) }) {
                    unigrams.append(id(bytes[part]))
                }
            }
        }
        var pairs: [UInt64] = []
        for (a, b) in zip(unigrams, unigrams.dropFirst()) { pairs.append(pairKey(a, b)) }
        return QueryTerms(unigrams: unigrams, pairs: pairs)
    }
}

/// A question's terms for BM25 over `RankingWords`: word identifiers and
/// the keys of its word pairs, in order, repeats included.
struct QueryTerms {
    var unigrams: [Int]
    var pairs: [UInt64]
}

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
