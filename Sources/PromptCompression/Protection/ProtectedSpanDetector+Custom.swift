import Foundation

/// A custom protection pattern, compiled.
///
/// `NSRegularExpression` is immutable and documented as safe to use from
/// several threads at once, hence `@unchecked Sendable`.
final class _CompiledPattern: @unchecked Sendable {
    /// The pattern as the user gave it; the payload of `.custom`.
    let pattern: String
    let regex: NSRegularExpression

    /// Compiles `pattern`, or throws `.invalidProtectionPattern` with the
    /// engine's error domain and code.
    init(_ pattern: String) throws(CompressionError) {
        self.pattern = pattern
        do {
            regex = try NSRegularExpression(pattern: pattern)
        } catch {
            // swift-corelibs-foundation reports no detail beyond the domain
            // and code (NSCocoaErrorDomain 2048, with the pattern itself as
            // `NSInvalidValue`).
            let nsError = error as NSError
            throw .invalidProtectionPattern(
                pattern: pattern, reason: "not a valid regular expression (\(nsError.domain) \(nsError.code))")
        }
    }

    /// Appends a `.custom(pattern)` span for every non-empty match.
    func appendMatches(in text: _DecodedText, to spans: inout [ProtectedSpan]) {
        let range = NSRange(location: 0, length: text.utf16Offsets.count - 1)
        for match in regex.matches(in: text.string, range: range) where match.range.length > 0 {
            let start = text.utf16Offsets[match.range.location]
            let end = text.utf16Offsets[match.range.location + match.range.length]
            if start < end { spans.append(ProtectedSpan(range: start..<end, kind: .custom(pattern))) }
        }
    }
}

/// A text decoded for `NSRegularExpression`, with the byte offset of every
/// UTF-16 code unit.
///
/// Decoding is done here, not by `String(decoding:as:)`, so that the offsets
/// are known: each ill-formed byte becomes one U+FFFD.
struct _DecodedText {
    /// The decoded text.
    let string: String
    /// `utf16Offsets[k]` is the byte offset of the scalar that UTF-16 code
    /// unit `k` belongs to; the last element is the byte count.
    let utf16Offsets: [Int]

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var scalars = String.UnicodeScalarView()
        var offsets: [Int] = []
        offsets.reserveCapacity(bytes.count + 1)
        var p = 0
        while p < bytes.count {
            let (scalar, length) = Self.decode(bytes, at: p)
            scalars.append(scalar)
            offsets.append(p)
            if scalar.value > 0xFFFF { offsets.append(p) }
            p += length
        }
        offsets.append(bytes.count)
        string = String(scalars)
        utf16Offsets = offsets
    }

    /// The scalar at `p` and its length in bytes; U+FFFD and 1 for an
    /// ill-formed sequence (overlong forms, surrogates and values past
    /// U+10FFFF included).
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at p: Int) -> (Unicode.Scalar, Int) {
        let lead = bytes[p]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length: Int, minimum: UInt32
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: (length, minimum, value) = (2, 0x80, UInt32(lead & 0x1F))
        case 0xE0...0xEF: (length, minimum, value) = (3, 0x800, UInt32(lead & 0x0F))
        case 0xF0...0xF4: (length, minimum, value) = (4, 0x10000, UInt32(lead & 0x07))
        default: return ("\u{FFFD}", 1)
        }
        guard p + length <= bytes.count else { return ("\u{FFFD}", 1) }
        for k in 1..<length {
            let byte = bytes[p + k]
            guard byte & 0xC0 == 0x80 else { return ("\u{FFFD}", 1) }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return ("\u{FFFD}", 1) }
        return (scalar, length)
    }
}
