/// JSON string literals over UTF-8 bytes: encoding with the minimal escapes,
/// and UTF-8 validation with the offset of the first bad byte.
///
///     var out: [UInt8] = []
///     JSONString.append(Array("say \"hi\"\n".utf8), to: &out)   // "say \"hi\"\n" with quotes
///
/// Used by `ChatMessages` to splice compressed content back into a request,
/// and by the CLI for its JSON report.
public enum JSONString {
    /// Appends `utf8` as a JSON string literal, quotes included.
    ///
    /// Escapes `"` and `\`, and the control characters below U+0020 (`\n`,
    /// `\r`, `\t`, `\b`, `\f` by name, the others as `\u00XX`); every other
    /// character is written as its UTF-8 bytes. An ill-formed UTF-8 sequence
    /// becomes `\ufffd` (one per maximal bad byte), so the output is always a
    /// valid JSON string.
    ///
    /// - Complexity: O(n).
    public static func append(_ utf8: some Collection<UInt8>, to output: inout [UInt8]) {
        let bytes = Array(utf8)
        output.reserveCapacity(output.count + bytes.count + 2)
        output.append(UInt8(ascii: "\""))
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte >= 0x80 {
                if let length = utf8SequenceLength(bytes, at: i) {
                    output.append(contentsOf: bytes[i..<(i + length)])
                    i += length
                } else {
                    output.append(contentsOf: Array(#"\ufffd"#.utf8))
                    i += 1
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: Array(#"\u00"#.utf8))
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0xF)])
            default: output.append(byte)
            }
            i += 1
        }
        output.append(UInt8(ascii: "\""))
    }

    /// The JSON string literal of `utf8`, quotes included (see `append(_:to:)`).
    public static func encode(_ utf8: some Collection<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        append(utf8, to: &output)
        return output
    }

    /// The offset of the first byte that does not start a well-formed UTF-8
    /// sequence (overlong forms, surrogates, values past U+10FFFF and
    /// truncated sequences are ill-formed); nil when all of `bytes` is UTF-8.
    ///
    /// - Complexity: O(n).
    public static func firstInvalidUTF8(in bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count {
            if bytes[i] < 0x80 {
                i += 1
                continue
            }
            guard let length = utf8SequenceLength(bytes, at: i) else { return i }
            i += length
        }
        return nil
    }

    /// The length of the well-formed UTF-8 sequence starting at `i`, or nil.
    static func utf8SequenceLength(_ bytes: [UInt8], at i: Int) -> Int? {
        let lead = bytes[i]
        if lead < 0x80 { return 1 }
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: (length, low) = (3, 0xA0)
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: (length, high) = (3, 0x9F)
        case 0xF0: (length, low) = (4, 0x90)
        case 0xF1...0xF3: length = 4
        case 0xF4: (length, high) = (4, 0x8F)
        default: return nil
        }
        guard i + length <= bytes.count else { return nil }
        // The second byte has the tighter range; the rest are plain continuations.
        guard bytes[i + 1] >= low && bytes[i + 1] <= high else { return nil }
        for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return nil }
        return length
    }
}
