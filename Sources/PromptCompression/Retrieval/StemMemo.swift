/// The coarse stage's stemmed word hashes, remembered by the word's own
/// hash: most words of a text recur, so most are stemmed once.
///
///     slots  [ raw₀ stem₀ | raw₁ stem₁ | … ]   4,096 entries, direct-mapped by
///                                              the raw hash's top 12 bits; raw 0 is empty
///
/// The stemmed hash is the one `WordCursor` gives a word spelled like the
/// stem, so a stem that is itself a word ("match" of "matches") matches it.
/// Only stems that start like a question word (`QueryPrefixes`) are used:
/// other words keep their own hash, and a word whose first two bytes are
/// ASCII letters that start no question word is not even looked up.
///
/// A memo is used by one thread at a time (`StemMemoPool` hands them out);
/// its memory is freed by `deallocate()`.
struct StemMemo {
    let stemmer: Stemmer
    let prefixes: QueryPrefixes
    private let slots: UnsafeMutablePointer<UInt64>
    private let scratch: UnsafeMutablePointer<UInt8>

    static let entryBits = 12

    init(stemmer: Stemmer, prefixes: QueryPrefixes) {
        self.stemmer = stemmer
        self.prefixes = prefixes
        slots = .allocate(capacity: 2 << StemMemo.entryBits)
        slots.initialize(repeating: 0, count: 2 << StemMemo.entryBits)
        scratch = .allocate(capacity: Stemmer.scratchBytes)
    }

    func deallocate() {
        slots.deallocate()
        scratch.deallocate()
    }

    /// The hash of the stem of the ASCII word `buffer[start..<end]` (only
    /// letters and digits), whose own hash is `raw`.
    @inline(__always)
    func stemmedASCII(_ raw: UInt64, _ buffer: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        guard end &- start >= Stemmer.minimumLetters, prefixes.containsASCII(buffer[start], buffer[start &+ 1]) else { return raw }
        return memoized(raw, buffer, start, end)
    }

    /// The hash of the stem of the word `buffer[start..<end]`, whose own hash is `raw`.
    @inline(__always)
    func stemmed(_ raw: UInt64, _ buffer: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        guard end &- start >= Stemmer.minimumLetters else { return raw }
        let b0 = buffer[start], b1 = buffer[start &+ 1]
        if (b0 | 0x20) &- UInt8(ascii: "a") < 26 && (b1 | 0x20) &- UInt8(ascii: "a") < 26 && !prefixes.containsASCII(b0, b1) {
            return raw
        }
        return memoized(raw, buffer, start, end)
    }

    /// The memo's hash for the word, stemming it when it is not there.
    @inline(__always)
    func memoized(_ raw: UInt64, _ buffer: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        let slot = Int(truncatingIfNeeded: raw >> UInt64(64 &- StemMemo.entryBits)) &<< 1
        if slots[slot] == raw { return slots[slot &+ 1] }
        return stemHash(raw, buffer, start, end, slot: slot)
    }

    @inline(never)
    func stemHash(_ raw: UInt64, _ buffer: UnsafePointer<UInt8>, _ start: Int, _ end: Int, slot: Int) -> UInt64 {
        var hash = raw
        if let count = stemmer.stem(UnsafeBufferPointer(start: buffer + start, count: end &- start), into: scratch),
            prefixes.contains(scratch, count) {
            hash = StemMemo.cursorHash(UnsafeBufferPointer(start: scratch, count: count))
        }
        slots[slot] = raw
        slots[slot &+ 1] = hash
        return hash
    }

    /// The hash `WordCursor` gives a word of these letters (folded ASCII
    /// letters and apostrophes, non-ASCII letters): each byte, or each
    /// scalar's three bytes, shifted into a register that is mixed into
    /// the hash after every eighth, then the register and the length.
    static func cursorHash(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = FNV1a.offset
        var register: UInt64 = 0
        var filled = 0
        @inline(__always) func push(_ byte: UInt64) {
            register = register &<< 8 | byte
            filled &+= 1
            if filled & 7 == 0 { h = mixBits(h ^ register) }
        }
        var i = 0
        while i < word.count {
            let b = word[i]
            if b < 0x80 {
                push(UInt64(b &- UInt8(ascii: "A") < 26 ? b | 0x20 : b))
                i &+= 1
                continue
            }
            let (value, length) = decodeScalar(word, at: i, end: word.count)
            if value == 0x2019 {
                push(UInt64(UInt8(ascii: "'")))
            } else {
                let scalar = foldedScalar(value)
                push(UInt64(scalar & 0xFF))
                push(UInt64(scalar >> 8 & 0xFF) | 0x80)
                push(UInt64(scalar >> 16))
            }
            i &+= length
        }
        return mixBits(h ^ register ^ UInt64(filled) << 59)
    }
}
