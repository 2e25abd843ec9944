import CICU

/// Split steps run by ICU's regular expressions: the pieces of a pattern no
/// hand-written scanner knows. Correct, if slower than a scanner.
///
/// Each step's expression is compiled once and shared; every call works on
/// clones (`tersify_regex_matcher_open`), so one value serves any number of
/// threads, hence `@unchecked Sendable`. ICU searches the UTF-8 bytes in
/// place (a UTF-8 `UText`), with byte offsets.
///
/// Two readings of an expression: tiktoken's (ICU's own: `$` is the end of
/// the text), and Oniguruma's, which Hugging Face tokenizers runs (`^` and
/// `$` at every line, `\n` the only line terminator: `lineAnchors`). Their
/// classes agree: `\s` is White_Space in both, `(?i)` folds `ſ` to `s` in
/// both; `\p{…}` follow each library's Unicode version (ICU 72: 15.0).
final class RegexSplit: @unchecked Sendable {
    let steps: [SplitStep]
    let lineAnchors: Bool
    private let compiled: [OpaquePointer]

    /// A step whose expression ICU does not compile: its index and ICU's error name.
    struct Failure: Error {
        let step: Int
        let reason: String
    }

    init(_ steps: [SplitStep], lineAnchors: Bool) throws(Failure) {
        var compiled: [OpaquePointer] = []
        for (index, step) in steps.enumerated() {
            var status: Int32 = 0
            let bytes = Array(step.regex.utf8)
            let flags = lineAnchors ? Int32(TERSIFY_REGEX_LINE_ANCHORS) : 0
            guard let regex = bytes.withUnsafeBufferPointer({ tersify_regex_open_flags($0.baseAddress, Int64($0.count), flags, &status) }) else {
                for regex in compiled { tersify_regex_close(regex) }
                throw Failure(step: index, reason: String(cString: tersify_icu_error_name(status)))
            }
            compiled.append(regex)
        }
        self.steps = steps
        self.lineAnchors = lineAnchors
        self.compiled = compiled
    }

    deinit {
        for regex in compiled { tersify_regex_close(regex) }
    }

    /// The pieces of `text[start ..< end]`, as flat `[start0, end0, start1,
    /// end1, …]` offsets into `text`, in order. With `removed` steps the
    /// pieces need not cover the text.
    ///
    /// An ICU failure inside a search (out of memory) leaves the rest of
    /// that piece unsplit.
    func pieces(_ text: UnsafePointer<UInt8>, from start: Int, to end: Int) -> [Int] {
        var pieces = start < end ? [start, end] : []
        var next: [Int] = []
        var segments: [(start: Int, end: Int, isMatch: Bool)] = []
        for (step, regex) in zip(steps, compiled) {
            var status: Int32 = 0
            guard let matcher = tersify_regex_matcher_open(regex, &status) else { continue }
            defer { tersify_regex_matcher_close(matcher) }
            next.removeAll(keepingCapacity: true)
            var index = 0
            while index < pieces.count {
                let pieceStart = pieces[index], pieceEnd = pieces[index + 1]
                index += 2
                segments.removeAll(keepingCapacity: true)
                Self.segments(matcher, text + pieceStart, pieceEnd - pieceStart, invert: step.invert, into: &segments)
                Self.apply(step.behavior, segments, offset: pieceStart, into: &next)
            }
            swap(&pieces, &next)
        }
        return pieces
    }

    /// The matches of a search over `count` bytes and the text between
    /// them, as Hugging Face's `Pattern::find_matches` gives them.
    private static func segments(
        _ matcher: OpaquePointer, _ text: UnsafePointer<UInt8>, _ count: Int, invert: Bool,
        into segments: inout [(start: Int, end: Int, isMatch: Bool)]
    ) {
        var status: Int32 = 0
        var previous = 0
        if tersify_regex_matcher_reset(matcher, text, Int64(count), &status) == 0 {
            var matchStart: Int64 = 0, matchEnd: Int64 = 0
            while tersify_regex_matcher_next(matcher, &matchStart, &matchEnd, &status) == 1 {
                let s = Int(matchStart), e = Int(matchEnd)
                if previous != s { segments.append((previous, s, invert)) }
                segments.append((s, e, !invert))
                previous = e
            }
        }
        if previous != count { segments.append((previous, count, invert)) }
    }

    /// The pieces `behavior` makes of the segments, non-empty, appended as
    /// offset pairs.
    private static func apply(
        _ behavior: SplitStep.Behavior, _ segments: [(start: Int, end: Int, isMatch: Bool)], offset: Int,
        into pieces: inout [Int]
    ) {
        var result: [(start: Int, end: Int)] = []
        result.reserveCapacity(segments.count)
        switch behavior {
        case .isolated:
            result = segments.map { ($0.start, $0.end) }
        case .removed:
            result = segments.filter { !$0.isMatch }.map { ($0.start, $0.end) }
        case .mergedWithPrevious:
            var previousMatch = false
            for segment in segments {
                if segment.isMatch && !previousMatch && !result.isEmpty {
                    result[result.count - 1].end = segment.end
                } else {
                    result.append((segment.start, segment.end))
                }
                previousMatch = segment.isMatch
            }
        case .mergedWithNext:
            var previousMatch = false
            for segment in segments.reversed() {
                if segment.isMatch && !previousMatch && !result.isEmpty {
                    result[result.count - 1].start = segment.start
                } else {
                    result.append((segment.start, segment.end))
                }
                previousMatch = segment.isMatch
            }
            result.reverse()
        case .contiguous:
            var previousMatch = false
            for segment in segments {
                if segment.isMatch == previousMatch && !result.isEmpty {
                    result[result.count - 1].end = segment.end
                } else {
                    result.append((segment.start, segment.end))
                }
                previousMatch = segment.isMatch
            }
        }
        for piece in result where piece.start < piece.end {
            pieces.append(offset + piece.start)
            pieces.append(offset + piece.end)
        }
    }
}
