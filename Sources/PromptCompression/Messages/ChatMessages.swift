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

/// A JSON syntax or shape problem at a byte offset.
struct JSONProblem: Error {
    var reason: String
    var offset: Int
}

/// A recursive-descent JSON checker that records messages and their texts.
struct JSONScanner {
    let bytes: [UInt8]
    var i = 0
    var messages: [ChatMessages.Message] = []
    var slots: [ChatMessages.Slot] = []
    static let maximumDepth = 512

    init(bytes: [UInt8]) { self.bytes = bytes }

    // MARK: Document shape

    mutating func parseDocument() throws(JSONProblem) {
        // A UTF-8 byte order mark, which some editors write (and
        // JSONSerialization skips): accepted once, before anything else, and
        // kept, since the output copies every byte outside the texts.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        skipSpace()
        guard i < bytes.count else { throw problem("the input holds no JSON value") }
        switch bytes[i] {
        case UInt8(ascii: "["):
            try parseMessages(depth: 1)
        case UInt8(ascii: "{"):
            let start = i
            var found = false
            try parseObject(depth: 1) { (scanner: inout JSONScanner, key: [UInt8]) throws(JSONProblem) -> Bool in
                guard key == Array("messages".utf8) else { return false }
                guard scanner.peek() == UInt8(ascii: "[") else {
                    throw scanner.problem("\"messages\" is not an array")
                }
                // The last `messages` wins.
                scanner.messages = []
                scanner.slots = []
                try scanner.parseMessages(depth: 2)
                found = true
                return true
            }
            guard found else { throw JSONProblem(reason: "the request object has no \"messages\" array", offset: start) }
        default:
            throw problem("expected a chat request object or a messages array")
        }
        skipSpace()
        guard i == bytes.count else { throw problem("unexpected data after the JSON value") }
    }

    /// `[` message, … `]`, the array at nesting level `depth` (1 for the
    /// top level): a value nested in n arrays and objects is at level n, as
    /// Foundation counts, so both allow the same 512 levels.
    mutating func parseMessages(depth: Int) throws(JSONProblem) {
        try parseArray(in: "the messages array", separator: "expected ',' or ']' after a message") {
            (scanner: inout JSONScanner) throws(JSONProblem) in
            guard scanner.peek() == UInt8(ascii: "{") else {
                if scanner.i >= scanner.bytes.count { throw scanner.problem("unexpected end of input in the messages array") }
                throw scanner.problem("message \(scanner.messages.count + 1) is not an object")
            }
            try scanner.parseMessage(depth: depth + 1)
        }
    }

    mutating func parseMessage(depth: Int) throws(JSONProblem) {
        let start = i
        let index = messages.count
        var role: String?
        var messageSlots: [ChatMessages.Slot] = []
        try parseObject(depth: depth) { (scanner: inout JSONScanner, key: [UInt8]) throws(JSONProblem) -> Bool in
            if key == Array("role".utf8) {
                if scanner.peek() == UInt8(ascii: "\"") {
                    let (_, decoded, _) = try scanner.parseString()
                    role = decoded.map { String(decoding: $0, as: UTF8.self) }
                } else {
                    role = nil
                    try scanner.skipValue(depth: depth + 1)
                }
                return true
            }
            guard key == Array("content".utf8) else { return false }
            messageSlots = []
            switch scanner.peek() {
            case UInt8(ascii: "\""):
                let (literal, decoded, lone) = try scanner.parseString()
                messageSlots.append(.init(message: index, part: nil, literal: literal, text: decoded, loneSurrogate: lone))
            case UInt8(ascii: "["):
                messageSlots = try scanner.parseParts(message: index, depth: depth + 1)
            default:
                try scanner.skipValue(depth: depth + 1)
            }
            return true
        }
        let first = slots.count
        slots.append(contentsOf: messageSlots)
        messages.append(.init(role: role, range: start..<i, slots: Array(first..<slots.count)))
    }

    /// A `content` array: its text parts become slots; other items are skipped.
    mutating func parseParts(message: Int, depth: Int) throws(JSONProblem) -> [ChatMessages.Slot] {
        var parts: [ChatMessages.Slot] = []
        var partIndex = 0
        try parseArray(in: "a content array", separator: "expected ',' or ']' in a content array") {
            (scanner: inout JSONScanner) throws(JSONProblem) in
            defer { partIndex += 1 }
            guard scanner.peek() == UInt8(ascii: "{") else { return try scanner.skipValue(depth: depth + 1) }
            var type: [UInt8]?
            var text: (Range<Int>, [UInt8]?, Int?)?
            try scanner.parseObject(depth: depth + 1) { (scanner: inout JSONScanner, key: [UInt8]) throws(JSONProblem) -> Bool in
                guard key == Array("type".utf8) || key == Array("text".utf8),
                    scanner.peek() == UInt8(ascii: "\"")
                else { return false }
                let (literal, decoded, lone) = try scanner.parseString()
                if key == Array("type".utf8) { type = decoded } else { text = (literal, decoded, lone) }
                return true
            }
            if type == Array("text".utf8), let text {
                parts.append(.init(message: message, part: partIndex, literal: text.0, text: text.1, loneSurrogate: text.2))
            }
        }
        return parts
    }

    // MARK: Grammar

    /// `{` "key" `:` value, … `}`; `member` parses the value of a key it
    /// wants and returns true, or returns false to have it skipped.
    mutating func parseObject(
        depth: Int, member: (inout JSONScanner, [UInt8]) throws(JSONProblem) -> Bool
    ) throws(JSONProblem) {
        guard depth <= Self.maximumDepth else { throw problem("nesting deeper than \(Self.maximumDepth) levels") }
        i += 1
        skipSpace()
        if peek() == UInt8(ascii: "}") {
            i += 1
            return
        }
        while true {
            skipSpace()
            guard peek() == UInt8(ascii: "\"") else {
                if i >= bytes.count { throw problem("unexpected end of input in an object") }
                throw problem("expected a string key in an object")
            }
            let (_, key, _) = try parseString()
            skipSpace()
            guard peek() == UInt8(ascii: ":") else { throw problem("expected ':' after an object key") }
            i += 1
            skipSpace()
            guard i < bytes.count else { throw problem("unexpected end of input, expected a value") }
            if try !member(&self, key ?? []) {
                try skipValue(depth: depth + 1)
            }
            skipSpace()
            guard let next = peek() else { throw problem("unexpected end of input in an object") }
            i += 1
            if next == UInt8(ascii: "}") { return }
            guard next == UInt8(ascii: ",") else { i -= 1; throw problem("expected ',' or '}' in an object") }
        }
    }

    /// `[` element, … `]`: `element` parses each element, the scanner at
    /// its first byte (white space skipped).
    ///
    /// - Parameters:
    ///   - place: The array in errors about its end ("unexpected end of input in the messages array").
    ///   - separator: The error when neither `,` nor `]` follows an element.
    mutating func parseArray(
        in place: String, separator: String, element: (inout JSONScanner) throws(JSONProblem) -> Void
    ) throws(JSONProblem) {
        i += 1
        skipSpace()
        if peek() == UInt8(ascii: "]") {
            i += 1
            return
        }
        while true {
            skipSpace()
            try element(&self)
            skipSpace()
            guard let next = peek() else { throw problem("unexpected end of input in \(place)") }
            i += 1
            if next == UInt8(ascii: "]") { return }
            guard next == UInt8(ascii: ",") else { i -= 1; throw problem(separator) }
        }
    }

    /// Any JSON value, checked and skipped; `depth` is its nesting level if
    /// it is an array or an object (a scalar adds no level).
    mutating func skipValue(depth: Int) throws(JSONProblem) {
        skipSpace()
        guard let byte = peek() else { throw problem("unexpected end of input, expected a value") }
        switch byte {
        case UInt8(ascii: "{"):
            try parseObject(depth: depth) { _, _ in false }
        case UInt8(ascii: "["):
            guard depth <= Self.maximumDepth else { throw problem("nesting deeper than \(Self.maximumDepth) levels") }
            try parseArray(in: "an array", separator: "expected ',' or ']' in an array") {
                (scanner: inout JSONScanner) throws(JSONProblem) in
                try scanner.skipValue(depth: depth + 1)
            }
        case UInt8(ascii: "\""):
            _ = try parseString(decode: false)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try skipNumber()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default:
            throw problem("unexpected character \(describeByte(byte)), expected a value")
        }
    }

    mutating func literal(_ word: String) throws(JSONProblem) {
        let expected = Array(word.utf8)
        guard i + expected.count <= bytes.count, bytes[i..<(i + expected.count)].elementsEqual(expected) else {
            throw problem("invalid literal, expected '\(word)'")
        }
        i += expected.count
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    mutating func skipNumber() throws(JSONProblem) {
        let start = i
        if peek() == UInt8(ascii: "-") { i += 1 }
        guard let first = peek(), isASCIIDigit(first) else { throw problem("invalid number: expected a digit") }
        i += 1
        if first != UInt8(ascii: "0") { while let b = peek(), isASCIIDigit(b) { i += 1 } }
        if peek() == UInt8(ascii: ".") {
            i += 1
            guard let b = peek(), isASCIIDigit(b) else { throw problem("invalid number: expected a digit after '.'") }
            while let b = peek(), isASCIIDigit(b) { i += 1 }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            i += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { i += 1 }
            guard let b = peek(), isASCIIDigit(b) else { throw problem("invalid number: expected a digit in the exponent") }
            while let b = peek(), isASCIIDigit(b) { i += 1 }
        }
        assert(i > start)
    }

    /// A string literal at `i`: its range (quotes included), when `decode`
    /// its decoded UTF-8 (nil if it holds a lone surrogate), and the offset
    /// of its first lone surrogate escape.
    mutating func parseString(decode: Bool = true) throws(JSONProblem) -> (Range<Int>, [UInt8]?, Int?) {
        let start = i
        i += 1
        var decoded: [UInt8] = []
        var loneSurrogate: Int? = nil
        while true {
            guard i < bytes.count else { throw JSONProblem(reason: "unterminated string", offset: start) }
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "\""):
                i += 1
                return (start..<i, decode && loneSurrogate == nil ? decoded : nil, loneSurrogate)
            case UInt8(ascii: "\\"):
                guard i + 1 < bytes.count else { throw JSONProblem(reason: "unterminated string", offset: start) }
                let escape = bytes[i + 1]
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
                case UInt8(ascii: "b"): decoded.append(0x08)
                case UInt8(ascii: "f"): decoded.append(0x0C)
                case UInt8(ascii: "n"): decoded.append(0x0A)
                case UInt8(ascii: "r"): decoded.append(0x0D)
                case UInt8(ascii: "t"): decoded.append(0x09)
                case UInt8(ascii: "u"):
                    let unit = try hex4(at: i + 2)
                    i += 6
                    var low: UInt32 = 0
                    if (0xD800...0xDBFF).contains(unit), i + 1 < bytes.count,
                        bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                        low = try hex4(at: i + 2)
                    }
                    if (0xDC00...0xDFFF).contains(low) {
                        i += 6
                        appendUTF8(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), to: &decoded)
                    } else if (0xD800...0xDFFF).contains(unit) {
                        if loneSurrogate == nil { loneSurrogate = i - 6 }
                    } else {
                        appendUTF8(unit, to: &decoded)
                    }
                    continue
                default:
                    throw problem("invalid escape '\\\(printable(escape))' in a string", at: i)
                }
                i += 2
            case 0..<0x20:
                throw problem("unescaped control character \(describeByte(byte)) in a string")
            case 0x80...:
                guard let length = JSONString.utf8SequenceLength(bytes, at: i) else {
                    throw problem("invalid UTF-8 in a string")
                }
                if decode { decoded.append(contentsOf: bytes[i..<(i + length)]) }
                i += length
            default:
                if decode { decoded.append(byte) }
                i += 1
            }
        }
    }

    func hex4(at position: Int) throws(JSONProblem) -> UInt32 {
        guard position + 4 <= bytes.count else { throw problem("truncated \\u escape", at: position - 2) }
        var value: UInt32 = 0
        for k in position..<(position + 4) {
            let b = bytes[k]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: throw problem("invalid \\u escape: expected 4 hexadecimal digits", at: position - 2)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    // MARK: Helpers

    func peek() -> UInt8? { i < bytes.count ? bytes[i] : nil }

    mutating func skipSpace() {
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): i += 1
            default: return
            }
        }
    }

    func problem(_ reason: String, at offset: Int? = nil) -> JSONProblem {
        JSONProblem(reason: reason, offset: offset ?? i)
    }
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
