import CICU

// Performance notes (release, `tersify count` of 64 MB of essays, cl100k_base's
// pattern through ICU, 14.9 M pieces):
//
// - Depth first, each piece encoded as it is cut, because a list of the
//   pieces' offsets for the whole text took the peak to 948 MB: 124 MB now
//   (the scanner's run: 122 MB), for 3.7 s of CPU against 3.4.
// - One loop over the matches with no closure a segment, because passing
//   the segments on through closures took 5.7 s.
// - ICU's own search is most of the rest: the scanner takes 0.5 s.

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
        forEachPiece(text, from: start, to: end) { pieceStart, pieceEnd in
            pieces.append(pieceStart)
            pieces.append(pieceEnd)
        }
        return pieces
    }

    /// Cuts one piece with step `level` and hands each non-empty result to
    /// the next step, or to `body` after the last.
    private func split(
        level: Int, _ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ matchers: [OpaquePointer?],
        _ body: (Int, Int) -> Void
    ) {
        let last = level == steps.count - 1
        @inline(__always) func emit(_ piece: Segment?) {
            guard let piece, piece.start < piece.end else { return }
            if last { body(piece.start, piece.end) } else { split(level: level + 1, text, piece.start, piece.end, matchers, body) }
        }
        guard let matcher = matchers[level] else { return emit(Segment(start: start, end: end, isMatch: false)) }
        let invert = steps[level].invert
        var joiner = SegmentJoiner(behavior: steps[level].behavior)
        // The matches and the text between them, as Hugging Face's `Pattern::find_matches` gives them.
        var status: Int32 = 0
        var previous = start
        if tersify_regex_matcher_reset(matcher, text + start, Int64(end - start), &status) == 0 {
            var matchStart: Int64 = 0, matchEnd: Int64 = 0
            while tersify_regex_matcher_next(matcher, &matchStart, &matchEnd, &status) == 1 {
                let s = start + Int(matchStart), e = start + Int(matchEnd)
                if previous != s { emit(joiner.add(Segment(start: previous, end: s, isMatch: invert))) }
                emit(joiner.add(Segment(start: s, end: e, isMatch: !invert)))
                previous = e
            }
        }
        if previous != end { emit(joiner.add(Segment(start: previous, end: end, isMatch: invert))) }
        emit(joiner.finish())
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

        /// The piece that `segment` completes, if any.
        mutating func add(_ segment: Segment) -> Segment? {
            switch behavior {
            case .isolated:
                return segment
            case .removed:
                return segment.isMatch ? nil : segment
            case .mergedWithPrevious:
                // A match right after text that is none joins the piece before it.
                if segment.isMatch, let last = pending, !last.isMatch {
                    pending = Segment(start: last.start, end: segment.end, isMatch: true)
                    return nil
                }
            case .mergedWithNext:
                // A match right before text that is none joins the piece after it.
                if !segment.isMatch, let last = pending, last.isMatch {
                    pending = nil
                    return Segment(start: last.start, end: segment.end, isMatch: false)
                }
            case .contiguous:
                if let last = pending, last.isMatch == segment.isMatch {
                    pending = Segment(start: last.start, end: segment.end, isMatch: last.isMatch)
                    return nil
                }
            }
            defer { pending = segment }
            return pending
        }

        /// The piece held back, if any.
        mutating func finish() -> Segment? {
            defer { pending = nil }
            return pending
        }
    }
}
