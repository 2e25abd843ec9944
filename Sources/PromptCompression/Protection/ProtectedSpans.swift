/// The protected spans of a text, sorted and without overlaps, with the
/// `<keep>` markers that the renderer removes.
///
///     let text = "See <keep>the 2 rules</keep> at https://example.com."
///     let found = try ProtectedSpanDetector().spans(in: text)
///     found.spans        // [10..<21 .keepRegion, 32..<51 .url]
///     found.keepMarkers  // [4..<10, 21..<28]
///     found.isProtected(14..<15)   // true: "2" is inside the keep region
///     found.overlaps(0..<4)        // false
///
/// Spans that overlap are merged into one span with the kind of the longest
/// of them (the outer one: a number inside a JSON block makes no span of its
/// own). Of spans with the same range, the user's choices win: a keep
/// region, then the question, then a custom pattern, then the built-in
/// kinds. Spans that only touch stay apart.
///
/// The markers are the bytes of the `<keep>` and `</keep>` tags. They are not
/// protected themselves (the content between them is), but one may lie inside
/// a protected span, as the inner tags of nested keep regions do; the
/// renderer removes every marker whether or not a span holds it.
public struct ProtectedSpans: Sendable, Equatable, RandomAccessCollection {
    /// The spans, sorted by position, none empty, none overlapping.
    public let spans: [ProtectedSpan]
    /// The byte ranges of the `<keep>` and `</keep>` tags that open and
    /// close keep regions, sorted; stray closing tags are not markers.
    public let keepMarkers: [Range<Int>]
    /// For each span, the end of the run of spans that touch one another
    /// starting with it: `_coverageEnds[i]` is `spans[j].range.upperBound`
    /// for the largest `j >= i` with no gap between `spans[i]` and `spans[j]`.
    /// Lets `isProtected(_:)` answer for ranges that cross touching spans
    /// without walking them.
    let _coverageEnds: [Int]

    /// Sorts and merges spans.
    ///
    /// - Parameters:
    ///   - spans: Spans in any order; they may overlap, and empty ones are
    ///     dropped.
    ///   - keepMarkers: The byte ranges of keep tags, in any order.
    /// - Complexity: O(s log s) for s spans.
    public init(spans: consuming [ProtectedSpan], keepMarkers: [Range<Int>] = []) {
        self.spans = Self.merged(spans)
        self.keepMarkers = keepMarkers.sorted { $0.lowerBound < $1.lowerBound }
        var ends = [Int](repeating: 0, count: self.spans.count)
        var index = self.spans.count - 1
        while index >= 0 {
            let range = self.spans[index].range
            let touchesNext = index + 1 < self.spans.count && self.spans[index + 1].range.lowerBound == range.upperBound
            ends[index] = touchesNext ? ends[index + 1] : range.upperBound
            index -= 1
        }
        _coverageEnds = ends
    }

    /// Spans sorted by start, overlapping ones merged with the kind of the
    /// longest (the earliest of equally long ones; of equal ranges, the
    /// first in `Kind._mergePriority` order). Sorted and merged in the
    /// array given, because a text with a span on every line (a list of
    /// records) held four copies of its spans at once: 7x the input.
    static func merged(_ spans: consuming [ProtectedSpan]) -> [ProtectedSpan] {
        spans.removeAll { $0.range.isEmpty }
        spans.sort {
            if $0.range.lowerBound != $1.range.lowerBound { return $0.range.lowerBound < $1.range.lowerBound }
            if $0.range.upperBound != $1.range.upperBound { return $0.range.upperBound > $1.range.upperBound }
            return $0.kind._mergePriority < $1.kind._mergePriority
        }
        var count = 0
        var longest = 0
        for index in spans.indices {
            let span = spans[index]
            if count > 0, span.range.lowerBound < spans[count - 1].range.upperBound {
                let last = spans[count - 1]
                let upper = Swift.max(last.range.upperBound, span.range.upperBound)
                var kind = last.kind
                if span.range.count > longest {
                    longest = span.range.count
                    kind = span.kind
                }
                spans[count - 1] = ProtectedSpan(range: last.range.lowerBound..<upper, kind: kind)
            } else {
                spans[count] = span
                count += 1
                longest = span.range.count
            }
        }
        // Free what merging emptied when it is much.
        if spans.capacity > 2 * count + 1024 { return Array(spans[..<count]) }
        spans.removeLast(spans.count - count)
        return spans
    }

    // MARK: Queries

    /// The index of the last span starting at or before `offset`, or nil
    /// when every span starts after it.
    func _lastSpan(startingAtOrBefore offset: Int) -> Int? {
        var low = 0, high = spans.count  // first index with lowerBound > offset
        while low < high {
            let middle = (low + high) / 2
            if spans[middle].range.lowerBound <= offset { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : low - 1
    }

    /// Whether every byte of `range` is protected (by one span or by spans
    /// that touch).
    ///
    /// - Parameter range: A byte range of the text.
    /// - Returns: `false` for an empty range.
    /// - Complexity: O(log s) for s spans.
    public func isProtected(_ range: Range<Int>) -> Bool {
        guard !range.isEmpty, let index = _lastSpan(startingAtOrBefore: range.lowerBound) else { return false }
        return range.lowerBound < spans[index].range.upperBound && range.upperBound <= _coverageEnds[index]
    }

    /// Whether any byte of `range` is protected.
    ///
    /// - Parameter range: A byte range of the text.
    /// - Returns: `false` for an empty range.
    /// - Complexity: O(log s) for s spans.
    public func overlaps(_ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return false }
        // The last span starting before the range's end is the only candidate.
        guard let index = _lastSpan(startingAtOrBefore: range.upperBound - 1) else { return false }
        return spans[index].range.upperBound > range.lowerBound
    }

    /// The span that holds the byte at `offset`, or nil if the byte is not
    /// protected.
    ///
    /// - Complexity: O(log s) for s spans.
    public func span(containing offset: Int) -> ProtectedSpan? {
        guard let index = _lastSpan(startingAtOrBefore: offset), offset < spans[index].range.upperBound else {
            return nil
        }
        return spans[index]
    }

    /// The number of protected bytes.
    public var protectedByteCount: Int { spans.reduce(0) { $0 + $1.range.count } }

    // MARK: RandomAccessCollection

    public var startIndex: Int { spans.startIndex }
    public var endIndex: Int { spans.endIndex }
    public subscript(position: Int) -> ProtectedSpan { spans[position] }
}

extension ProtectedSpan.Kind {
    /// The order in which kinds win over others with the same range: what
    /// the user marked first, then structure before tokens.
    var _mergePriority: Int {
        switch self {
        case .keepRegion: 0
        case .question: 1
        case .custom: 2
        case .fencedCode: 3
        case .inlineCode: 4
        case .json: 5
        case .xml: 6
        case .url: 7
        case .email: 8
        case .date: 9
        case .identifier: 10
        case .number: 11
        }
    }
}
