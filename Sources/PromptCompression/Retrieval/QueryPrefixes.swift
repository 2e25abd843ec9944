/// The first two bytes of the question's words and of their stems: a
/// word is ranked by its stem only when its stem starts like one of them,
/// since no other stem can equal a question word's. It spares stemming
/// most words of a text, and is a function of the stem alone, so two words
/// with one stem are treated alike (both by their stem, or both, having a
/// stem no question word starts like, as written).
///
///     bits  [ 65,536 bits ]   bit (b0 << 8 | b1) for a word or stem starting b0 b1
///
/// An ASCII word of at least `Stemmer.minimumLetters` letters starts like
/// its stem (the stemmers change only its end), so its own first two
/// bytes, lower-cased, are tested before it is stemmed.
struct QueryPrefixes: @unchecked Sendable {
    private let bits: UnsafeMutablePointer<UInt64>

    /// The prefixes of `bits(query:stemmer:segmenter:)`, in memory of their
    /// own until `deallocate()` (the coarse stage's memos share them).
    init(query: UnsafeBufferPointer<UInt8>, stemmer: Stemmer, segmenter: Segmenter) {
        let array = QueryPrefixes.bits(query: query, stemmer: stemmer, segmenter: segmenter)
        bits = .allocate(capacity: array.count)
        bits.initialize(from: array, count: array.count)
    }

    func deallocate() { bits.deallocate() }

    /// The bit set of the prefixes of the words of `query` (as `WordCursor`
    /// reads them), folded and stemmed by `stemmer`, and folded only.
    static func bits(query: UnsafeBufferPointer<UInt8>, stemmer: Stemmer, segmenter: Segmenter) -> [UInt64] {
        var bits = [UInt64](repeating: 0, count: 1024)
        func insert(_ word: UnsafePointer<UInt8>, _ count: Int) {
            guard count > 0 else { return }
            let key = QueryPrefixes.key(word, count)
            bits[key >> 6] |= 1 << UInt64(key & 63)
        }
        var cursor = WordCursor(buffer: query, range: 0..<query.count, segmenter: segmenter, asciiFastPath: false)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Stemmer.scratchBytes) { scratch in
            let base = scratch.baseAddress!
            while cursor.next() != nil {
                guard cursor.wordEnd > cursor.wordStart else { continue }
                let word = UnsafeBufferPointer(rebasing: query[cursor.wordStart..<cursor.wordEnd])
                if let count = stemmer.stem(word, into: base) { insert(base, count) }
                if let count = Stemmer.fold(word, into: base, language: stemmer.language) { insert(base, count) }
            }
        }
        return bits
    }

    /// The bit of a stem or folded word: its first two bytes.
    @inline(__always)
    static func key(_ word: UnsafePointer<UInt8>, _ count: Int) -> Int {
        Int(word[0]) << 8 | Int(count > 1 ? word[1] : 0)
    }

    /// The bit of an ASCII word whose first two bytes are letters: lower-cased.
    @inline(__always)
    static func asciiKey(_ b0: UInt8, _ b1: UInt8) -> Int {
        Int(b0 | 0x20) << 8 | Int(b1 | 0x20)
    }

    /// Whether a stem (or folded word) of `count` bytes may be a question word's.
    @inline(__always)
    func contains(_ word: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        guard count > 0 else { return false }
        let key = QueryPrefixes.key(word, count)
        return bits[key >> 6] & (1 << UInt64(key & 63)) != 0
    }

    /// `contains` for an ASCII word's first two letters, lower-cased.
    @inline(__always)
    func containsASCII(_ b0: UInt8, _ b1: UInt8) -> Bool {
        let key = QueryPrefixes.asciiKey(b0, b1)
        return bits[key >> 6] & (1 << UInt64(key & 63)) != 0
    }
}
