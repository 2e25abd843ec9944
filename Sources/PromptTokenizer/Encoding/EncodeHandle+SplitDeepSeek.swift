/// DeepSeek V3's split steps, by hand, over UTF-8 bytes.
///
/// Its `tokenizer.json` cuts text in three `Split` steps, each applied to
/// the pieces of the one before (Hugging Face tokenizers, Oniguruma):
///
///     1  \p{N}{1,3}                                   one to three digits
///     2  [\x{4E00}-\x{9FA5}\x{3040}-\x{309F}\x{30A0}-\x{30FF}]+   a run of kana and ideographs
///     3  [!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+           A  ASCII punctuation, ASCII letters
///        |[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+        B  letters and marks, after at most one other character
///        | ?[\p{P}\p{S}]+[\r\n]*                      C  punctuation run, then line breaks
///        |\s*[\r\n]+                                  D  white space up to its last line break
///        |\s+(?!\S)                                   E  white space but its last character
///        |\s+                                         F  white space
///
/// Each step keeps the text between its matches as pieces too ("Isolated").
/// So steps 1 and 2 cut the text into segments (digit groups, kana and
/// ideograph runs, the text between), and step 3 runs inside each segment
/// as if the segment were the whole text: a character of another segment
/// ends every run, and `(?!\S)` holds before it. Characters where no
/// alternative of step 3 starts (controls, format and unassigned
/// characters not followed by a letter) form pieces of their own, run by
/// run. `deepSeekPieceEnd` finds the piece at a position from the classes
/// (`DeepSeekCharacterClass`) of at most two characters, then scans the run.
extension EncodeHandle {
    /// The end of the DeepSeek V3 piece that starts at `start` (`start < end`).
    @inline(__always)
    func deepSeekPieceEnd(_ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        typealias Class = DeepSeekCharacterClass
        let b = text[start]
        if b < 0x80 && isASCIILetterByte(b) { return deepSeekWordEnd(text, start &+ 1, end) }
        let (c0, l0) = character(text, start, end)
        let segment = c0 & Class.cjk
        let next = start &+ l0
        switch c0 & Class.classMask {
        case Class.letter.rawValue, Class.mark.rawValue:
            return segment == 0 ? deepSeekWordEnd(text, next, end) : deepSeekRunEnd(text, next, end, segment: segment)
        case Class.number.rawValue:
            return deepSeekNumberEnd(text, next, end)
        case Class.symbol.rawValue:
            // A: ASCII punctuation, then ASCII letters.
            if b < 0x80 && next < end && isASCIILetterByte(text[next]) { return asciiLettersEnd(text, next &+ 1, end) }
            return deepSeekSymbolsEnd(text, next, end, segment: segment)
        case Class.space.rawValue:
            if next < end {
                let (c1, l1) = character(text, next, end)
                // B: one white space character, then letters.
                if c1 == Class.letter.rawValue || c1 == Class.mark.rawValue { return deepSeekWordEnd(text, next &+ l1, end) }
                // C: an ASCII space, then a punctuation run.
                if c1 == Class.symbol.rawValue && b == UInt8(ascii: " ") {
                    return deepSeekSymbolsEnd(text, next &+ l1, end, segment: 0)
                }
            }
            return deepSeekWhitespaceEnd(text, start, end)
        case Class.newline.rawValue:
            return deepSeekWhitespaceEnd(text, start, end)
        default:
            // B: another character, then letters; else a run where nothing matches.
            if next < end {
                let (c1, l1) = character(text, next, end)
                if c1 == Class.letter.rawValue | segment || c1 == Class.mark.rawValue | segment {
                    return segment == 0 ? deepSeekWordEnd(text, next &+ l1, end) : deepSeekRunEnd(text, next &+ l1, end, segment: segment)
                }
            }
            return deepSeekGapEnd(text, next, end, segment: segment)
        }
    }

    @inline(__always)
    func isASCIILetterByte(_ b: UInt8) -> Bool { (b | 0x20) &- UInt8(ascii: "a") < 26 }

    /// The end of a run of ASCII letters from `start` (alternative A).
    @inline(__always)
    func asciiLettersEnd(_ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var i = start
        while i < end && isASCIILetterByte(text[i]) { i &+= 1 }
        return i
    }

    /// The end of a run of letters and marks outside the kana and ideograph
    /// ranges, from `start`; ASCII eight bytes at a time, as `letterRunEnd`.
    @inline(__always)
    func deepSeekWordEnd(_ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var i = start
        while i &+ 8 <= end {
            let stops = nonLetters(UnsafeRawPointer(text + i).loadUnaligned(as: UInt64.self))
            if stops != 0 {
                let j = i &+ (stops.trailingZeroBitCount &>> 3)
                if text[j] >= 0x80 { return deepSeekRunEnd(text, j, end, segment: 0) }
                return j
            }
            i &+= 8
        }
        while i < end {
            let b = text[i]
            if b >= 0x80 { return deepSeekRunEnd(text, i, end, segment: 0) }
            if !isASCIILetterByte(b) { return i }
            i &+= 1
        }
        return i
    }

    /// The end of a run of letters and marks of one segment (`segment`:
    /// 0, or `DeepSeekCharacterClass.cjk` for the kana and ideograph runs).
    @inline(never)
    func deepSeekRunEnd(_ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int, segment: UInt8) -> Int {
        let letter = DeepSeekCharacterClass.letter.rawValue | segment
        let mark = DeepSeekCharacterClass.mark.rawValue | segment
        var i = start
        while i < end {
            let b = text[i]
            if b < 0x80 {
                if segment != 0 || !isASCIILetterByte(b) { return i }
                i &+= 1
            } else if segment == 0 && b &- 0xC2 < 0x1E && i &+ 1 < end && (text[i &+ 1] & 0xC0) == 0x80 {
                // Two-byte characters (accented Latin, Cyrillic, Greek); never in the ranges.
                let scalar = Int(b & 0x1F) << 6 | Int(text[i &+ 1] & 0x3F)
                if twoByteLetters[scalar &>> 6] &>> UInt64(truncatingIfNeeded: scalar & 63) & 1 == 0 { return i }
                i &+= 2
            } else {
                let (c, l) = nonASCII(text, i, end)
                if c != letter && c != mark { return i }
                i &+= l
            }
        }
        return i
    }

    /// Step 1 after its first number: at most two more.
    @inline(__always)
    func deepSeekNumberEnd(_ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var i = start
        for _ in 0..<2 {
            guard i < end else { return i }
            let (c, l) = character(text, i, end)
            if c != DeepSeekCharacterClass.number.rawValue { return i }
            i &+= l
        }
        return i
    }

    /// Alternative C after its first character: more of the run in the
    /// segment, then line breaks (never in the kana and ideograph runs).
    @inline(__always)
    func deepSeekSymbolsEnd(_ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int, segment: UInt8) -> Int {
        let symbol = DeepSeekCharacterClass.symbol.rawValue | segment
        var i = start
        while i < end {
            let (c, l) = character(text, i, end)
            if c != symbol { break }
            i &+= l
        }
        if segment != 0 { return i }
        while i < end && (text[i] == UInt8(ascii: "\n") || text[i] == UInt8(ascii: "\r")) { i &+= 1 }
        return i
    }

    /// Alternatives D to F on the white space run at `start` (never in the
    /// kana and ideograph runs): up to its last line break, else the run
    /// but its last character when a character of the segment follows.
    @inline(__always)
    func deepSeekWhitespaceEnd(_ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var i = start
        var lastBreak = -1
        var lastStart = start
        while i < end {
            let (c, l) = character(text, i, end)
            if c == DeepSeekCharacterClass.newline.rawValue {
                lastBreak = i
            } else if c != DeepSeekCharacterClass.space.rawValue {
                break
            }
            lastStart = i
            i &+= l
        }
        if lastBreak >= 0 { return lastBreak &+ 1 }  // D
        if i == end { return i }  // E at the end
        // A number or a character of the ranges begins another segment, whose
        // start is the end of this one: E takes the whole run.
        let (c, _) = character(text, i, end)
        if c == DeepSeekCharacterClass.number.rawValue || c & DeepSeekCharacterClass.cjk != 0 { return i }
        if lastStart > start { return lastStart }  // E
        return i  // F
    }

    /// Characters where no alternative of step 3 starts, from `start`: the
    /// run of `other` characters of the segment that ends before the first
    /// one a letter or mark follows.
    @inline(never)
    func deepSeekGapEnd(_ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int, segment: UInt8) -> Int {
        let other = DeepSeekCharacterClass.other.rawValue | segment
        let letter = DeepSeekCharacterClass.letter.rawValue | segment
        let mark = DeepSeekCharacterClass.mark.rawValue | segment
        var i = start
        while i < end {
            let (c, l) = character(text, i, end)
            if c != other { return i }
            if i &+ l < end {
                let (c1, _) = character(text, i &+ l, end)
                if c1 == letter || c1 == mark { return i }
            }
            i &+= l
        }
        return i
    }
}
