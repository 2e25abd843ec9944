extension Stemmer {
    /// Lower-cases a word into `scratch` (ASCII, and by `foldedScalar`
    /// Latin-1, Latin Extended-A, Greek and Cyrillic, as the coarse stage's
    /// word hashes fold), with ’ as `'`. French and Italian elisions are
    /// left out: "l'homme" is "homme", "dell'anno" "anno".
    ///
    /// - Returns: The folded length, or nil when the word has a byte that
    ///   is not a letter or apostrophe (digits, `.`, `,`, `-`) or is longer
    ///   than `maximumBytes`.
    static func fold(_ word: UnsafeBufferPointer<UInt8>, into scratch: UnsafeMutablePointer<UInt8>, language: Language) -> Int? {
        guard word.count <= maximumBytes else { return nil }
        var count = 0
        var i = 0
        var apostrophe = -1  // where the first apostrophe was written
        while i < word.count {
            let b = word[i]
            if b < 0x80 {
                let lower = b | 0x20
                if lower &- UInt8(ascii: "a") < 26 {
                    scratch[count] = lower
                } else if b == UInt8(ascii: "'") {
                    if apostrophe < 0 { apostrophe = count }
                    scratch[count] = b
                } else {
                    return nil
                }
                count &+= 1
                i &+= 1
                continue
            }
            let (value, length) = decodeScalar(word, at: i, end: word.count)
            i &+= length
            if value == 0x2019 {
                if apostrophe < 0 { apostrophe = count }
                scratch[count] = UInt8(ascii: "'")
                count &+= 1
                continue
            }
            if value == 0xFFFD { return nil }
            let folded = foldedScalar(value)
            if folded < 0x800 {
                scratch[count] = UInt8(0xC0 | folded >> 6)
                scratch[count &+ 1] = UInt8(0x80 | folded & 0x3F)
                count &+= 2
            } else if folded < 0x10000 {
                scratch[count] = UInt8(0xE0 | folded >> 12)
                scratch[count &+ 1] = UInt8(0x80 | folded >> 6 & 0x3F)
                scratch[count &+ 2] = UInt8(0x80 | folded & 0x3F)
                count &+= 3
            } else {
                scratch[count] = UInt8(0xF0 | folded >> 18)
                scratch[count &+ 1] = UInt8(0x80 | folded >> 12 & 0x3F)
                scratch[count &+ 2] = UInt8(0x80 | folded >> 6 & 0x3F)
                scratch[count &+ 3] = UInt8(0x80 | folded & 0x3F)
                count &+= 4
            }
        }
        // An elision: a short article or pronoun and an apostrophe before the word.
        if (language == .french || language == .italian) && apostrophe > 0 && apostrophe &+ 1 < count
            && (apostrophe <= 2 || (scratch[apostrophe &- 2] == UInt8(ascii: "q") && scratch[apostrophe &- 1] == UInt8(ascii: "u"))
                || (language == .italian && apostrophe <= 5)) {
            let start = apostrophe &+ 1
            for k in start..<count { scratch[k &- start] = scratch[k] }
            count &-= start
        }
        return count
    }
}
