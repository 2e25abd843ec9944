/// A pull reader of JSON over UTF-8 bytes, enough to read a vocabulary file
/// in one pass: objects member by member, arrays element by element,
/// strings into a reused buffer, integers, and any other value skipped.
///
/// Strict where a vocabulary needs it (a string must be closed, an escape
/// must be one of JSON's, a number an integer where one is read), and it
/// allocates nothing per value: keys are compared as bytes.
///
///     var reader = JSONByteReader(bytes)
///     try reader.beginObject()
///     while try reader.nextMember(key: &key) {
///         if key == Array("rank".utf8) { rank = try reader.readInteger() } else { try reader.skipValue() }
///     }
struct JSONByteReader {
    /// Why the text is not the JSON expected, and the byte offset where that shows.
    struct Failure: Error {
        let offset: Int
        let reason: String
    }

    let bytes: UnsafeBufferPointer<UInt8>
    /// The offset of the next byte to read.
    private(set) var position = 0
    /// Whether the container being read has had a member or element yet.
    private var hasItem = false

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The next byte that is not white space, without reading it; nil at the end.
    mutating func peek() -> UInt8? {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): position += 1
            default: return bytes[position]
            }
        }
        return nil
    }

    func failure(_ reason: String) -> Failure { Failure(offset: position, reason: reason) }

    mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
        guard peek() == byte else { throw failure("expected \(what)") }
        position += 1
    }

    mutating func beginObject() throws(Failure) {
        try expect(UInt8(ascii: "{"), "an object")
        hasItem = false
    }

    mutating func beginArray() throws(Failure) {
        try expect(UInt8(ascii: "["), "an array")
        hasItem = false
    }

    /// Reads the next member's key and its colon; false after the closing brace.
    mutating func nextMember(key: inout [UInt8]) throws(Failure) -> Bool {
        guard try nextItem(closing: UInt8(ascii: "}")) else { return false }
        try readString(into: &key)
        try expect(UInt8(ascii: ":"), "':' after a key")
        return true
    }

    /// Moves to the next element; false after the closing bracket.
    mutating func nextElement() throws(Failure) -> Bool {
        try nextItem(closing: UInt8(ascii: "]"))
    }

    private mutating func nextItem(closing: UInt8) throws(Failure) -> Bool {
        if peek() == closing {
            position += 1
            hasItem = true
            return false
        }
        if hasItem { try expect(UInt8(ascii: ","), "',' or '\(Character(Unicode.Scalar(closing)))'") }
        hasItem = true
        return true
    }

    /// Reads a string, its escapes decoded, into `buffer` (emptied first).
    mutating func readString(into buffer: inout [UInt8]) throws(Failure) {
        buffer.removeAll(keepingCapacity: true)
        try expect(UInt8(ascii: "\""), "a string")
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "\"") { return }
            if byte < 0x20 { throw failure("a control character in a string") }
            if byte != UInt8(ascii: "\\") {
                buffer.append(byte)
                continue
            }
            guard position < bytes.count else { break }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(escape)
            case UInt8(ascii: "b"): buffer.append(0x08)
            case UInt8(ascii: "f"): buffer.append(0x0C)
            case UInt8(ascii: "n"): buffer.append(0x0A)
            case UInt8(ascii: "r"): buffer.append(0x0D)
            case UInt8(ascii: "t"): buffer.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try readHex4()
                if scalar & 0xFC00 == 0xD800, position + 1 < bytes.count,
                   bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
                {
                    position += 2
                    let low = try readHex4()
                    guard low & 0xFC00 == 0xDC00 else { throw failure("a high surrogate without a low one") }
                    scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
                }
                // A lone surrogate becomes U+FFFD, as Python's decoder would not keep it either.
                for unit in String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8 { buffer.append(unit) }
            default:
                throw failure("an invalid escape in a string")
            }
        }
        throw failure("an unterminated string")
    }

    private mutating func readHex4() throws(Failure) -> UInt32 {
        guard position + 4 <= bytes.count else { throw failure("a short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position] | 0x20
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            default: throw failure("a \\u escape that is not hexadecimal")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// Reads a non-negative integer below 2^53.
    mutating func readInteger() throws(Failure) -> Int {
        guard let first = peek(), first &- UInt8(ascii: "0") < 10 else { throw failure("expected a non-negative integer") }
        var value = 0
        while position < bytes.count, bytes[position] &- UInt8(ascii: "0") < 10 {
            value = value * 10 + Int(bytes[position] - UInt8(ascii: "0"))
            guard value < 1 << 53 else { throw failure("an integer too large") }
            position += 1
        }
        if position < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[position]) {
            throw failure("expected an integer, found a fraction")
        }
        return value
    }

    /// Whether the next value is `null`, which is then read.
    mutating func readNull() -> Bool {
        guard peek() == UInt8(ascii: "n"), position + 4 <= bytes.count,
              bytes[position + 1] == UInt8(ascii: "u"), bytes[position + 2] == UInt8(ascii: "l"),
              bytes[position + 3] == UInt8(ascii: "l") else { return false }
        position += 4
        return true
    }

    /// Skips one value of any kind, nested ones included.
    mutating func skipValue() throws(Failure) {
        var depth = 0
        repeat {
            guard let byte = peek() else { throw failure("expected a value") }
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                position += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard depth > 0 else { throw failure("expected a value") }
                depth -= 1
                position += 1
            case UInt8(ascii: "\""):
                try skipString()
            case UInt8(ascii: ","), UInt8(ascii: ":"):
                guard depth > 0 else { throw failure("expected a value") }
                position += 1
            default:
                // A number or a literal: a run of the bytes they are made of.
                let start = position
                while position < bytes.count, Self.isScalarByte(bytes[position]) { position += 1 }
                guard position > start else { throw failure("an unexpected character") }
            }
        } while depth > 0
        hasItem = true
    }

    /// Skips a string (its escapes are checked only for the quote they may hide).
    private mutating func skipString() throws(Failure) {
        position += 1
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "\"") { return }
            if byte == UInt8(ascii: "\\") { position += 1 }
        }
        throw failure("an unterminated string")
    }

    private static func isScalarByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "E"): true
        default: false
        }
    }
}
