#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A line of text: where it starts and ends (after its line feed), its
/// indentation in columns (a tab counts four) and its content (white space
/// at both ends left out).
struct ItemLine {
    var start: Int
    var end: Int
    var indent: Int
    var content: Range<Int>
    var isBlank: Bool { content.isEmpty }

    init(_ bytes: [UInt8], _ start: Int) {
        self.start = start
        end = ItemLayout.lineEndOffset(bytes, start)
        var p = start, columns = 0
        while p < end && (bytes[p] == UInt8(ascii: " ") || bytes[p] == UInt8(ascii: "\t")) {
            columns += bytes[p] == UInt8(ascii: "\t") ? 4 : 1
            p += 1
        }
        indent = columns
        var e = end
        while e > p && isASCIISpace(bytes[e - 1]) { e -= 1 }
        content = p..<e
    }
}
