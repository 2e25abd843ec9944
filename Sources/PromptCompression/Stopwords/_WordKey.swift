/// The lookup form of a word: lowercase UTF-8, with the typographic
/// apostrophe ’ (U+2019) written as ASCII '.
///
/// ASCII words are lowercased byte by byte; others go through
/// `String.lowercased()` (full Unicode case mapping: "ÜBER" → "über",
/// "ЭТО" → "это"), which is the slow path, taken only for words with a
/// non-ASCII byte.
enum _WordKey {
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
        var ascii = true
        for byte in word {
            if byte >= 0x80 {
                ascii = false
                break
            }
            key.append(byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte)
        }
        if ascii { return true }
        key.removeAll(keepingCapacity: true)
        _appendLowercasedSlowly(word, to: &key)
        return key.count <= maximumLength * 2
    }

    @inline(never)
    static func _appendLowercasedSlowly(_ word: UnsafeBufferPointer<UInt8>, to key: inout [UInt8]) {
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
