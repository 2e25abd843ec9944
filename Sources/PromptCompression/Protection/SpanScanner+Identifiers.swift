extension SpanScanner {
    /// The end of a UUID (`8-4-4-4-12` hexadecimal digits) at `i`, or nil.
    ///
    /// - Complexity: O(1).
    func uuid(at i: Int) -> Int? {
        var p = i
        for (index, length) in [8, 4, 4, 4, 12].enumerated() {
            if index > 0 {
                guard byte(at: p) == UInt8(ascii: "-") else { return nil }
                p += 1
            }
            for _ in 0..<length {
                guard byte(at: p).isHexDigit else { return nil }
                p += 1
            }
        }
        return isWordEnd(p) && byte(at: p) != UInt8(ascii: "-") ? p : nil
    }

    /// The end of a hexadecimal string at `i`, or nil: `0x` and hexadecimal
    /// digits (`0x1F`), or 16 or more hexadecimal digits with at least one
    /// letter (hashes such as `3b0f49e7c2a1d5f8`; all-digit runs are numbers).
    ///
    /// - Complexity: O(length of the run of hexadecimal digits).
    func hexString(at i: Int) -> Int? {
        if text[i] == UInt8(ascii: "0"), byte(at: i + 1) | 0x20 == UInt8(ascii: "x"), byte(at: i + 2).isHexDigit {
            var p = i + 2
            while p < count, text[p].isHexDigit { p += 1 }
            return isWordEnd(p) ? p : nil
        }
        var p = i
        var letter = false
        while p < count, text[p].isHexDigit {
            letter = letter || text[p].isLetter
            p += 1
        }
        return p - i >= 16 && letter && isWordEnd(p) ? p : nil
    }

    /// The end of a code identifier at `i` (a word start), or nil.
    ///
    /// The word is a run of ASCII letters, digits and underscores, joined by
    /// single hyphens (`HM-7`, `x86-64`) and by periods between digits
    /// (`Qwen2.5-7B`) or before a lowercase letter or underscore
    /// (`self.user_id`). Not by a period before a capital or a digit after a
    /// letter: scraped text glues sentences (`work.2`, `wrong.History`). It
    /// is an identifier when it has
    /// - letters and digits (`user_id42`, `HM-7`, `COVID-19`, `mp3`, `v1.2`);
    /// - an underscore between letters or digits (`snake_case`, `MAX_SIZE`),
    ///   or starts with two (`__init__`);
    /// - a part with two changes from a lowercase to a capital letter
    ///   (`getElementById`), or with one after two or more lowercase letters
    ///   at its start (`userName`, `camelCase`): not `iPhone`, `eBay`,
    ///   `McDonald`, `JavaScript` or `YouTube`, which are names in prose.
    ///
    /// Plain words (`Hello`, `e.g`, `state-of-the-art`, `U.S`) are not.
    ///
    /// - Complexity: O(length of the word); a word that is no identifier is
    ///   not looked at again.
    mutating func identifier(at i: Int) -> Int? {
        guard i >= identifierResume else { return nil }
        var p = i
        var hasDigit = false, hasLetter = false, innerUnderscore = false, camel = false
        var previous: UInt8 = 0
        while true {
            // One part, up to a joiner.
            var changes = 0, lowercasePrefix = 0, seenUpper = false
            let partStart = p
            while p < count, text[p].isWordByte {
                let b = text[p]
                if b.isDigit {
                    hasDigit = true
                } else if b.isLetter {
                    hasLetter = true
                    if b.isUpper {
                        if previous.isLower { changes += 1 }
                        seenUpper = true
                    } else if !seenUpper {
                        lowercasePrefix += 1
                    }
                } else if previous.isAlnum, byte(at: p + 1).isAlnum {
                    innerUnderscore = true
                }
                previous = b
                p += 1
            }
            camel = camel || changes >= 2 || (changes == 1 && lowercasePrefix >= 2 && text[partStart].isLower)
            let joiner = byte(at: p), next = byte(at: p + 1)
            let joins = joiner == UInt8(ascii: "-") ? next.isWordByte
                : joiner == UInt8(ascii: ".") && (previous.isDigit && next.isDigit || next.isLower || next == UInt8(ascii: "_"))
            guard joins else { break }
            previous = joiner
            p += 1
        }
        let dunder = matches("__", at: i) && byte(at: i + 2).isLetter
        let isIdentifier = (hasDigit && hasLetter) || innerUnderscore || dunder || camel
        if isIdentifier, isWordEnd(p) { return p }
        identifierResume = p
        return nil
    }
}
