/// A two-stage lookup table of a split pattern's character classes over
/// all code points, built once from a generated run list
/// (`CharacterClass.transitions`, `CasedCharacterClass.transitions`).
///
///     stage1[cp >> 8]             -> block number b
///     stage2[b << 8 | cp & 0xFF]  -> class raw value
///
/// 0x1100 block numbers; one shared uniform block for each raw value up to
/// the largest (block `v` is all `v`), and one block for each 256 code
/// points where the class changes.
struct ClassTable: Sendable {
    let stage1: [UInt16]
    let stage2: [UInt8]
    /// Classes of the 128 ASCII bytes, line breaks included.
    let ascii: [UInt8]

    /// Expands `runs` (7 characters a run: six hex digits of its first code
    /// point, one hex digit of its class) and gives `\r` and `\n` the class
    /// `newline`, which the patterns name apart from `\s`.
    init(runs text: StaticString, newline: UInt8) {
        var runs: [(start: Int, value: UInt8)] = []
        runs.reserveCapacity(text.utf8CodeUnitCount / 7)
        text.withUTF8Buffer { text in
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
        // Blocks of 256 code points that lie inside one run share a uniform
        // block; the others get their own.
        let uniform = Int(runs.map(\.value).max() ?? 0) + 1
        var stage2 = [UInt8]()
        stage2.reserveCapacity((uniform + 512) * 256)
        for value in 0..<uniform { stage2.append(contentsOf: repeatElement(UInt8(value), count: 256)) }
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
        stage2[Int(stage1[0]) << 8 | 0x0A] = newline
        stage2[Int(stage1[0]) << 8 | 0x0D] = newline
        self.stage1 = stage1
        self.stage2 = stage2
        self.ascii = (0..<128).map { stage2[Int(stage1[0]) << 8 | $0] }
    }

    /// The class of a code point (below 0x110000).
    subscript(codePoint codePoint: Int) -> UInt8 {
        stage2[Int(stage1[codePoint >> 8]) << 8 | codePoint & 0xFF]
    }
}
