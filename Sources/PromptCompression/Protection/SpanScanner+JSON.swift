/// An open JSON object or array while `SpanScanner` parses a candidate.
struct JSONFrame {
    /// Whether it is an object (`{`) rather than an array.
    var isObject: Bool
    /// The position of its opening bracket.
    var start: Int
    /// The number of values in it so far (for an object, of members).
    var values = 0
    /// Whether an element is a string, object or array (arrays only).
    var hasCompoundElement = false
}

extension SpanScanner {
    /// How deeply JSON may nest before a candidate is rejected.
    static let maxJSONDepth = 128

    /// The end of a JSON block starting with the `{` or `[` at `i`, or nil.
    ///
    /// The block must parse as JSON (RFC 8259: strings with escapes, numbers,
    /// `true`, `false`, `null`; nesting up to `maxJSONDepth`), and be worth
    /// protecting: an object with a member, or an array with a string, object
    /// or array in it. `[1]` and `[12, 13]` (citations), `{}` and `[]` are not.
    ///
    ///     Send {"id": 7, "tags": ["a", "b"]} now.   -> {"id": 7, "tags": ["a", "b"]}
    ///     In prose, {braces} and [brackets] are no JSON.
    ///
    /// When the candidate fails, its complete inner objects and arrays that
    /// qualify are protected (`{"a": 1, oops}` has none, `[{"a": 1}, oops]`
    /// has `{"a": 1}`), and no new candidate starts before the byte where
    /// parsing failed: a candidate starting at an inner bracket would parse
    /// those bytes the same way and fail there too. Brackets inside strings
    /// of the failed candidate are not tried; raw line breaks cannot occur
    /// in JSON strings, so a stray quote costs at most the rest of its line.
    ///
    /// - Complexity: O(length of the candidate); over a whole text O(n).
    mutating func json(at i: Int) -> Int? {
        guard i >= jsonResume else { return nil }
        let failure: Int
        switch parseJSON(from: i) {
        case let .complete(end, qualifies):
            if qualifies { return end }
            jsonResume = end
            return nil
        case let .failed(at):
            failure = at
        }
        jsonResume = Swift.max(failure, i + 1)
        addPending(jsonCompleted.map { ProtectedSpan(range: $0.range, kind: .json) })
        return nil
    }

    /// How a JSON candidate ended.
    enum JSONParse {
        /// It parsed up to `end`; `qualifies` tells whether it is worth protecting.
        case complete(end: Int, qualifies: Bool)
        /// It is not JSON; the byte at `at` (or the end of the text) is where
        /// parsing stopped. `jsonCompleted` holds its largest complete inner
        /// blocks that qualify.
        case failed(at: Int)
    }

    /// Parses the JSON value starting with the `{` or `[` at `i`, with an
    /// explicit stack (no recursion), recording complete inner blocks in
    /// `jsonCompleted`.
    mutating func parseJSON(from i: Int) -> JSONParse {
        jsonStack.removeAll(keepingCapacity: true)
        jsonCompleted.removeAll(keepingCapacity: true)
        enum Expect { case value, valueOrClose, key, keyOrClose, colon, commaOrClose }
        var expect = Expect.value
        var p = i
        while true {
            while p < count, text[p] == 0x20 || text[p] == 0x0A || text[p] == 0x0D || text[p] == 0x09 { p += 1 }
            guard p < count else { return .failed(at: p) }
            let byte = text[p]
            switch expect {
            case .value, .valueOrClose:
                if byte == UInt8(ascii: "]"), expect == .valueOrClose { break }  // closes below
                if !jsonStack.isEmpty { jsonStack[jsonStack.count - 1].values += 1 }
                switch byte {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    guard jsonStack.count < Self.maxJSONDepth else { return .failed(at: p) }
                    if !jsonStack.isEmpty { jsonStack[jsonStack.count - 1].hasCompoundElement = true }
                    let isObject = byte == UInt8(ascii: "{")
                    jsonStack.append(JSONFrame(isObject: isObject, start: p))
                    expect = isObject ? .keyOrClose : .valueOrClose
                    p += 1
                    continue
                case UInt8(ascii: "\""):
                    if !jsonStack.isEmpty { jsonStack[jsonStack.count - 1].hasCompoundElement = true }
                    let string = endOfJSONString(from: p)
                    guard string.isValid else { return .failed(at: string.end) }
                    p = string.end
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    guard let end = endOfJSONNumber(from: p) else { return .failed(at: p) }
                    p = end
                case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                    let literal: StaticString = byte == UInt8(ascii: "t") ? "true"
                        : byte == UInt8(ascii: "f") ? "false" : "null"
                    guard matches(literal, at: p) else { return .failed(at: p) }
                    p += literal.utf8CodeUnitCount
                default:
                    return .failed(at: p)
                }
                expect = .commaOrClose
                continue
            case .key, .keyOrClose:
                if byte == UInt8(ascii: "}"), expect == .keyOrClose { break }  // closes below
                guard byte == UInt8(ascii: "\"") else { return .failed(at: p) }
                let string = endOfJSONString(from: p)
                guard string.isValid else { return .failed(at: string.end) }
                p = string.end
                expect = .colon
                continue
            case .colon:
                guard byte == UInt8(ascii: ":") else { return .failed(at: p) }
                p += 1
                expect = .value
                continue
            case .commaOrClose:
                let isObject = jsonStack[jsonStack.count - 1].isObject
                if byte == UInt8(ascii: ",") {
                    p += 1
                    expect = isObject ? .key : .value
                    continue
                }
                guard byte == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else { return .failed(at: p) }
            }
            // `byte` closes the innermost container.
            let frame = jsonStack.removeLast()
            p += 1
            let qualifies = frame.isObject ? frame.values > 0 : frame.hasCompoundElement
            if jsonStack.isEmpty { return .complete(end: p, qualifies: qualifies) }
            while let last = jsonCompleted.last, last.depth > jsonStack.count { jsonCompleted.removeLast() }
            if qualifies { jsonCompleted.append((frame.start..<p, jsonStack.count)) }
            expect = .commaOrClose
        }
    }

    /// The end of the JSON string whose opening quote is at `p`; when it is
    /// invalid (unterminated, a control character, a bad escape), where it
    /// stopped.
    func endOfJSONString(from p: Int) -> (end: Int, isValid: Bool) {
        var q = p + 1
        while q < count {
            let byte = text[q]
            if byte == UInt8(ascii: "\"") { return (q + 1, true) }
            if byte < 0x20 { return (q, false) }
            if byte == UInt8(ascii: "\\") {
                switch self.byte(at: q + 1) {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    q += 2
                case UInt8(ascii: "u"):
                    for k in 2..<6 where !self.byte(at: q + k).isHexDigit { return (q, false) }
                    q += 6
                default:
                    return (q, false)
                }
            } else {
                q += 1
            }
        }
        return (count, false)
    }

    /// The end of the JSON number at `p`, or nil: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    func endOfJSONNumber(from p: Int) -> Int? {
        var q = p
        if byte(at: q) == UInt8(ascii: "-") { q += 1 }
        guard byte(at: q).isDigit else { return nil }
        q = byte(at: q) == UInt8(ascii: "0") ? q + 1 : endOfDigits(from: q)
        if byte(at: q) == UInt8(ascii: ".") {
            guard byte(at: q + 1).isDigit else { return nil }
            q = endOfDigits(from: q + 1)
        }
        if byte(at: q) | 0x20 == UInt8(ascii: "e") {
            q += 1
            if byte(at: q) == UInt8(ascii: "+") || byte(at: q) == UInt8(ascii: "-") { q += 1 }
            guard byte(at: q).isDigit else { return nil }
            q = endOfDigits(from: q)
        }
        return q
    }
}
