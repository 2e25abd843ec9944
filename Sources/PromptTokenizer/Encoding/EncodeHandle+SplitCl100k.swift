/// The cl100k_base split pattern, by hand, over UTF-8 bytes.
///
/// tiktoken runs this regular expression (leftmost-first alternation):
///
///     '(?i:[sdmt]|ll|ve|re)              1 contraction
///     |[^\r\n\p{L}\p{N}]?+\p{L}++        2 letters, after at most one other character
///     |\p{N}{1,3}+                       3 one to three digits
///     | ?[^\s\p{L}\p{N}]++[\r\n]*+       4 punctuation run, then line breaks
///     |\s++$                             5 white space up to the end
///     |\s*[\r\n]                         6 white space up to its last line break
///     |\s+(?!\S)                         7 white space but its last character
///     |\s                                8 one white space character
///
/// `cl100kPieceEnd` decides which alternative matches at a position from the
/// classes of at most two characters, then scans the run. Bytes that are not
/// valid UTF-8 (only possible through the byte APIs) count as one character of
/// class `other` each; valid text never contains them.
///
/// `character` and `nonASCII` read the class tables of the handle's pattern
/// (both patterns' `other` is 0, the class of an invalid byte).
extension EncodeHandle {
    /// The class and byte length of the character at `i` (`i < end`).
    @inline(__always)
    func character(_ text: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> (CharacterClass.RawValue, Int) {
        let b = text[i]
        if b < 0x80 { return (ascii[Int(b)], 1) }
        return nonASCII(text, i, end)
    }

    @inline(__always)
    func nonASCII(_ text: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> (CharacterClass.RawValue, Int) {
        let b = UInt32(text[i])
        // Fast path: a 3-byte sequence E1..EC or EE..EF (no overlong or
        // surrogate forms possible), most of CJK.
        if b &- 0xE1 < 0x0F && b != 0xED && i &+ 2 < end {
            let c1 = UInt32(text[i &+ 1]), c2 = UInt32(text[i &+ 2])
            if (c1 & 0xC0) == 0x80 && (c2 & 0xC0) == 0x80 {
                let scalar = (b & 0x0F) << 12 | (c1 & 0x3F) << 6 | (c2 & 0x3F)
                let block = Int(stage1[Int(scalar >> 8)])
                return (stage2[block << 8 | Int(scalar & 0xFF)], 3)
            }
        }
        let invalid: (CharacterClass.RawValue, Int) = (CharacterClass.other.rawValue, 1)
        let scalar: UInt32
        let length: Int
        if b < 0xC2 {
            return invalid
        } else if b < 0xE0 {
            guard i + 1 < end else { return invalid }
            let c1 = UInt32(text[i + 1])
            guard c1 & 0xC0 == 0x80 else { return invalid }
            scalar = (b & 0x1F) << 6 | (c1 & 0x3F)
            length = 2
        } else if b < 0xF0 {
            guard i + 2 < end else { return invalid }
            let c1 = UInt32(text[i + 1]), c2 = UInt32(text[i + 2])
            let low: UInt32 = b == 0xE0 ? 0xA0 : 0x80
            let high: UInt32 = b == 0xED ? 0x9F : 0xBF
            guard c1 >= low, c1 <= high, c2 & 0xC0 == 0x80 else { return invalid }
            scalar = (b & 0x0F) << 12 | (c1 & 0x3F) << 6 | (c2 & 0x3F)
            length = 3
        } else if b < 0xF5 {
            guard i + 3 < end else { return invalid }
            let c1 = UInt32(text[i + 1]), c2 = UInt32(text[i + 2]), c3 = UInt32(text[i + 3])
            let low: UInt32 = b == 0xF0 ? 0x90 : 0x80
            let high: UInt32 = b == 0xF4 ? 0x8F : 0xBF
            guard c1 >= low, c1 <= high, c2 & 0xC0 == 0x80, c3 & 0xC0 == 0x80 else { return invalid }
            scalar = (b & 0x07) << 18 | (c1 & 0x3F) << 12 | (c2 & 0x3F) << 6 | (c3 & 0x3F)
            length = 4
        } else {
            return invalid
        }
        let block = Int(stage1[Int(scalar >> 8)])
        return (stage2[block << 8 | Int(scalar & 0xFF)], length)
    }

    /// The end of the cl100k piece that starts at `start` (`start < end`).
    ///
    /// With `breaksFirst`, Llama 3's and Qwen's white space (see
    /// `whitespaceEnd`); with `singleDigits`, Qwen's `\p{N}` in place of
    /// `\p{N}{1,3}`: each number character is a piece.
    @inline(__always)
    func cl100kPieceEnd(
        _ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int, breaksFirst: Bool = false, singleDigits: Bool = false
    ) -> Int {
        let letter = CharacterClass.letter.rawValue
        let b = text[start]
        // 1: contractions, ASCII case-insensitive.
        if b == UInt8(ascii: "'") && start + 1 < end {
            if let contractionEnd = contractionEndIndex(text, start, end) { return contractionEnd }
        }
        let (c0, l0) = character(text, start, end)
        if c0 == letter { return letterRunEnd(text, start + l0, end) }
        if c0 == CharacterClass.number.rawValue { return singleDigits ? start + l0 : numberEnd(text, start + l0, end) }
        let next = start + l0
        if c0 == CharacterClass.other.rawValue {
            // 2: one other character, then letters; else 4: a punctuation run.
            if next < end {
                let (c1, l1) = character(text, next, end)
                if c1 == letter { return letterRunEnd(text, next + l1, end) }
            }
            return punctuationEnd(text, next, end)
        }
        if c0 == CharacterClass.space.rawValue && next < end {
            let (c1, l1) = character(text, next, end)
            // 2: one white space character (not a line break), then letters.
            if c1 == letter { return letterRunEnd(text, next + l1, end) }
            // 4: an ASCII space, then a punctuation run.
            if c1 == CharacterClass.other.rawValue && b == UInt8(ascii: " ") {
                return punctuationEnd(text, next + l1, end)
            }
        }
        return whitespaceEnd(text, start, end, breaksFirst: breaksFirst)
    }

    /// Alternative 1 at a `'`: `'s`, `'d`, `'m`, `'t`, `'ll`, `'ve`, `'re` in any case.
    @inline(__always)
    func contractionEndIndex(_ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        let c1 = text[start + 1] | 0x20
        switch c1 {
        case UInt8(ascii: "s"), UInt8(ascii: "d"), UInt8(ascii: "m"), UInt8(ascii: "t"):
            // `| 0x20` also maps some punctuation onto letters: check the byte was a letter.
            if text[start + 1] & 0xDF >= UInt8(ascii: "A") && text[start + 1] & 0xDF <= UInt8(ascii: "Z") {
                return start + 2
            }
            return nil
        case UInt8(ascii: "l"), UInt8(ascii: "v"), UInt8(ascii: "r"):
            guard start + 2 < end, text[start + 1] & 0xDF == c1 & 0xDF else { return nil }
            let c2 = text[start + 2] | 0x20
            let expected: UInt8 = c1 == UInt8(ascii: "l") ? UInt8(ascii: "l") : UInt8(ascii: "e")
            if c2 == expected && text[start + 2] & 0xDF == expected & 0xDF { return start + 3 }
            return nil
        case 0xC5 | 0x20:
            // U+017F LATIN SMALL LETTER LONG S folds to `s` in Unicode case-insensitive matching.
            if text[start + 1] == 0xC5 && start + 2 < end && text[start + 2] == 0xBF { return start + 3 }
            return nil
        default:
            return nil
        }
    }

    /// The end of a run of letters starting at `i`.
    ///
    /// ASCII letters are read here; from the first other byte on, the run
    /// continues out of line (`letterRunEndNonASCII`), so that this loop
    /// stays small enough to be inlined into the piece loop.
    @inline(__always)
    func letterRunEnd(_ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var i = start
        if i < end && text[i] >= 0x80 { return letterRunEndNonASCII(text, i, end) }
        // Eight bytes at a time while they fit: one test per word instead
        // of a compare and a branch per letter (most words end in the first).
        while i &+ 8 <= end {
            let stops = nonLetters(UnsafeRawPointer(text + i).loadUnaligned(as: UInt64.self))
            if stops != 0 {
                let j = i &+ (stops.trailingZeroBitCount &>> 3)
                if text[j] >= 0x80 { return letterRunEndNonASCII(text, j, end) }
                return j
            }
            i &+= 8
        }
        let letter = CharacterClass.letter.rawValue
        while i < end {
            let b = text[i]
            if b >= 0x80 { return letterRunEndNonASCII(text, i, end) }
            if ascii[Int(b)] != letter { return i }
            i += 1
        }
        return i
    }

    /// The high bit of each byte of `word` (eight bytes of text, the first in
    /// the low byte) that is not an ASCII letter; bytes of 0x80 or more count
    /// as not letters.
    ///
    /// Folding case with `| 0x20` maps the letters onto `a...z` (0x61-0x7A)
    /// and no other byte below 0x80 there; adding 0x1F sets a byte's high
    /// bit from 0x61 on, adding 0x05 from 0x7B on, with no carry between
    /// bytes (each is at most 0x7F before the addition).
    @inline(__always)
    func nonLetters(_ word: UInt64) -> UInt64 {
        let high: UInt64 = 0x8080_8080_8080_8080
        let word = UInt64(littleEndian: word)
        let folded = (word | 0x2020_2020_2020_2020) & ~high
        let fromA = folded &+ 0x1F1F_1F1F_1F1F_1F1F
        let pastZ = folded &+ 0x0505_0505_0505_0505
        return ~(fromA & ~pastZ & ~word) & high
    }

    /// `letterRunEnd` from a byte of 0x80 or more: one call per run, with
    /// two- and three-byte characters decoded in the loop.
    @inline(never)
    func letterRunEndNonASCII(_ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var i = start
        let letter = CharacterClass.letter.rawValue
        while i < end {
            let b = text[i]
            if b < 0x80 {
                if ascii[Int(b)] != letter { return i }
                i += 1
            } else if b &- 0xC2 < 0x1E && i &+ 1 < end && (text[i &+ 1] & 0xC0) == 0x80 {
                // Two-byte characters (accented Latin, Cyrillic, Greek).
                let scalar = Int(b & 0x1F) << 6 | Int(text[i &+ 1] & 0x3F)
                if twoByteLetters[scalar &>> 6] &>> UInt64(truncatingIfNeeded: scalar & 63) & 1 == 0 { return i }
                i &+= 2
            } else if b &- 0xE1 < 0x0F && b != 0xED && i &+ 2 < end
                && (text[i &+ 1] & 0xC0) == 0x80 && (text[i &+ 2] & 0xC0) == 0x80
            {
                // Three-byte characters (most of CJK).
                let scalar = Int(b & 0x0F) << 12 | Int(text[i &+ 1] & 0x3F) << 6 | Int(text[i &+ 2] & 0x3F)
                if stage2[Int(stage1[scalar >> 8]) << 8 | scalar & 0xFF] != letter { return i }
                i &+= 3
            } else {
                let (c, l) = nonASCII(text, i, end)
                if c != letter { return i }
                i += l
            }
        }
        return i
    }

    /// Alternative 3: at most three numbers; the first one ends before `start`.
    @inline(__always)
    func numberEnd(_ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var i = start
        for _ in 0..<2 {
            guard i < end else { return i }
            let (c, l) = character(text, i, end)
            if c != CharacterClass.number.rawValue { return i }
            i += l
        }
        return i
    }

    /// Alternative 4 after its first character: more of the run, then `[\r\n]*`.
    @inline(__always)
    func punctuationEnd(_ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var i = start
        while i < end {
            let (c, l) = character(text, i, end)
            if c != CharacterClass.other.rawValue { break }
            i += l
        }
        while i < end && (text[i] == UInt8(ascii: "\n") || text[i] == UInt8(ascii: "\r")) { i += 1 }
        return i
    }

    /// Alternatives 5 to 8 on the white space run at `start`; with
    /// `breaksFirst` (Llama 3's pattern), a run holding a line break ends
    /// after its last one even at the end of the text.
    @inline(__always)
    func whitespaceEnd(_ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int, breaksFirst: Bool = false) -> Int {
        var i = start
        var lastBreak = -1
        var lastStart = start
        while i < end {
            let (c, l) = character(text, i, end)
            if c == CharacterClass.newline.rawValue {
                lastBreak = i
            } else if c != CharacterClass.space.rawValue {
                break
            }
            lastStart = i
            i += l
        }
        if breaksFirst && lastBreak >= 0 { return lastBreak + 1 }
        if i == end { return end }  // 5
        if lastBreak >= 0 { return lastBreak + 1 }  // 6
        if lastStart > start { return lastStart }  // 7
        return i  // 8
    }
}
