/// The lookup form of a word: lowercase UTF-8, with the typographic
/// apostrophe ’ (U+2019) written as ASCII '.
///
/// Lowercased byte by byte for ASCII, Latin-1 letters (À–Þ) and the basic
/// Cyrillic alphabet (Ѐ–Я), which cover the lists' languages; any other
/// non-ASCII character sends the word through `String.lowercased()` (full
/// Unicode case mapping), the slow path. Both give the same bytes (a test
/// compares them).
enum WordKey {
    /// Words longer than this are never looked up (no list has one).
    static let maximumLength = 48

    /// Writes the lookup form of `word` into `key` (replacing its contents).
    ///
    /// - Returns: false when the word is longer than `maximumLength` bytes;
    ///   `key` is then unspecified.
    /// - Complexity: O(word length).
    static func make(_ word: UnsafeBufferPointer<UInt8>, into key: inout [UInt8]) -> Bool {
        guard word.count <= maximumLength else { return false }
        key.removeAll(keepingCapacity: true)
        var index = 0
        let count = word.count
        while index < count {
            let byte = word[index]
            if byte < 0x80 {
                key.append(byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte)
                index += 1
                continue
            }
            let next: UInt8 = index + 1 < count ? word[index + 1] : 0
            switch (byte, next) {
            case (0xC3, 0x80...0x9E) where next != 0x97:  // À–Þ (not ×) → à–þ
                key.append(0xC3)
                key.append(next | 0x20)
            case (0xC3, 0x9F...0xBF), (0xD0, 0xB0...0xBF), (0xD1, 0x80...0x9F):  // already lowercase
                key.append(byte)
                key.append(next)
            case (0xD0, 0x80...0x8F):  // Ѐ–Џ → ѐ–џ
                key.append(0xD1)
                key.append(next + 0x10)
            case (0xD0, 0x90...0x9F):  // А–П → а–п
                key.append(0xD0)
                key.append(next + 0x20)
            case (0xD0, 0xA0...0xAF):  // Р–Я → р–я
                key.append(0xD1)
                key.append(next - 0x20)
            case (0xE2, 0x80) where index + 2 < count && word[index + 2] == 0x99:  // ’ → '
                key.append(UInt8(ascii: "'"))
                index += 1
            default:
                key.removeAll(keepingCapacity: true)
                appendLowercasedSlowly(word, to: &key)
                return key.count <= maximumLength * 2
            }
            index += 2
        }
        return true
    }

    @inline(never)
    static func appendLowercasedSlowly(_ word: UnsafeBufferPointer<UInt8>, to key: inout [UInt8]) {
        for scalar in String(decoding: word, as: UTF8.self).lowercased().unicodeScalars {
            if scalar == "\u{2019}" {
                key.append(UInt8(ascii: "'"))
            } else {
                key.append(contentsOf: scalar.utf8)
            }
        }
    }

    /// The lookup form of a string (for building tables and for tests).
    static func make(_ word: String) -> [UInt8] {
        Array(word.lowercased().replacingOccurrences2019().utf8)
    }
}

extension String {
    /// The string with ’ replaced by '.
    fileprivate func replacingOccurrences2019() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\u{2019}" ? "'" : $0 }))
    }
}
