/// The parts of a code identifier, for ranking code by a question in
/// words: `parseConfigFile` and `parse_config_file` hold `parse`,
/// `config` and `file`, `HTTPServer` holds `HTTP` and `Server`.
///
/// ICU's word rules keep an identifier whole (`_` joins words as a
/// connector), so a question asking "how is the config file parsed?" would
/// not meet the function that does it by its name. Each part is one more
/// term after the identifier, in the text and in the question alike, as
/// `OptionNames` places option names.
enum IdentifierParts {
    /// The parts of the identifier `buffer[word]`: cut at underscores, where
    /// a lower-case letter or digit meets an upper-case one, and before the
    /// last capital of a run of capitals followed by a lower-case letter.
    /// Only when the identifier is ASCII and splits into two or more parts
    /// of two or more bytes each; else none.
    ///
    /// - Complexity: O(n) in the identifier's bytes.
    static func ranges(in buffer: UnsafeBufferPointer<UInt8>, _ word: Range<Int>) -> [Range<Int>] {
        guard word.count >= 4 else { return [] }
        var parts: [Range<Int>] = []
        var start = word.lowerBound
        var i = word.lowerBound
        func close(_ end: Int) {
            if end > start { parts.append(start..<end) }
        }
        while i < word.upperBound {
            let b = buffer[i]
            guard b < 0x80 else { return [] }
            if b == UInt8(ascii: "_") {
                close(i)
                start = i + 1
            } else if i > start, isUpper(b) {
                let previous = buffer[i - 1]
                let nextIsLower = i + 1 < word.upperBound && isLower(buffer[i + 1])
                if isLower(previous) || isDigit(previous) || (isUpper(previous) && nextIsLower) {
                    close(i)
                    start = i
                }
            }
            i += 1
        }
        close(word.upperBound)
        guard parts.count >= 2, parts.allSatisfy({ $0.count >= 2 }) else { return [] }
        return parts
    }

    @inline(__always) private static func isUpper(_ b: UInt8) -> Bool { b &- UInt8(ascii: "A") < 26 }
    @inline(__always) private static func isLower(_ b: UInt8) -> Bool { b &- UInt8(ascii: "a") < 26 }
    @inline(__always) private static func isDigit(_ b: UInt8) -> Bool { b &- UInt8(ascii: "0") < 10 }
}
