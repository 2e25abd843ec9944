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
    /// Built once from `_runs`; 0x1100 block numbers and a few hundred distinct
    /// 256-entry blocks.
    struct Table: Sendable {
        let stage1: [UInt16]
        let stage2: [UInt8]
        /// Classes of the 128 ASCII bytes, newline included.
        let ascii: [UInt8]

        init() {
            var flat = [UInt8](repeating: 0, count: 0x110000)
            var runs: [(Int, UInt8)] = []
            CharacterClass._runs.withUTF8Buffer { text in
                var i = 0
                func hex(_ c: UInt8) -> Int {
                    c <= UInt8(ascii: "9") ? Int(c - UInt8(ascii: "0")) : Int(c - UInt8(ascii: "A") + 10)
                }
                while i + 7 <= text.count {
                    var cp = 0
                    for k in 0..<6 { cp = cp << 4 | hex(text[i + k]) }
                    runs.append((cp, UInt8(hex(text[i + 6]))))
                    i += 7
                }
            }
            for (index, run) in runs.enumerated() {
                let end = index + 1 < runs.count ? runs[index + 1].0 : 0x110000
                for cp in run.0..<end { flat[cp] = run.1 }
            }
            flat[0x0A] = CharacterClass.newline.rawValue
            flat[0x0D] = CharacterClass.newline.rawValue

            var blocks: [[UInt8]: UInt16] = [:]
            var stage1 = [UInt16](repeating: 0, count: 0x1100)
            var stage2: [UInt8] = []
            for block in 0..<0x1100 {
                let slice = Array(flat[block << 8 ..< (block + 1) << 8])
                if let known = blocks[slice] {
                    stage1[block] = known
                } else {
                    let number = UInt16(blocks.count)
                    blocks[slice] = number
                    stage1[block] = number
                    stage2.append(contentsOf: slice)
                }
            }
            self.stage1 = stage1
            self.stage2 = stage2
            self.ascii = Array(flat[0..<128])
        }

        /// The class of a Unicode scalar value (not a surrogate, below 0x110000).
        func classOf(_ scalar: UInt32) -> CharacterClass {
            let block = Int(stage1[Int(scalar >> 8)])
            return CharacterClass(rawValue: stage2[block << 8 | Int(scalar & 0xFF)])!
        }
    }

    /// The shared table, built on first use.
    static let table = Table()
}
