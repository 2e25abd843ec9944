

/// A chat request as JSON bytes, with the position of every message's role
/// and text content, so that new content can be spliced in with every other
/// byte unchanged.
///
/// Accepts an OpenAI chat request (an object with a `messages` array, any
/// other fields) or a bare `messages` array. A message's text is its
/// `content` string, or each `{"type": "text", "text": …}` item of a
/// `content` array; other content (`null`, images, tool calls) is left as
/// it is. The whole input is checked against the JSON grammar (RFC 8259:
/// strings, escapes, numbers, literals, nesting up to 512 levels, UTF-8),
/// so a valid input with spliced string literals is valid JSON again.
/// Two things RFC 8259 allows and some readers refuse (Foundation's
/// `JSONSerialization` among them) are accepted and passed through byte for
/// byte: a lone surrogate escape (`"\ud800"`) and a number beyond `Double`'s
/// range (`1e999`). A lone surrogate in a message's *text* has no UTF-8 form,
/// so that text can be neither counted nor compressed: `compress` refuses
/// the request (`CompressionError.loneSurrogate`, naming the message) rather
/// than leave the text out of the budget. A UTF-8 byte order mark before the
/// JSON is accepted, and kept in the output.
///
///     let chat = try ChatMessages(json: Array(request.utf8))
///     chat.messages[0].role                     // "system"
///     chat.slots[0].text                        // decoded content bytes
///     let out = chat.replacing([0: Array("shorter".utf8)])
///
/// Duplicate keys: the last `role`, `content`, `type`, `text` or
/// `messages` wins, as in most JSON readers.
public struct ChatMessages: Sendable {
    /// One text of a message: a `content` string or a text part's `text`.
    public struct Slot: Sendable, Hashable {
        /// The index of the message in `messages`.
        public var message: Int
        /// The index of the part in a `content` array; nil for a string `content`.
        public var part: Int?
        /// The string literal in the input, quotes included.
        public var literal: Range<Int>
        /// The decoded text as UTF-8; nil when the string holds a lone
        /// surrogate escape (`\ud800`), which UTF-8 cannot represent
        /// (`compress` refuses such a request; `replacing` changes the slot
        /// only when asked).
        public var text: [UInt8]?
        /// The byte offset of the first lone surrogate escape (its
        /// backslash) when `text` is nil; nil otherwise.
        public var loneSurrogate: Int?
    }

    /// One message object.
    public struct Message: Sendable, Hashable {
        /// The `role` string; nil when absent or not a string.
        public var role: String?
        /// The message object in the input.
        public var range: Range<Int>
        /// Indices of its texts in `slots`, in input order.
        public var slots: [Int]
    }

    /// The input, unchanged.
    public let bytes: [UInt8]
    public let messages: [Message]
    /// Every text of every message, in input order.
    public let slots: [Slot]

    /// Parses a chat request or a messages array.
    ///
    /// - Throws: `CompressionError.malformedMessages` with the byte offset,
    ///   line and column of the first problem: a JSON syntax error, invalid
    ///   UTF-8, a top-level value that is neither an object with a
    ///   `messages` array nor an array, or a message that is not an object.
    /// - Complexity: O(n) for n bytes.
    public init(json: [UInt8]) throws(CompressionError) {
        var scanner = JSONScanner(bytes: json)
        do {
            try scanner.parseDocument()
        } catch {
            let (line, column) = lineAndColumn(json, offset: error.offset)
            throw .malformedMessages(reason: error.reason, offset: error.offset, line: line, column: column)
        }
        bytes = json
        messages = scanner.messages
        slots = scanner.slots
    }

    /// The input with the texts of some slots replaced, every other byte unchanged.
    ///
    /// - Parameter texts: New UTF-8 text by slot index; each is written as a
    ///   JSON string literal (`JSONString.append`). A slot whose new text
    ///   equals its old one keeps its original literal (and its escapes).
    /// - Returns: The new JSON.
    public func replacing(_ texts: [Int: [UInt8]]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var position = 0
        for (index, slot) in slots.enumerated() {
            guard let text = texts[index], text != slot.text else { continue }
            output.append(contentsOf: bytes[position..<slot.literal.lowerBound])
            JSONString.append(text, to: &output)
            position = slot.literal.upperBound
        }
        output.append(contentsOf: bytes[position...])
        return output
    }
}

/// 1-based line and column (in Unicode scalars) of a byte offset.
func lineAndColumn(_ bytes: [UInt8], offset: Int) -> (Int, Int) {
    var line = 1, column = 1
    for byte in bytes[0..<min(offset, bytes.count)] {
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }
    return (line, column)
}

func isASCIIDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

func printable(_ b: UInt8) -> String {
    b >= 0x21 && b < 0x7F ? String(UnicodeScalar(b)) : describeByte(b)
}

func describeByte(_ b: UInt8) -> String {
    b >= 0x21 && b < 0x7F ? "'\(UnicodeScalar(b))'" : "0x" + (b < 16 ? "0" : "") + String(b, radix: 16, uppercase: true)
}

func appendUTF8(_ value: UInt32, to output: inout [UInt8]) {
    switch value {
    case 0..<0x80: output.append(UInt8(value))
    case 0x80..<0x800:
        output.append(UInt8(0xC0 | value >> 6))
        output.append(UInt8(0x80 | value & 0x3F))
    case 0x800..<0x10000:
        output.append(UInt8(0xE0 | value >> 12))
        output.append(UInt8(0x80 | value >> 6 & 0x3F))
        output.append(UInt8(0x80 | value & 0x3F))
    default:
        output.append(UInt8(0xF0 | value >> 18))
        output.append(UInt8(0x80 | value >> 12 & 0x3F))
        output.append(UInt8(0x80 | value >> 6 & 0x3F))
        output.append(UInt8(0x80 | value & 0x3F))
    }
}
