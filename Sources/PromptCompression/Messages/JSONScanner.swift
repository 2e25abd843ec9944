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
