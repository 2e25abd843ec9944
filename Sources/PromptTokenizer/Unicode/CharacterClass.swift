/// The class of a code point as the cl100k_base split pattern sees it.
///
/// The pattern distinguishes letters (`\p{L}`), numbers (`\p{N}`), white space
/// (`\s`, the Unicode White_Space property) and everything else. The tokenizer
/// further separates the two line breaks `\r` and `\n`, which the pattern names
/// on their own.
@usableFromInline
enum CharacterClass: UInt8 {
    case other = 0
    case letter = 1
    case number = 2
    case space = 3
    /// `\r` or `\n`: only ASCII line breaks, never U+0085 or U+2028.
    case newline = 4
}

extension CharacterClass {
    /// The class table (`ClassTable`) and a bitmap of the two-byte letters.
    struct Table: Sendable {
        let stage1: [UInt16]
        let stage2: [UInt8]
        /// Classes of the 128 ASCII bytes, newline included.
        let ascii: [UInt8]
        /// One bit per code point below U+0800 (the two-byte characters):
        /// set for letters. A 256-byte table read instead of the two
        /// stages in the letter loop (accented Latin, Greek, Cyrillic).
        let twoByteLetters: [UInt64]

        init() {
            let classes = ClassTable(runs: CharacterClass.transitions, newline: CharacterClass.newline.rawValue)
            self.stage1 = classes.stage1
            self.stage2 = classes.stage2
            self.ascii = classes.ascii
            var letters = [UInt64](repeating: 0, count: 0x800 / 64)
            for cp in 0..<0x800 where classes[codePoint: cp] == CharacterClass.letter.rawValue {
                letters[cp >> 6] |= 1 << UInt64(cp & 63)
            }
            self.twoByteLetters = letters
        }
    }

    /// The shared table, built on first use.
    static let table = Table()
}
