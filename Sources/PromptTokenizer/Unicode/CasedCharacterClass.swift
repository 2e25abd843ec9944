/// The class of a code point as the o200k_base split pattern sees it:
/// letters by case, marks, numbers, white space and everything else.
///
/// The pattern's words are `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*` (the upper
/// set, U) followed by `[\p{Ll}\p{Lm}\p{Lo}\p{M}]+` (the lower set, L), or
/// the other way round; a mark (`\p{M}`) is in both sets and, not being a
/// letter, also in the classes of a word's one-character prefix and of
/// punctuation. The raw values are bit sets so that the scanner tests
/// membership with one AND:
///
///     bit 0: in U (upper, caseless, mark)
///     bit 1: in L (lower, caseless, mark)
///     bit 3: white space (`\s`, line breaks included)
///
/// `\r` and `\n`, which the pattern names apart from `\s`, are `newline`.
enum CasedCharacterClass: UInt8 {
    /// Punctuation, symbols, controls and unassigned code points (`[^\s\p{L}\p{N}]` less marks).
    case other = 0
    /// `\p{Lu}`, `\p{Lt}`: in U only.
    case upper = 1
    /// `\p{Ll}`: in L only.
    case lower = 2
    /// `\p{Lm}`, `\p{Lo}` (most of CJK, Arabic, Hebrew, Devanagari letters): in U and L.
    case caseless = 3
    /// `\p{N}`.
    case number = 4
    /// `\p{M}`: in U and L, and also a non-letter.
    case mark = 7
    /// `\s` but the two line breaks.
    case space = 8
    /// `\r` or `\n`.
    case newline = 12
}

extension CasedCharacterClass {
    /// The shared table, built on first use.
    static let table = ClassTable(runs: transitions, newline: CasedCharacterClass.newline.rawValue)

    /// Two bitmaps of the code points below U+0800 (the two-byte
    /// characters), one bit each: words 0-31 set for L (lower, caseless,
    /// mark), words 32-63 for U (upper, caseless, mark). Read instead of the
    /// two stages in the word loops (accented Latin, Greek, Cyrillic).
    static let twoByteSets: [UInt64] = {
        var sets = [UInt64](repeating: 0, count: 2 * 0x800 / 64)
        for cp in 0..<0x800 {
            let value = table[codePoint: cp]
            if value & 2 != 0 { sets[cp >> 6] |= 1 << UInt64(cp & 63) }
            if value & 1 != 0 { sets[32 + (cp >> 6)] |= 1 << UInt64(cp & 63) }
        }
        return sets
    }()
}
