/// The words of a range of UTF-8 text as hashes, one at a time (see `WordHasher`).
///
/// ASCII words are read eight bytes into a register at a time (shift and
/// or, no multiply chain per byte) and mixed once a word, a register full;
/// non-ASCII letters add their folded scalar.
struct WordCursor {
    let buffer: UnsafeBufferPointer<UInt8>
    var index: Int
    let end: Int
    let segmenter: Segmenter
    /// Words of an unspaced run found by ICU, handed out before reading on.
    var pending: [UInt64] = []
    var pendingIndex = 0
    /// Whether ASCII words are read eight bytes at a time (`asciiWord`);
    /// off only in tests, which compare the two paths.
    let asciiFastPath: Bool
    /// Gives each word its stem's hash (ranking with a question); nil
    /// hashes words as written, folded.
    var stems: StemMemo?
    /// The bytes of the last word `nextByBytes()` read (empty for a word
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
    /// bytes at a time; everything else in `nextByBytes()`, out of line.
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
                if b >= 0x80 || isASCIIAlphanumeric(b) { break }
                i &+= 1
            }
            if i &+ 8 <= end {
                let word = asciiWord(base, at: i, end: end)
                if word.next > 0 {
                    index = word.next
                    if let stems { return stems.stemmedASCII(word.hash, base, i, word.next &- 1) }
                    return word.hash
                }
            }
            index = i
        }
        guard let stems else { return nextByBytes() }
        guard let hash = nextByBytes() else { return nil }
        return wordEnd > wordStart ? stems.stemmed(hash, buffer.baseAddress.unsafelyUnwrapped, wordStart, wordEnd) : hash
    }

    /// `next()` a byte at a time: any word (non-ASCII letters, joiners,
    /// unspaced scripts), the reference for the eight-byte path.
    @inline(never)
    mutating func nextByBytes() -> UInt64? {
        // Locals, not stored properties, in the byte loop.
        var i = index
        let end = self.end
        let base = buffer.baseAddress!
        var h: UInt64 = FNV1a.offset
        var register: UInt64 = 0
        var filled = 0
        // Skip to the first byte of a word.
        while i < end {
            let b = base[i]
            if b >= 0x80 || isASCIIAlphanumeric(b) { break }
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
                } else if inWord && i + 1 < end && isJoiner(b, before: base[i - 1], after: base[i + 1]) {
                    register = register &<< 8 | UInt64(b)
                } else if inWord {
                    index = i &+ 1
                    wordEnd = i
                    return mixBits(h ^ register ^ UInt64(filled) << 59)
                } else {
                    i &+= 1
                    continue
                }
                filled &+= 1
                if filled & 7 == 0 { h = mixBits(h ^ register) }
                if !inWord { wordStart = i }
                inWord = true
                i &+= 1
                continue
            }
            // A byte from 0x80: decode the scalar (classified out of line).
            let (value, length) = decodeScalar(buffer, at: i, end: end)
            switch scalarKind(value, inWord: inWord) {
            case .unspaced:
                if inWord {
                    index = i  // the run is read next time
                    wordEnd = i
                    return mixBits(h ^ register ^ UInt64(filled) << 59)
                }
                pending.removeAll(keepingCapacity: true)
                pendingIndex = 0
                i = unspacedRun(buffer, from: i, end: end, segmenter: segmenter, into: &pending)
                if !pending.isEmpty {
                    index = i
                    pendingIndex = 1
                    wordStart = i
                    wordEnd = i
                    return pending[0]
                }
            case .apostrophe where inWord && i + length < end && isASCIIAlphanumeric(base[i + length]):
                register = register &<< 8 | UInt64(UInt8(ascii: "'"))  // ’ as '
                filled &+= 1
                if filled & 7 == 0 { h = mixBits(h ^ register) }
                i &+= length
            case .letter:
                let scalar = foldedScalar(value)
                // Three bytes: low, middle (tagged), high.
                register = register &<< 8 | UInt64(scalar & 0xFF)
                filled &+= 1
                if filled & 7 == 0 { h = mixBits(h ^ register) }
                register = register &<< 8 | UInt64(scalar >> 8 & 0xFF) | 0x80
                filled &+= 1
                if filled & 7 == 0 { h = mixBits(h ^ register) }
                register = register &<< 8 | UInt64(scalar >> 16)
                filled &+= 1
                if filled & 7 == 0 { h = mixBits(h ^ register) }
                if !inWord { wordStart = i }
                inWord = true
                i &+= length
            default:
                i &+= length
                if inWord {
                    index = i
                    wordEnd = i &- length
                    return mixBits(h ^ register ^ UInt64(filled) << 59)
                }
            }
        }
        index = i
        wordEnd = i
        return inWord ? mixBits(h ^ register ^ UInt64(filled) << 59) : nil
    }
}

/// Reads the run of unspaced scripts from `start`, appends its words, and returns where it ends.
@inline(never)
func unspacedRun(
    _ buffer: UnsafeBufferPointer<UInt8>, from start: Int, end: Int, segmenter: Segmenter, into words: inout [UInt64]
) -> Int {
    var j = start + decodeScalar(buffer, at: start, end: end).1
    while j < end && buffer[j] >= 0x80 {
        let (next, nextLength) = decodeScalar(buffer, at: j, end: end)
        guard isUnspacedScript(next) || isCombining(next) else { break }
        j += nextLength
    }
    unspacedWords(buffer, start..<j, segmenter: segmenter, into: &words)
    return j
}

/// ICU's dictionary words of a run of a script without spaces, as hashes;
/// each character is a word if ICU fails.
@inline(never)
func unspacedWords(_ buffer: UnsafeBufferPointer<UInt8>, _ run: Range<Int>, segmenter: Segmenter, into words: inout [UInt64]) {
    let slice = UnsafeBufferPointer(rebasing: buffer[run])
    let segments = (try? segmenter.words(in: slice)) ?? []
    if segments.isEmpty {
        var i = 0
        while i < slice.count {
            let (_, length) = decodeScalar(slice, at: i, end: slice.count)
            words.append(mixBits(hashBytes(slice, i..<(i + length))))
            i += length
        }
        return
    }
    for segment in segments where segment.isWord { words.append(mixBits(hashBytes(slice, segment.range))) }
}
