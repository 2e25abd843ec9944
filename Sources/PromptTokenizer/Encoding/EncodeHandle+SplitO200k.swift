/// The o200k_base split pattern, by hand, over UTF-8 bytes.
///
/// tiktoken runs this regular expression (leftmost-first alternation, with
/// backtracking; no possessive quantifiers), with U = `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`,
/// L = `[\p{Ll}\p{Lm}\p{Lo}\p{M}]`, P = `[^\r\n\p{L}\p{N}]` and
/// C = `(?i:'s|'t|'re|'ve|'m|'ll|'d)`:
///
///     P?U*L+C?                           1 a word: capitals, then small letters
///     |P?U+L*C?                          2 a word of capitals
///     |\p{N}{1,3}                        3 one to three digits
///     | ?[^\s\p{L}\p{N}]+[\r\n/]*        4 punctuation run, then line breaks and slashes
///     |\s*[\r\n]+                        5 white space up to its last line break
///     |\s+(?!\S)                         6 white space but its last character
///     |\s+                               7 white space
///
/// Alternatives 1 and 2 as one rule (`o200kWordEnd`), at a letter or mark:
/// take the run of U characters (greedy U*). If the character after it is
/// in L, the word goes on to the end of the L run after it. Otherwise
/// alternative 1 backtracks to the run's last character that is also in L
/// (a caseless letter or a mark) and ends after it; with none, alternative
/// 2 takes the whole run. Then an optional contraction. So `HelloWorld` is
/// `Hello`, `World`; `ABCdef` one word; `ABC'S` one word.
///
/// The prefix P: a character of P (punctuation, white space but `\r\n`, a
/// mark) followed by a letter or mark begins the word after it. A mark is
/// in P and in U and L at once; at a mark, trying P and then the word gives
/// the same end as the rule above from the mark itself (the U run includes
/// it, and it is the last resort of the backtracking), so a mark starts a
/// word like a letter. Inside a punctuation run a mark is punctuation.
///
/// The classes come from `CasedCharacterClass`; bytes that are not valid
/// UTF-8 count as one character of class `other` each, as in cl100k's scanner.
///
/// Mistral's Tekken pattern is this one without the contractions `C?` and
/// with `\p{N}` for `\p{N}{1,3}`: `contractions: false, digits: 1`.
extension EncodeHandle {
    /// The end of the o200k piece that starts at `start` (`start < end`);
    /// with `contractions: false, digits: 1`, of the Tekken piece.
    @inline(__always)
    func o200kPieceEnd(
        _ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int, contractions: Bool = true, digits: Int = 3
    ) -> Int {
        let (c0, l0) = character(text, start, end)
        // Letters and marks: 1, 2.
        if c0 & 3 != 0 { return o200kWordEnd(text, start, end, contractions: contractions) }
        if c0 == CasedCharacterClass.number.rawValue { return o200kNumberEnd(text, start &+ l0, end, digits: digits) }
        let next = start &+ l0
        if c0 == CasedCharacterClass.other.rawValue {
            // 1, 2 after one character of P; else 4: a punctuation run.
            if next < end && character(text, next, end).0 & 3 != 0 {
                return o200kWordEnd(text, next, end, contractions: contractions)
            }
            return o200kPunctuationEnd(text, next, end)
        }
        if c0 == CasedCharacterClass.space.rawValue && next < end {
            let (c1, l1) = character(text, next, end)
            // 1, 2 after one white space character (not a line break).
            if c1 & 3 != 0 { return o200kWordEnd(text, next, end, contractions: contractions) }
            // 4: an ASCII space, then a punctuation run.
            if c1 == CasedCharacterClass.other.rawValue && text[start] == UInt8(ascii: " ") {
                return o200kPunctuationEnd(text, next &+ l1, end)
            }
        }
        return o200kWhitespaceEnd(text, start, end)
    }

    /// Alternatives 1 and 2 from `start`, a letter or mark (see the rule above).
    ///
    /// ASCII capitals, then ASCII small letters, are read here; a word with
    /// another character before its small letters is read out of line.
    @inline(__always)
    func o200kWordEnd(_ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int, contractions: Bool) -> Int {
        var i = start
        while i < end && text[i] &- UInt8(ascii: "A") < 26 { i &+= 1 }
        let wordEnd: Int
        if i < end && text[i] &- UInt8(ascii: "a") < 26 {
            wordEnd = lowerRunEnd(text, i &+ 1, end)
        } else if i < end && text[i] >= 0x80 {
            return o200kWordEndNonASCII(text, start, end, contractions: contractions)
        } else {
            // ASCII capitals only (none is in L): alternative 2.
            wordEnd = i
        }
        if contractions && wordEnd &+ 1 < end && text[wordEnd] == UInt8(ascii: "'") {
            return contractionEndIndex(text, wordEnd, end) ?? wordEnd
        }
        return wordEnd
    }

    /// `o200kWordEnd` for a word with a character of 0x80 or more before its
    /// small letters (or at its start): the rule, character by character.
    @inline(never)
    func o200kWordEndNonASCII(_ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int, contractions: Bool) -> Int {
        var i = start
        // Just after the U run's last character that is also in L.
        var afterBoth = -1
        var c: UInt8 = 0
        while i < end {
            let l: Int
            (c, l) = casedBits(text, i, end)
            if c & 1 == 0 { break }
            if c & 2 != 0 { afterBoth = i &+ l }
            i &+= l
        }
        let wordEnd: Int
        if i < end && c & 2 != 0 {
            wordEnd = lowerRunEnd(text, i, end)
        } else if afterBoth >= 0 {
            wordEnd = afterBoth
        } else {
            wordEnd = i
        }
        if contractions && wordEnd &+ 1 < end && text[wordEnd] == UInt8(ascii: "'") {
            return contractionEndIndex(text, wordEnd, end) ?? wordEnd
        }
        return wordEnd
    }

    /// The end of a run of L characters (small, caseless letters, marks) from `start`.
    ///
    /// ASCII small letters are read here, eight bytes at a time; from the
    /// first byte of 0x80 or more, out of line.
    @inline(__always)
    func lowerRunEnd(_ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var i = start
        while i &+ 8 <= end {
            let stops = nonLower(UnsafeRawPointer(text + i).loadUnaligned(as: UInt64.self))
            if stops != 0 {
                let j = i &+ (stops.trailingZeroBitCount &>> 3)
                if text[j] >= 0x80 { return lowerRunEndNonASCII(text, j, end) }
                return j
            }
            i &+= 8
        }
        while i < end {
            let b = text[i]
            if b >= 0x80 { return lowerRunEndNonASCII(text, i, end) }
            if b &- UInt8(ascii: "a") >= 26 { return i }
            i &+= 1
        }
        return i
    }

    /// The high bit of each byte of `word` (eight bytes of text, the first in
    /// the low byte) that is not an ASCII small letter; bytes of 0x80 or
    /// more count as not small letters.
    ///
    /// With the high bits cleared, adding 0x1F sets a byte's high bit from
    /// 0x61 (`a`) on, adding 0x05 from 0x7B (past `z`) on, with no carry
    /// between bytes.
    @inline(__always)
    func nonLower(_ word: UInt64) -> UInt64 {
        let high: UInt64 = 0x8080_8080_8080_8080
        let word = UInt64(littleEndian: word)
        let low = word & ~high
        let fromA = low &+ 0x1F1F_1F1F_1F1F_1F1F
        let pastZ = low &+ 0x0505_0505_0505_0505
        return ~(fromA & ~pastZ & ~word) & high
    }

    /// `lowerRunEnd` from a byte of 0x80 or more.
    @inline(never)
    func lowerRunEndNonASCII(_ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var i = start
        while i < end {
            let b = text[i]
            if b < 0x80 {
                if b &- UInt8(ascii: "a") >= 26 { return i }
                i &+= 1
            } else {
                let (c, l) = casedBits(text, i, end)
                if c & 2 == 0 { return i }
                i &+= l
            }
        }
        return i
    }

    /// Bits 0 (in U) and 1 (in L) of the class of the character at `i`
    /// (`i < end`), and its length. Two-byte characters are read from the
    /// bitmaps of `CasedCharacterClass.twoByteSets`.
    @inline(__always)
    func casedBits(_ text: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> (UInt8, Int) {
        let b = text[i]
        if b < 0x80 { return (ascii[Int(b)] & 3, 1) }
        if b &- 0xC2 < 0x1E && i &+ 1 < end && (text[i &+ 1] & 0xC0) == 0x80 {
            let scalar = Int(b & 0x1F) << 6 | Int(text[i &+ 1] & 0x3F)
            let word = scalar &>> 6, bit = UInt64(truncatingIfNeeded: scalar & 63)
            let lower = UInt8(truncatingIfNeeded: twoByteLetters[word] &>> bit) & 1
            let upper = UInt8(truncatingIfNeeded: twoByteLetters[32 &+ word] &>> bit) & 1
            return (upper | lower << 1, 2)
        }
        let (c, l) = nonASCII(text, i, end)
        return (c & 3, l)
    }

    /// Alternative 3: at most `digits` numbers; the first one ends before `start`.
    @inline(__always)
    func o200kNumberEnd(_ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int, digits: Int) -> Int {
        var i = start
        for _ in 1..<digits {
            guard i < end else { return i }
            let (c, l) = character(text, i, end)
            if c != CasedCharacterClass.number.rawValue { return i }
            i &+= l
        }
        return i
    }

    /// Alternative 4 after its first character: more of the run (marks
    /// included), then `[\r\n/]*`.
    @inline(__always)
    func o200kPunctuationEnd(_ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var i = start
        while i < end {
            let (c, l) = character(text, i, end)
            if c != CasedCharacterClass.other.rawValue && c != CasedCharacterClass.mark.rawValue { break }
            i &+= l
        }
        while i < end && (text[i] == UInt8(ascii: "\n") || text[i] == UInt8(ascii: "\r") || text[i] == UInt8(ascii: "/")) {
            i &+= 1
        }
        return i
    }

    /// Alternatives 5 to 7 on the white space run at `start`.
    @inline(__always)
    func o200kWhitespaceEnd(_ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var i = start
        var lastBreak = -1
        var lastStart = start
        while i < end {
            let (c, l) = character(text, i, end)
            if c == CasedCharacterClass.newline.rawValue {
                lastBreak = i
            } else if c != CasedCharacterClass.space.rawValue {
                break
            }
            lastStart = i
            i &+= l
        }
        if lastBreak >= 0 { return lastBreak &+ 1 }  // 5
        if i == end { return end }  // 6, at the end
        if lastStart > start { return lastStart }  // 6
        return i  // 7: one character
    }
}
