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
    /// A two-stage lookup table over all code points.
    ///
    ///     stage1[cp >> 8]  -> block number b
    ///     stage2[b << 8 | cp & 0xFF] -> class raw value
    ///
    /// Built once from `_runs`: 0x1100 block numbers; five shared uniform
    /// blocks and one block for each 256 code points where the class changes.
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
            // Parse the runs: (first code point, class).
            var runs: [(start: Int, value: UInt8)] = []
            runs.reserveCapacity(2048)
            CharacterClass._runs.withUTF8Buffer { text in
                func hex(_ c: UInt8) -> Int {
                    c <= UInt8(ascii: "9") ? Int(c - UInt8(ascii: "0")) : Int(c - UInt8(ascii: "A") + 10)
                }
                var i = 0
                while i + 7 <= text.count {
                    var cp = 0
                    for k in 0..<6 { cp = cp << 4 | hex(text[i + k]) }
                    runs.append((cp, UInt8(hex(text[i + 6]))))
                    i += 7
                }
            }
            // Blocks of 256 code points that lie inside one run share one of
            // five uniform blocks; the others get their own.
            var stage2 = [UInt8]()
            stage2.reserveCapacity(512 * 256)
            for value in 0..<5 { stage2.append(contentsOf: repeatElement(UInt8(value), count: 256)) }
            var stage1 = [UInt16](repeating: 0, count: 0x1100)
            var run = 0
            for block in 0..<0x1100 {
                let first = block << 8, last = first + 255
                while run + 1 < runs.count && runs[run + 1].start <= first { run += 1 }
                if run + 1 == runs.count || runs[run + 1].start > last {
                    stage1[block] = UInt16(runs[run].value)
                    continue
                }
                stage1[block] = UInt16(stage2.count >> 8)
                var r = run
                for cp in first...last {
                    while r + 1 < runs.count && runs[r + 1].start <= cp { r += 1 }
                    stage2.append(runs[r].value)
                }
            }
            // `\r` and `\n` are line breaks, which the pattern names apart from `\s`.
            stage2[Int(stage1[0]) << 8 | 0x0A] = CharacterClass.newline.rawValue
            stage2[Int(stage1[0]) << 8 | 0x0D] = CharacterClass.newline.rawValue
            self.stage1 = stage1
            self.stage2 = stage2
            self.ascii = (0..<128).map { stage2[Int(stage1[0]) << 8 | $0] }
            var letters = [UInt64](repeating: 0, count: 0x800 / 64)
            for cp in 0..<0x800 where stage2[Int(stage1[cp >> 8]) << 8 | cp & 0xFF] == CharacterClass.letter.rawValue {
                letters[cp >> 6] |= 1 << UInt64(cp & 63)
            }
            self.twoByteLetters = letters
        }
    }

    /// The shared table, built on first use.
    static let table = Table()
}
