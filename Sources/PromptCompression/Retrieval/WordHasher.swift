/// A fast word scanner for the coarse stage: the case-folded words of UTF-8
/// text as 64-bit hashes, without `String`, `Word` arrays or ICU for
/// scripts that separate words with spaces.
///
/// A word is a run of letters and digits (ASCII, or any Unicode letter,
/// digit or combining mark); an apostrophe (`'` or `’`), a period, or a
/// comma between digits joins two runs into one word ("don't", "e.g",
/// "3.14", "1,000"), as ICU's word rules do. Letters are folded to lower
/// case: ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic (the others
/// hash as written). Runs of scripts written without spaces (Han, kana,
/// Thai, Lao, Khmer, Myanmar) go to ICU's dictionary word segmentation, one
/// call a run.
///
/// The hashes are FNV-1a over the folded bytes; a text and a question hash
/// alike, which is all BM25 over hashes needs (a collision of two words is
/// a 2^-64 event).
struct WordHasher {
    let segmenter: Segmenter


    /// Calls `body` with the hash of each word of `buffer[range]`, in order.
    ///
    /// - Complexity: O(n) in the bytes of `range`; ICU's cost for runs of
    ///   scripts without spaces.
    @inline(__always)
    func forEachWord(in buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ body: (UInt64) -> Void) {
        var cursor = WordCursor(buffer: buffer, range: range, segmenter: segmenter)
        while let word = cursor.next() { body(word) }
    }
}

/// The ASCII letters of eight bytes read as a little-endian word: 0x80 in
/// each byte that is one (`b | 0x20` in `a...z`, as the byte loop tests),
/// else 0. Bytes from 0x80 give 0.
@inline(__always)
func letterBits(_ w: UInt64) -> UInt64 {
    let low = w & ~highBits
    let lower = low | 0x2020_2020_2020_2020
    // Per byte, below 0x80: `+ 0x1F` sets the high bit from "a", `+ 0x05` from "{"; no carries.
    let fromA = lower &+ 0x1F1F_1F1F_1F1F_1F1F
    let fromBrace = lower &+ 0x0505_0505_0505_0505
    return fromA & ~fromBrace & ~w & highBits
}

/// The ASCII digits of eight bytes, as `letterBits`.
@inline(__always)
func digitBits(_ w: UInt64) -> UInt64 {
    let low = w & ~highBits
    let fromZero = low &+ 0x5050_5050_5050_5050
    let fromColon = low &+ 0x4646_4646_4646_4646
    return fromZero & ~fromColon & ~w & highBits
}

/// The word of ASCII letters and digits at `start` (a letter or digit),
/// read eight bytes at a time, with the hash the byte loop of
/// `WordCursor.next()` gives it; `next` is 0 when that loop must read it
/// (a byte from 0x80 or a joiner in or right after it, or fewer than eight
/// bytes left to load).
///
/// The byte loop shifts each folded byte into a register, mixes the
/// register into the hash after every eighth byte, and ends with the last
/// (up to eight) bytes and the length: so a full chunk of eight is one mix
/// of its byte-swapped word, and the end is the byte-swapped last eight
/// bytes of the word (or the word itself when shorter).
@inline(__always)
func asciiWord(_ base: UnsafePointer<UInt8>, at start: Int, end: Int) -> (hash: UInt64, next: Int) {
    let raw = UnsafeRawPointer(base)
    var h = FNV1a.offset
    var p = start
    var w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: p, as: UInt64.self))
    var letters = letterBits(w)
    var wordBits = letters | digitBits(w)
    // Whole chunks of eight word bytes.
    while wordBits == highBits {
        h = mixBits(h ^ (w | letters >> 2).byteSwapped)
        p &+= 8
        guard p &+ 8 <= end else { return (0, 0) }
        w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: p, as: UInt64.self))
        letters = letterBits(w)
        wordBits = letters | digitBits(w)
    }
    let n = (~wordBits & highBits).trailingZeroBitCount &>> 3  // word bytes in this chunk, 0...7
    let stop = w &>> UInt64(n &<< 3) & 0xFF
    if stop >= 0x80 { return (0, 0) }
    if stop == UInt64(UInt8(ascii: "'")) || stop == UInt64(UInt8(ascii: ".")) || stop == UInt64(UInt8(ascii: ",")) {
        let after = p &+ n &+ 1
        if after < end && isASCIIAlphanumeric(base[after]) { return (0, 0) }
    }
    let wordEnd = p &+ n
    let length = wordEnd &- start
    let register: UInt64
    if length >= 8 {
        let last = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: wordEnd &- 8, as: UInt64.self))
        register = (last | letterBits(last) >> 2).byteSwapped
    } else {
        let mask: UInt64 = (1 &<< UInt64(n &<< 3)) &- 1
        register = ((w | letters >> 2) & mask).byteSwapped &>> UInt64((8 &- n) &<< 3)
    }
    return (mixBits(h ^ register ^ UInt64(truncatingIfNeeded: length) << 59), wordEnd &+ 1)
}

/// FNV-1a of some bytes.
@inline(__always)
func hashBytes(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
    var h = FNV1a.offset
    for i in range { h = (h ^ UInt64(buffer[i])) &* FNV1a.prime }
    return h
}

/// Bytes 0x80 of the high bit of each byte of a word.
private let highBits: UInt64 = 0x8080_8080_8080_8080
