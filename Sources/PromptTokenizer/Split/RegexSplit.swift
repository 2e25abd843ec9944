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

    /// Calls `body` with the start and end (offsets into `text`) of each
    /// piece of `text[start ..< end]`, in order. With `removed` steps the
    /// pieces need not cover the text.
    ///
    /// Depth first: each piece of a step is cut by the next step as soon as
    /// it is known, so memory stays constant whatever the text's length.
    /// An ICU failure (out of memory) leaves the rest of that piece unsplit
    /// by that step.
    func forEachPiece(_ text: UnsafePointer<UInt8>, from start: Int, to end: Int, _ body: (Int, Int) -> Void) {
        guard start < end else { return }
        let matchers: [OpaquePointer?] = compiled.map { regex in
            var status: Int32 = 0
            return tersify_regex_matcher_open(regex, &status)
        }
        defer { for matcher in matchers { tersify_regex_matcher_close(matcher) } }
        split(level: 0, text, start, end, matchers, body)
    }

    /// The pieces of `text[start ..< end]` as flat `[start0, end0, start1, end1, …]` offsets.
    func pieces(_ text: UnsafePointer<UInt8>, from start: Int, to end: Int) -> [Int] {
        var pieces: [Int] = []
        forEachPiece(text, from: start, to: end) { pieces += [$0, $1] }
        return pieces
    }

    /// Cuts one piece with step `level` and hands each non-empty result to
    /// the next step, or to `body` after the last.
    private func split(
        level: Int, _ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ matchers: [OpaquePointer?],
        _ body: (Int, Int) -> Void
    ) {
        guard level < steps.count else { return body(start, end) }
        func emit(_ pieceStart: Int, _ pieceEnd: Int) {
            if pieceStart < pieceEnd { split(level: level + 1, text, pieceStart, pieceEnd, matchers, body) }
        }
        guard let matcher = matchers[level] else { return emit(start, end) }
        var joiner = SegmentJoiner(behavior: steps[level].behavior)
        Self.forEachSegment(matcher, text, start, end, invert: steps[level].invert) { segment in
            joiner.add(segment, emit)
        }
        joiner.finish(emit)
    }

    /// The matches of a search over `text[start ..< end]` and the text
    /// between them, as Hugging Face's `Pattern::find_matches` gives them.
    private static func forEachSegment(
        _ matcher: OpaquePointer, _ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int, invert: Bool,
        _ body: (Segment) -> Void
    ) {
        var status: Int32 = 0
        var previous = start
        if tersify_regex_matcher_reset(matcher, text + start, Int64(end - start), &status) == 0 {
            var matchStart: Int64 = 0, matchEnd: Int64 = 0
            while tersify_regex_matcher_next(matcher, &matchStart, &matchEnd, &status) == 1 {
                let s = start + Int(matchStart), e = start + Int(matchEnd)
                if previous != s { body(Segment(start: previous, end: s, isMatch: invert)) }
                body(Segment(start: s, end: e, isMatch: !invert))
                previous = e
            }
        }
        if previous != end { body(Segment(start: previous, end: end, isMatch: invert)) }
    }

    struct Segment {
        var start: Int
        var end: Int
        var isMatch: Bool
    }

    /// Hugging Face's `SplitDelimiterBehavior` over segments as they come,
    /// holding back at most one piece (`normalizer.rs`, `split`): the same
    /// pieces as its folds over the whole list, the empty ones left to the caller.
    struct SegmentJoiner {
        let behavior: SplitStep.Behavior
        var pending: Segment? = nil

        init(behavior: SplitStep.Behavior) { self.behavior = behavior }

        mutating func add(_ segment: Segment, _ emit: (Int, Int) -> Void) {
            switch behavior {
            case .isolated:
                emit(segment.start, segment.end)
            case .removed:
                if !segment.isMatch { emit(segment.start, segment.end) }
            case .mergedWithPrevious:
                // A match right after text that is none joins the piece before it.
                if segment.isMatch, let last = pending, !last.isMatch {
                    pending = Segment(start: last.start, end: segment.end, isMatch: true)
                } else {
                    flush(emit)
                    pending = segment
                }
            case .mergedWithNext:
                // A match right before text that is none joins the piece after it.
                if !segment.isMatch, let last = pending, last.isMatch {
                    emit(last.start, segment.end)
                    pending = nil
                } else {
                    flush(emit)
                    pending = segment
                }
            case .contiguous:
                if let last = pending, last.isMatch == segment.isMatch {
                    pending = Segment(start: last.start, end: segment.end, isMatch: last.isMatch)
                } else {
                    flush(emit)
                    pending = segment
                }
            }
        }

        mutating func finish(_ emit: (Int, Int) -> Void) { flush(emit) }

        private mutating func flush(_ emit: (Int, Int) -> Void) {
            if let last = pending { emit(last.start, last.end) }
            pending = nil
        }
    }
}
