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
struct _WordHasher {
    let segmenter: Segmenter

    static let offset: UInt64 = 0xCBF2_9CE4_8422_2325
    static let prime: UInt64 = 0x100_0000_01B3

    /// Calls `body` with the hash of each word of `buffer[range]`, in order.
    ///
    /// - Complexity: O(n) in the bytes of `range`; ICU's cost for runs of
    ///   scripts without spaces.
    @inline(__always)
    func forEachWord(in buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ body: (UInt64) -> Void) {
        var cursor = _WordCursor(buffer: buffer, range: range, segmenter: segmenter)
        while let word = cursor.next() { body(word) }
    }
}

/// The words of a range of UTF-8 text as hashes, one at a time (see `_WordHasher`).
///
/// ASCII words are read eight bytes into a register at a time (shift and
/// or, no multiply chain per byte) and mixed once a word, a register full;
/// non-ASCII letters add their folded scalar.
struct _WordCursor {
    let buffer: UnsafeBufferPointer<UInt8>
    var index: Int
    let end: Int
    let segmenter: Segmenter
    /// Words of an unspaced run found by ICU, handed out before reading on.
    var pending: [UInt64] = []
    var pendingIndex = 0
    /// Whether ASCII words are read eight bytes at a time (`_asciiWord`);
    /// off only in tests, which compare the two paths.
    let asciiFastPath: Bool
    /// Gives each word its stem's hash (ranking with a question); nil
    /// hashes words as written, folded.
    var stems: StemMemo?
    /// The bytes of the last word `_nextByBytes()` read (empty for a word
    /// of a script without spaces, which is not stemmed).
    var wordStart = 0
    var wordEnd = 0

    init(
        buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>, segmenter: Segmenter, asciiFastPath: Bool = true,
        stems: StemMemo? = nil
    ) {
        self.buffer = buffer
        self.index = range.lowerBound
        self.end = range.upperBound
        self.segmenter = segmenter
        self.asciiFastPath = asciiFastPath
        self.stems = stems
    }

    /// The next word's hash, or nil at the end of the range.
    ///
    /// Inlined into the scans: the separators and an ASCII word read eight
    /// bytes at a time; everything else in `_nextByBytes()`, out of line.
    @inline(__always)
    mutating func next() -> UInt64? {
        if pendingIndex < pending.count {
            pendingIndex += 1
            return pending[pendingIndex - 1]
        }
        if asciiFastPath && index < end {
            var i = index
            let base = buffer.baseAddress.unsafelyUnwrapped
            // Skip to the first byte of a word.
            while i < end {
                let b = base[i]
                if b >= 0x80 || _isASCIIAlphanumeric(b) { break }
                i &+= 1
            }
            if i &+ 8 <= end {
                let word = _asciiWord(base, at: i, end: end)
                if word.next > 0 {
                    index = word.next
                    if let stems { return stems.stemmedASCII(word.hash, base, i, word.next &- 1) }
                    return word.hash
                }
            }
            index = i
        }
        guard let stems else { return _nextByBytes() }
        guard let hash = _nextByBytes() else { return nil }
        return wordEnd > wordStart ? stems.stemmed(hash, buffer.baseAddress.unsafelyUnwrapped, wordStart, wordEnd) : hash
    }

    /// `next()` a byte at a time: any word (non-ASCII letters, joiners,
    /// unspaced scripts), the reference for the eight-byte path.
    @inline(never)
    mutating func _nextByBytes() -> UInt64? {
        // Locals, not stored properties, in the byte loop.
        var i = index
        let end = self.end
        let base = buffer.baseAddress!
        var h: UInt64 = _WordHasher.offset
        var register: UInt64 = 0
        var filled = 0
        // Skip to the first byte of a word.
        while i < end {
            let b = base[i]
            if b >= 0x80 || _isASCIIAlphanumeric(b) { break }
            i &+= 1
        }
        var inWord = false
        wordStart = i
        wordEnd = i
        while i < end {
            let b = base[i]
            let lower = b | 0x20
            if b < 0x80 {
                if lower &- UInt8(ascii: "a") < 26 {
                    register = register &<< 8 | UInt64(lower)
                } else if b &- UInt8(ascii: "0") < 10 {
                    register = register &<< 8 | UInt64(b)
                } else if inWord && i + 1 < end && _isJoiner(b, before: base[i - 1], after: base[i + 1]) {
                    register = register &<< 8 | UInt64(b)
                } else if inWord {
                    index = i &+ 1
                    wordEnd = i
                    return _mix(h ^ register ^ UInt64(filled) << 59)
                } else {
                    i &+= 1
                    continue
                }
                filled &+= 1
                if filled & 7 == 0 { h = _mix(h ^ register) }
                if !inWord { wordStart = i }
                inWord = true
                i &+= 1
                continue
            }
            // A byte from 0x80: decode the scalar (classified out of line).
            let (value, length) = _decodeScalar(buffer, at: i, end: end)
            switch _scalarKind(value, inWord: inWord) {
            case .unspaced:
                if inWord {
                    index = i  // the run is read next time
                    wordEnd = i
                    return _mix(h ^ register ^ UInt64(filled) << 59)
                }
                pending.removeAll(keepingCapacity: true)
                pendingIndex = 0
                i = _unspacedRun(buffer, from: i, end: end, segmenter: segmenter, into: &pending)
                if !pending.isEmpty {
                    index = i
                    pendingIndex = 1
                    wordStart = i
                    wordEnd = i
                    return pending[0]
                }
            case .apostrophe where inWord && i + length < end && _isASCIIAlphanumeric(base[i + length]):
                register = register &<< 8 | UInt64(UInt8(ascii: "'"))  // ’ as '
                filled &+= 1
                if filled & 7 == 0 { h = _mix(h ^ register) }
                i &+= length
            case .letter:
                let scalar = _foldedScalar(value)
                // Three bytes: low, middle (tagged), high.
                register = register &<< 8 | UInt64(scalar & 0xFF)
                filled &+= 1
                if filled & 7 == 0 { h = _mix(h ^ register) }
                register = register &<< 8 | UInt64(scalar >> 8 & 0xFF) | 0x80
                filled &+= 1
                if filled & 7 == 0 { h = _mix(h ^ register) }
                register = register &<< 8 | UInt64(scalar >> 16)
                filled &+= 1
                if filled & 7 == 0 { h = _mix(h ^ register) }
                if !inWord { wordStart = i }
                inWord = true
                i &+= length
            default:
                i &+= length
                if inWord {
                    index = i
                    wordEnd = i &- length
                    return _mix(h ^ register ^ UInt64(filled) << 59)
                }
            }
        }
        index = i
        wordEnd = i
        return inWord ? _mix(h ^ register ^ UInt64(filled) << 59) : nil
    }
}

/// Bytes 0x80 of the high bit of each byte of a word.
private let _highBits: UInt64 = 0x8080_8080_8080_8080

/// The ASCII letters of eight bytes read as a little-endian word: 0x80 in
/// each byte that is one (`b | 0x20` in `a...z`, as the byte loop tests),
/// else 0. Bytes from 0x80 give 0.
@inline(__always)
func _letterBits(_ w: UInt64) -> UInt64 {
    let low = w & ~_highBits
    let lower = low | 0x2020_2020_2020_2020
    // Per byte, below 0x80: `+ 0x1F` sets the high bit from "a", `+ 0x05` from "{"; no carries.
    let fromA = lower &+ 0x1F1F_1F1F_1F1F_1F1F
    let fromBrace = lower &+ 0x0505_0505_0505_0505
    return fromA & ~fromBrace & ~w & _highBits
}

/// The ASCII digits of eight bytes, as `_letterBits`.
@inline(__always)
func _digitBits(_ w: UInt64) -> UInt64 {
    let low = w & ~_highBits
    let fromZero = low &+ 0x5050_5050_5050_5050
    let fromColon = low &+ 0x4646_4646_4646_4646
    return fromZero & ~fromColon & ~w & _highBits
}

/// The word of ASCII letters and digits at `start` (a letter or digit),
/// read eight bytes at a time, with the hash the byte loop of
/// `_WordCursor.next()` gives it; `next` is 0 when that loop must read it
/// (a byte from 0x80 or a joiner in or right after it, or fewer than eight
/// bytes left to load).
///
/// The byte loop shifts each folded byte into a register, mixes the
/// register into the hash after every eighth byte, and ends with the last
/// (up to eight) bytes and the length: so a full chunk of eight is one mix
/// of its byte-swapped word, and the end is the byte-swapped last eight
/// bytes of the word (or the word itself when shorter).
@inline(__always)
func _asciiWord(_ base: UnsafePointer<UInt8>, at start: Int, end: Int) -> (hash: UInt64, next: Int) {
    let raw = UnsafeRawPointer(base)
    var h = _WordHasher.offset
    var p = start
    var w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: p, as: UInt64.self))
    var letters = _letterBits(w)
    var wordBits = letters | _digitBits(w)
    // Whole chunks of eight word bytes.
    while wordBits == _highBits {
        h = _mix(h ^ (w | letters >> 2).byteSwapped)
        p &+= 8
        guard p &+ 8 <= end else { return (0, 0) }
        w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: p, as: UInt64.self))
        letters = _letterBits(w)
        wordBits = letters | _digitBits(w)
    }
    let n = (~wordBits & _highBits).trailingZeroBitCount &>> 3  // word bytes in this chunk, 0...7
    let stop = w &>> UInt64(n &<< 3) & 0xFF
    if stop >= 0x80 { return (0, 0) }
    if stop == UInt64(UInt8(ascii: "'")) || stop == UInt64(UInt8(ascii: ".")) || stop == UInt64(UInt8(ascii: ",")) {
        let after = p &+ n &+ 1
        if after < end && _isASCIIAlphanumeric(base[after]) { return (0, 0) }
    }
    let wordEnd = p &+ n
    let length = wordEnd &- start
    let register: UInt64
    if length >= 8 {
        let last = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: wordEnd &- 8, as: UInt64.self))
        register = (last | _letterBits(last) >> 2).byteSwapped
    } else {
        let mask: UInt64 = (1 &<< UInt64(n &<< 3)) &- 1
        register = ((w | letters >> 2) & mask).byteSwapped &>> UInt64((8 &- n) &<< 3)
    }
    return (_mix(h ^ register ^ UInt64(truncatingIfNeeded: length) << 59), wordEnd &+ 1)
}

/// What a non-ASCII scalar is to the word scanner.
enum _ScalarKind {
    case separator, letter, unspaced, apostrophe
}

@inline(never)
func _scalarKind(_ value: UInt32, inWord: Bool) -> _ScalarKind {
    if _isUnspacedScript(value) { return .unspaced }
    if value == 0x2019 { return .apostrophe }
    return _isWordScalar(value, inWord: inWord) ? .letter : .separator
}

/// Reads the run of unspaced scripts from `start`, appends its words, and returns where it ends.
@inline(never)
func _unspacedRun(
    _ buffer: UnsafeBufferPointer<UInt8>, from start: Int, end: Int, segmenter: Segmenter, into words: inout [UInt64]
) -> Int {
    var j = start + _decodeScalar(buffer, at: start, end: end).1
    while j < end && buffer[j] >= 0x80 {
        let (next, nextLength) = _decodeScalar(buffer, at: j, end: end)
        guard _isUnspacedScript(next) || _isCombining(next) else { break }
        j += nextLength
    }
    _unspacedWords(buffer, start..<j, segmenter: segmenter, into: &words)
    return j
}

/// ICU's dictionary words of a run of a script without spaces, as hashes;
/// each character is a word if ICU fails.
@inline(never)
func _unspacedWords(_ buffer: UnsafeBufferPointer<UInt8>, _ run: Range<Int>, segmenter: Segmenter, into words: inout [UInt64]) {
    let slice = UnsafeBufferPointer(rebasing: buffer[run])
    let segments = (try? segmenter.words(in: slice)) ?? []
    if segments.isEmpty {
        var i = 0
        while i < slice.count {
            let (_, length) = _decodeScalar(slice, at: i, end: slice.count)
            words.append(_mix(_hashBytes(slice, i..<(i + length))))
            i += length
        }
        return
    }
    for segment in segments where segment.isWord { words.append(_mix(_hashBytes(slice, segment.range))) }
}

/// FNV-1a of some bytes.
@inline(__always)
func _hashBytes(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
    var h = _WordHasher.offset
    for i in range { h = (h ^ UInt64(buffer[i])) &* _WordHasher.prime }
    return h
}

@inline(__always)
func _isASCIIAlphanumeric(_ b: UInt8) -> Bool {
    let lower = b | 0x20
    return (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
}

/// Whether `b` joins the alphanumeric bytes around it into one word: an
/// apostrophe or period between letters or digits, a comma between digits.
@inline(__always)
func _isJoiner(_ b: UInt8, before: UInt8, after: UInt8) -> Bool {
    guard b == UInt8(ascii: "'") || b == UInt8(ascii: ".") || b == UInt8(ascii: ",") else { return false }
    guard _isASCIIAlphanumeric(before), _isASCIIAlphanumeric(after) else { return false }
    if b == UInt8(ascii: ",") {
        return before >= UInt8(ascii: "0") && before <= UInt8(ascii: "9") && after >= UInt8(ascii: "0") && after <= UInt8(ascii: "9")
    }
    return true
}

/// The scalar value and byte length of the UTF-8 sequence at `i`; an
/// ill-formed sequence is U+FFFD of length 1.
@inline(__always)
func _decodeScalar(_ buffer: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> (UInt32, Int) {
    let b0 = UInt32(buffer[i])
    if b0 < 0x80 { return (b0, 1) }
    @inline(__always) func continuation(_ k: Int) -> UInt32? {
        guard i + k < end else { return nil }
        let b = buffer[i + k]
        return b & 0xC0 == 0x80 ? UInt32(b & 0x3F) : nil
    }
    if b0 >= 0xC2 && b0 < 0xE0, let c1 = continuation(1) {
        return ((b0 & 0x1F) << 6 | c1, 2)
    }
    if b0 >= 0xE0 && b0 < 0xF0, let c1 = continuation(1), let c2 = continuation(2) {
        let value = (b0 & 0x0F) << 12 | c1 << 6 | c2
        if value >= 0x800 && !(0xD800...0xDFFF).contains(value) { return (value, 3) }
    }
    if b0 >= 0xF0 && b0 < 0xF5, let c1 = continuation(1), let c2 = continuation(2), let c3 = continuation(3) {
        let value = (b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3
        if value >= 0x10000 && value <= 0x10FFFF { return (value, 4) }
    }
    return (0xFFFD, 1)
}

/// Han, kana, Thai, Lao, Khmer, Myanmar: scripts whose words ICU finds with a dictionary.
@inline(__always)
func _isUnspacedScript(_ v: UInt32) -> Bool {
    (0x3040...0x30FF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v)
        || (0xF900...0xFAFF).contains(v) || (0x20000...0x3134F).contains(v) || (0x0E00...0x0EFF).contains(v)
        || (0x1000...0x109F).contains(v) || (0x1780...0x17FF).contains(v) || v == 0x30FC
}

@inline(__always)
func _isCombining(_ v: UInt32) -> Bool {
    guard let scalar = Unicode.Scalar(v) else { return false }
    let category = scalar.properties.generalCategory
    return category == .nonspacingMark || category == .spacingMark
}

/// Letters, digits, and combining marks inside a word.
@inline(__always)
func _isWordScalar(_ v: UInt32, inWord: Bool) -> Bool {
    guard v != 0xFFFD, let scalar = Unicode.Scalar(v) else { return false }
    let properties = scalar.properties
    if properties.isAlphabetic || properties.numericType != nil { return true }
    return inWord && (properties.generalCategory == .nonspacingMark || properties.generalCategory == .spacingMark)
}

/// Lower case for the common cased alphabets: Latin-1, Latin Extended-A,
/// Greek, Cyrillic; other scalars unchanged.
@inline(__always)
func _foldedScalar(_ v: UInt32) -> UInt32 {
    switch v {
    case 0xC0...0xDE where v != 0xD7: return v + 0x20
    case 0x100...0x137, 0x14A...0x177: return v | 1
    case 0x139...0x148, 0x179...0x17E: return v & 1 == 1 ? v + 1 : v
    case 0x391...0x3A9 where v != 0x3A2: return v + 0x20
    case 0x410...0x42F: return v + 0x20
    case 0x400...0x40F: return v + 0x50
    default: return v
    }
}
