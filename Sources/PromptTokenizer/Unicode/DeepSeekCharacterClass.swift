/// The class of a code point as DeepSeek V3's split steps see it.
///
/// The three steps (`SplitPattern.deepSeekV3`) name numbers (`\p{N}`), the
/// kana and CJK ideograph ranges of the second step, and, in the third,
/// letters (`\p{L}`), marks (`\p{M}`), punctuation and symbols (`\p{P}`,
/// `\p{S}`, which the pattern always names together) and white space
/// (`\s`). Bits 0-2 hold the class; bit 3 is set inside the second step's
/// ranges (U+4E00-9FA5, U+3040-309F, U+30A0-30FF), whatever the class:
/// those runs are pieces of their own before the third step cuts them.
enum DeepSeekCharacterClass: UInt8 {
    /// Controls, format characters, private use, unassigned code points.
    case other = 0
    case letter = 1
    case mark = 2
    case number = 3
    /// `\p{P}` or `\p{S}`.
    case symbol = 4
    /// `\s` but the two line breaks.
    case space = 5
    /// `\r` or `\n`.
    case newline = 6

    /// The bit of the second step's ranges.
    static let cjk: UInt8 = 8
    /// The bits of the class.
    static let classMask: UInt8 = 7
}

extension DeepSeekCharacterClass {
    /// The shared table, built on first use.
    static let table = ClassTable(runs: transitions, newline: DeepSeekCharacterClass.newline.rawValue)

    /// One bit per code point below U+0800 (the two-byte characters), set
    /// for letters and marks: read instead of the two stages in the word
    /// loop (accented Latin, Greek, Cyrillic).
    static let twoByteWordCharacters: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 0x800 / 64)
        for cp in 0..<0x800 {
            let value = table[codePoint: cp]
            if value == DeepSeekCharacterClass.letter.rawValue || value == DeepSeekCharacterClass.mark.rawValue {
                bits[cp >> 6] |= 1 << UInt64(cp & 63)
            }
        }
        return bits
    }()
}
