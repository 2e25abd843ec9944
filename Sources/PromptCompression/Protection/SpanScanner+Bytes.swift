extension UInt8 {
    /// `0`–`9`.
    var isDigit: Bool { self &- UInt8(ascii: "0") < 10 }
    /// ASCII `A`–`Z` or `a`–`z`.
    var isLetter: Bool { (self | 0x20) &- UInt8(ascii: "a") < 26 }
    /// ASCII `A`–`Z`.
    var isUpper: Bool { self &- UInt8(ascii: "A") < 26 }
    /// ASCII `a`–`z`.
    var isLower: Bool { self &- UInt8(ascii: "a") < 26 }
    /// An ASCII letter or digit.
    var isAlnum: Bool { isDigit || isLetter }
    /// An ASCII letter, digit or underscore: a byte of a code identifier.
    var isWordByte: Bool { isAlnum || self == UInt8(ascii: "_") }
    /// `0`–`9`, `a`–`f`, `A`–`F`.
    var isHexDigit: Bool { isDigit || (self | 0x20) &- UInt8(ascii: "a") < 6 }
    /// A UTF-8 continuation byte (`10xxxxxx`).
    var isContinuation: Bool { self & 0xC0 == 0x80 }
    /// Space, tab, line feed, carriage return, vertical tab or form feed.
    var isASCIIWhitespace: Bool { self == 0x20 || self &- 0x09 < 5 }
}

extension SpanScanner {
    /// The byte at `p`, or 0 past the end (0 matches no recognizer's constant).
    @inline(__always)
    func byte(at p: Int) -> UInt8 { p < count ? text[p] : 0 }

    /// Whether the bytes at `p` are `literal`.
    func matches(_ literal: StaticString, at p: Int) -> Bool {
        literal.withUTF8Buffer { bytes in
            guard p >= 0, p + bytes.count <= count else { return false }
            for k in 0..<bytes.count where text[p + k] != bytes[k] { return false }
            return true
        }
    }

    /// Whether the bytes at `p` are `literal` (lowercase ASCII), ignoring ASCII case.
    func matchesIgnoringCase(_ literal: StaticString, at p: Int) -> Bool {
        literal.withUTF8Buffer { bytes in
            guard p >= 0, p + bytes.count <= count else { return false }
            for k in 0..<bytes.count {
                let byte = text[p + k]
                if (byte.isLetter ? byte | 0x20 : byte) != bytes[k] { return false }
            }
            return true
        }
    }

    /// Whether the bytes at `p` are `literal`.
    func matches(_ literal: [UInt8], at p: Int) -> Bool {
        guard p >= 0, p + literal.count <= count else { return false }
        for k in 0..<literal.count where text[p + k] != literal[k] { return false }
        return true
    }

    /// Whether the bytes at `p` are `literal` (lowercase ASCII), ignoring ASCII case.
    func matchesIgnoringCase(_ literal: [UInt8], at p: Int) -> Bool {
        guard p >= 0, p + literal.count <= count else { return false }
        for k in 0..<literal.count {
            let byte = text[p + k]
            if (byte.isLetter ? byte | 0x20 : byte) != literal[k] { return false }
        }
        return true
    }

    /// The first of `literals` found at `p` followed by no letter or digit,
    /// as its length; 0 if none.
    ///
    /// The lists are byte arrays rather than `StaticString`s, and the first
    /// byte is compared before the rest: unit and name lists are tried after
    /// every number and capitalized word.
    func wordLength(of literals: [[UInt8]], at p: Int) -> Int {
        let first = byte(at: p)
        for literal in literals where literal[0] == first && matches(literal, at: p) {
            if isWordEnd(p + literal.count) { return literal.count }
        }
        return 0
    }

    /// Whether a word can start at `i`: the scalar before it is not an ASCII
    /// letter, digit or underscore, nor a letter of a script that separates
    /// words with spaces.
    ///
    /// Non-ASCII scalars are judged by their lead byte: U+0080–U+00BF
    /// (no-break space, `«`, `°`, `£`…), U+2000–U+2FFF (spaces, dashes, quotes,
    /// symbols) and U+3000 on (CJK and other scripts without spaces, fullwidth
    /// forms, emoji) are not letters; U+00C0–U+1FFF (Latin, Greek, Cyrillic,
    /// Hebrew, Arabic, Indic…) are. Invalid UTF-8 counts as a non-letter.
    func isWordStart(_ i: Int) -> Bool { Self.isWordStart(text, i) }

    @inline(__always)
    static func isWordStart(_ text: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        guard i > 0 else { return true }
        let before = text[i - 1]
        if before < 0x80 { return !before.isWordByte }
        var lead = i - 1
        while lead > 0, i - lead < 4, text[lead].isContinuation { lead -= 1 }
        return !isLetterLead(text[lead])
    }

    /// Whether a word ends before `p`: `p` is the end, or the scalar at `p` is
    /// not an ASCII letter, digit or underscore or a letter (see `isWordStart`).
    func isWordEnd(_ p: Int) -> Bool {
        guard p < count else { return true }
        let byte = text[p]
        return byte < 0x80 ? !byte.isWordByte : !Self.isLetterLead(byte)
    }

    /// Whether a UTF-8 lead byte starts a scalar in U+00C0–U+1FFF, taken as a
    /// letter of a script with spaces between words.
    static func isLetterLead(_ byte: UInt8) -> Bool { byte >= 0xC3 && byte <= 0xE1 }

    /// The length of a space that may sit inside a number or between a
    /// number and its unit: ASCII space, no-break space (U+00A0), thin space
    /// (U+2009), hair space (U+200A) or narrow no-break space (U+202F); 0 if
    /// none is at `p`.
    func numberSpaceLength(at p: Int) -> Int {
        switch byte(at: p) {
        case 0x20: return 1
        case 0xC2: return byte(at: p + 1) == 0xA0 ? 2 : 0
        case 0xE2:
            guard byte(at: p + 1) == 0x80 else { return 0 }
            let last = byte(at: p + 2)
            return last == 0x89 || last == 0x8A || last == 0xAF ? 3 : 0
        default: return 0
        }
    }

    /// The length of a no-break, thin, hair or narrow no-break space at `p`
    /// (the spaces that group thousands); 0 if none.
    func groupSpaceLength(at p: Int) -> Int {
        byte(at: p) == 0x20 ? 0 : numberSpaceLength(at: p)
    }

    /// The length of a range dash at `p`: `-`, en dash (U+2013) or minus
    /// (U+2212); 0 if none.
    func rangeDashLength(at p: Int) -> Int {
        switch byte(at: p) {
        case UInt8(ascii: "-"): return 1
        case 0xE2:
            if byte(at: p + 1) == 0x80, byte(at: p + 2) == 0x93 { return 3 }
            if byte(at: p + 1) == 0x88, byte(at: p + 2) == 0x92 { return 3 }
            return 0
        default: return 0
        }
    }

    /// Whether the bytes at `p` end a URL or a path: ASCII whitespace and
    /// controls, `<`, `>`, `"`, `` ` ``, and the non-ASCII spaces, quotes and
    /// brackets that wrap links in prose (U+00A0, `«`, `»`, U+2000–U+203F,
    /// U+3000–U+303F, fullwidth forms U+FF00–U+FF5F).
    func isLinkStop(at p: Int) -> Bool {
        let byte = byte(at: p)
        switch byte {
        case 0...0x20, 0x7F, UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "`"):
            return true
        case 0xC2:
            let next = self.byte(at: p + 1)
            return next == 0xA0 || next == 0xAB || next == 0xBB
        case 0xE2:
            return self.byte(at: p + 1) == 0x80
        case 0xE3:
            return self.byte(at: p + 1) == 0x80
        case 0xEF:
            let next = self.byte(at: p + 1)
            return next == 0xBC || next == 0xBD
        default:
            return false
        }
    }

    /// The end of the run of digits starting at `p` (`p` itself if none).
    func endOfDigits(from p: Int) -> Int {
        var q = p
        while q < count, text[q].isDigit { q += 1 }
        return q
    }

    /// The value of the decimal digits in `range` (at most 9 of them).
    func value(of range: Range<Int>) -> Int {
        var value = 0
        for p in range { value = value * 10 + Int(text[p] &- UInt8(ascii: "0")) }
        return value
    }
}
