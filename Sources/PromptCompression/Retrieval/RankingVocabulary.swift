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
    // Grown from its smallest size, because only `terms(_:_:in:)` uses it
    // and the ranking never does: made at 1,024 terms, it and a stem memo of
    // 4,096 slots were 0.09 M of a 1,000-token NQ prompt's compression of
    // 5.1 M instructions (callgrind counts a `memset` byte by byte).
    /// The pairs' terms; a term's identifier is its insertion order, whatever the table's size.
    private var pairs = TermTable(capacity: 0)
    let stemmer: Stemmer?
    /// The question's prefixes (`QueryPrefixes.bits`); empty without a stemmer.
    private let prefixBits: [UInt64]
    /// Pairs (hash of the word as written, key of its stem), slot by the
    /// hash's top `stemKeyBits` bits; 0 is empty. A memo: its size changes
    /// no key.
    private var stemKeys: [UInt64] = []
    private var stemKeyBits = RankingVocabulary.maximumStemKeyBits

    /// The most slot bits of `stemKeys`, from 64 KB of text; a slot per 16
    /// bytes of a shorter text, at least 2^8.
    static let maximumStemKeyBits = 12

    /// A vocabulary; with a stemmer, the words of `query` decide which
    /// words are keyed by their stems.
    /// - Parameter textCount: The length of the text to rank, which sizes the stem memo.
    init(stemmer: Stemmer? = nil, query: [UInt8] = [], segmenter: Segmenter? = nil, textCount: Int = 1 << 16) {
        self.stemmer = stemmer
        guard let stemmer, let segmenter else {
            prefixBits = []
            return
        }
        prefixBits = query.withUnsafeBufferPointer { QueryPrefixes.bits(query: $0, stemmer: stemmer, segmenter: segmenter) }
        while stemKeyBits > 8 && textCount >> 4 < 1 << (stemKeyBits - 1) { stemKeyBits -= 1 }
        stemKeys = [UInt64](repeating: 0, count: 2 << stemKeyBits)
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
        let slot = Int(truncatingIfNeeded: written >> UInt64(64 - stemKeyBits)) &<< 1
        if stemKeys[slot] == written { return stemKeys[slot &+ 1] }
        let key = stemKey(bytes, stemmer)
        stemKeys[slot] = written
        stemKeys[slot &+ 1] = key
        return key
    }

    @inline(never)
    func stemKey(_ bytes: UnsafeBufferPointer<UInt8>, _ stemmer: Stemmer) -> UInt64 {
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
        for b in bytes where b >= 0x80 { return nonASCIIKey(bytes) }
        return foldedASCIIHash(bytes)
    }

    @inline(never)
    static func nonASCIIKey(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
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
