import CICU

// Limits on custom patterns (measured with ICU 72 on the 2-core test machine):
//
// - ICU's regular expressions backtrack: `(a+)+$` on 100 KB of "a" then "b"
//   ran for hours. Every search therefore runs under ICU's time limit, in
//   units of 10,000 backtracking steps counted over the whole text, and a
//   backtracking stack limit.
// - A unit took 0.4–0.7 ms for simple patterns; 2.4 ms for 30 nested
//   groups, whose steps save more state. Ordinary patterns over 10 MB of
//   prose used 74 units (`[0-9]+`), 111 (`ticket-[0-9]+`), 962 (`\b\w+\b`,
//   2.2 M matches): under 100 units a MB.
// - So a text gets 500 units plus 1 for every 4 KiB (about 250 a MiB,
//   2.5 × the densest ordinary pattern): 525 units for 100 KB, which
//   `(a+)+$` exhausts in 0.2–0.4 s (1.3 s with 30 nested groups); 10 MB
//   allows about 3,000 units (1–2 s).
// - The stack limit is ICU's default, 8 MiB, made explicit: `(a|b)*c`
//   (a state saved for every character) overflows it between 200 and 300 KB
//   of "a", in 30 ms, rather than growing the heap without end.

/// A custom protection pattern, compiled by ICU.
///
/// The compiled expression is shared: each search works on its own clone
/// (`tersify_regex_find_all`), so a pattern is safe to use from several
/// threads at once, hence `@unchecked Sendable`.
final class CompiledPattern: @unchecked Sendable {
    /// The pattern as the user gave it; the payload of `.custom`.
    let pattern: String
    let regex: OpaquePointer

    /// Backtracking stack allowed to one search, in bytes.
    static let stackLimit: Int32 = 8 << 20

    /// Time units (10,000 backtracking steps each) allowed to a search
    /// over `byteCount` bytes.
    static func timeLimit(byteCount: Int) -> Int32 {
        Int32(clamping: 500 + byteCount / 4096)
    }

    /// Compiles `pattern`, or throws `.invalidProtectionPattern` with ICU's
    /// error name.
    init(_ pattern: String) throws(CompressionError) {
        self.pattern = pattern
        var status: Int32 = 0
        let bytes = Array(pattern.utf8)
        let compiled = bytes.withUnsafeBufferPointer {
            tersify_regex_open($0.baseAddress, Int64($0.count), &status)
        }
        guard let compiled else {
            throw .invalidProtectionPattern(
                pattern: pattern,
                reason: "not a valid regular expression (\(String(cString: tersify_icu_error_name(status))))")
        }
        regex = compiled
    }

    deinit { tersify_regex_close(regex) }

    /// Appends a `.custom(pattern)` span for every non-empty match.
    ///
    /// - Throws: `.protectionPatternTooCostly` when the search exceeds its
    ///   time or stack limit; `.inputTooLarge` past ICU's 32-bit lengths.
    func appendMatches(in text: UnsafeBufferPointer<UInt8>, to spans: inout [ProtectedSpan]) throws(CompressionError) {
        final class Matches {
            var ranges: [Range<Int>] = []
        }
        let matches = Matches()
        var status: Int32 = 0
        let found = withExtendedLifetime(matches) {
            tersify_regex_find_all(
                regex, text.baseAddress, Int64(text.count), Self.timeLimit(byteCount: text.count), Self.stackLimit,
                { context, start, end in
                    let matches = Unmanaged<Matches>.fromOpaque(context!).takeUnretainedValue()
                    if start < end { matches.ranges.append(Int(start)..<Int(end)) }
                },
                Unmanaged.passUnretained(matches).toOpaque(), &status)
        }
        if found < 0 {
            switch status {
            case TERSIFY_REGEX_TIME_OUT:
                throw .protectionPatternTooCostly(
                    pattern: pattern,
                    reason: "its search over \(text.count) bytes took more than \(Self.timeLimit(byteCount: text.count)) × 10,000 backtracking steps")
            case TERSIFY_REGEX_STACK_OVERFLOW:
                throw .protectionPatternTooCostly(
                    pattern: pattern, reason: "its search needed more than \(Self.stackLimit >> 20) MiB of backtracking memory")
            case 8:  // U_INDEX_OUTOFBOUNDS_ERROR
                throw .inputTooLarge(byteCount: text.count, limit: Int(TERSIFY_ICU_MAX_LENGTH))
            default:
                let name = String(cString: tersify_icu_error_name(status))
                throw .icuFailure(operation: "regular expression", locale: "", status: status, name: name)
            }
        }
        for range in matches.ranges {
            spans.append(ProtectedSpan(range: range, kind: .custom(pattern)))
        }
    }
}
