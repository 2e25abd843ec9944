/// Walks the lines of a text from the end, each without its line break and
/// trailing white space, skipping blank lines. A line ends at `\n`, `\r\n`
/// or a lone `\r` (files from classic Mac OS): without the last, a
/// CR-only file was one line, all of it the question when it ended with `?`.
struct LastLines {
    let bytes: [UInt8]
    var position: Int
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        position = bytes.count
    }

    /// The previous non-blank line; with `stopAtBlank`, nil at a blank line.
    mutating func previous(stopAtBlank: Bool = false) -> Range<Int>? {
        while position > 0 {
            var start = position
            while start > 0 && bytes[start - 1] != UInt8(ascii: "\n") && bytes[start - 1] != UInt8(ascii: "\r") { start -= 1 }
            var end = position
            while end > start && isASCIISpace(bytes[end - 1]) { end -= 1 }
            // Step over the line break; `\r\n` is one break, not a blank line.
            position = start > 0 ? start - 1 : 0
            if position > 0 && bytes[position] == UInt8(ascii: "\n") && bytes[position - 1] == UInt8(ascii: "\r") { position -= 1 }
            if end > start { return start..<end }
            if stopAtBlank || start == 0 { return nil }
        }
        return nil
    }
}
