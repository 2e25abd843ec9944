/// The vowels of a language, tested on UTF-8 bytes: ASCII letters, the
/// two-byte letters of Latin-1 (lead byte 0xC3) and Cyrillic (0xD0, 0xD1).
///
///     ascii  bit b - 0x40 for ASCII bytes 0x40...0x7F
///     c3     bit b - 0x80 for the second byte after 0xC3 (à á â ã ä è é ê …)
///     d0/d1  bit b - 0x80 for the second byte after 0xD0 / 0xD1 (а е и о у ы э ю я)
///
/// The stemmers mark letters that act as consonants in upper case
/// ("Y", "U", "I"), which are not in any set.
struct VowelSet: Sendable {
    var ascii: UInt64 = 0
    var c3: UInt64 = 0
    var d0: UInt64 = 0
    var d1: UInt64 = 0

    /// The set of the letters of `letters` (ASCII, Latin-1 or Cyrillic).
    init(_ letters: String) {
        for scalar in letters.unicodeScalars {
            var utf8 = Array(String(scalar).utf8)
            if utf8.count == 1 {
                ascii |= 1 << UInt64(utf8[0] - 0x40)
            } else {
                precondition(utf8.count == 2, "VowelSet: ASCII, Latin-1 or Cyrillic letters")
                let bit: UInt64 = 1 << UInt64(utf8[1] - 0x80)
                switch utf8.removeFirst() {
                case 0xC3: c3 |= bit
                case 0xD0: d0 |= bit
                case 0xD1: d1 |= bit
                default: preconditionFailure("VowelSet: ASCII, Latin-1 or Cyrillic letters")
                }
            }
        }
    }

    /// Whether the letter starting at `word[i]` (of `end` bytes) is a vowel.
    @inline(__always)
    func contains(_ word: UnsafePointer<UInt8>, at i: Int, end: Int) -> Bool {
        let b = word[i]
        if b < 0x80 { return b >= 0x40 && ascii & (1 << UInt64(b &- 0x40)) != 0 }
        guard i &+ 1 < end else { return false }
        let second = word[i &+ 1]
        guard second & 0xC0 == 0x80 else { return false }
        let bit: UInt64 = 1 << UInt64(second &- 0x80)
        switch b {
        case 0xC3: return c3 & bit != 0
        case 0xD0: return d0 & bit != 0
        case 0xD1: return d1 & bit != 0
        default: return false
        }
    }
}
