import Foundation

/// Foundation's `JSONSerialization` as an oracle of the JSON grammar.
///
/// RFC 8259 lets a reader limit what it accepts, and Foundation uses two of
/// those limits where `ChatMessages` does not: it rejects a lone surrogate
/// escape (`"\ud800"`) and a number beyond `Double`'s range (`1e999`).
/// Both are grammatical JSON (Python's and JavaScript's readers take them),
/// and `ChatMessages` passes them through unchanged. The oracle therefore
/// asks Foundation about the document with those two replaced by values
/// inside its limits; everything else must parse as it is.
///
///     FoundationJSON.parses(Array(#"["\ud800", 1e999]"#.utf8))   // true
///     FoundationJSON.parses(Array(#"["\ud800", 1e999"#.utf8))    // false
public enum FoundationJSON {
    /// Whether Foundation parses `json` (fragments allowed) once its lone
    /// surrogate escapes and out-of-range numbers are replaced.
    public static func parses(_ json: [UInt8]) -> Bool {
        (try? JSONSerialization.jsonObject(with: Data(withinLimits(json)), options: [.fragmentsAllowed])) != nil
    }

    /// `json` with every lone surrogate escape written `\u003f` and every
    /// number whose value overflows `Double` written `0`; other bytes as they
    /// are. A lexer of its own (strings, escapes, number runs), independent of
    /// the scanner it checks. It swaps a grammatical escape or number for
    /// another, so it never makes text that is not JSON into JSON.
    public static func withinLimits(_ json: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(json.count)
        var i = 0
        var inString = false
        while i < json.count {
            let byte = json[i]
            if inString {
                if byte == UInt8(ascii: "\"") {
                    inString = false
                } else if byte == UInt8(ascii: "\\"), i + 1 < json.count {
                    if json[i + 1] == UInt8(ascii: "u"), let unit = hex4(json, at: i + 2) {
                        if (0xD800...0xDBFF).contains(unit), i + 7 < json.count,
                            json[i + 6] == UInt8(ascii: "\\"), json[i + 7] == UInt8(ascii: "u"),
                            let low = hex4(json, at: i + 8), (0xDC00...0xDFFF).contains(low) {
                            output.append(contentsOf: json[i..<(i + 12)])
                            i += 12
                        } else if (0xD800...0xDFFF).contains(unit) {
                            output.append(contentsOf: Array(#"\u003f"#.utf8))
                            i += 6
                        } else {
                            output.append(contentsOf: json[i..<(i + 6)])
                            i += 6
                        }
                        continue
                    }
                    output.append(contentsOf: json[i...(i + 1)])
                    i += 2
                    continue
                }
                output.append(byte)
                i += 1
                continue
            }
            if byte == UInt8(ascii: "\"") {
                inString = true
                output.append(byte)
                i += 1
            } else if byte == UInt8(ascii: "-") || isDigit(byte) {
                var end = i + 1
                while end < json.count, isNumberByte(json[end]) { end += 1 }
                let run = json[i..<end]
                if isNumber(run), let value = Double(String(decoding: run, as: UTF8.self)), value.isInfinite {
                    output.append(UInt8(ascii: "0"))
                } else {
                    output.append(contentsOf: run)
                }
                i = end
            } else {
                output.append(byte)
                i += 1
            }
        }
        return output
    }

    private static func hex4(_ bytes: [UInt8], at position: Int) -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for byte in bytes[position..<(position + 4)] {
            guard let digit = byte.hexDigitValue else { return nil }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// RFC 8259's `number`: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private static func isNumber(_ run: ArraySlice<UInt8>) -> Bool {
        var i = run.startIndex
        func digits() -> Int {
            let start = i
            while i < run.endIndex, isDigit(run[i]) { i += 1 }
            return i - start
        }
        if i < run.endIndex, run[i] == UInt8(ascii: "-") { i += 1 }
        guard i < run.endIndex, isDigit(run[i]) else { return false }
        if run[i] == UInt8(ascii: "0") { i += 1 } else { _ = digits() }
        if i < run.endIndex, run[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { return false }
        }
        if i < run.endIndex, run[i] == UInt8(ascii: "e") || run[i] == UInt8(ascii: "E") {
            i += 1
            if i < run.endIndex, run[i] == UInt8(ascii: "+") || run[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == run.endIndex
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
    }
}

private extension UInt8 {
    var hexDigitValue: UInt8? {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): self - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): self - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): self - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
