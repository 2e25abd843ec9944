import PromptTokenizer

extension PromptDocument {
    /// Why a span was dropped: the pass and a short explanation.
    ///
    /// A retrieval drop keeps its rank, the number of ranked units and the
    /// number of neighbouring sentences it covers, and writes its detail
    /// ("BM25 rank 7 of 120", "BM25 rank at best 7 of 120 (5 sentences)")
    /// when it is read: a string a dropped sentence cost about 64 bytes of
    /// heap each (see the performance notes in `Compressor.swift`). Two
    /// reasons are equal when their pass and detail are.
    public struct DropReason: Sendable, Hashable {
        public var pass: String
        /// A short explanation.
        public var detail: String {
            get { _detail.text }
            set { _detail = .text(newValue) }
        }
        var _detail: Detail

        public init(pass: String, detail: String) {
            self.pass = pass
            self._detail = .text(detail)
        }

        /// A retrieval drop: rank `rank` (from 0) of `count` units, by BM25
        /// with a question, by information without; of a run of `sentences`
        /// neighbouring sentences, `rank` is the best of theirs.
        init(pass: String, rank: Int, of count: Int, byQuestion: Bool, sentences: Int = 1) {
            self.pass = pass
            self._detail = .rank(rank: UInt32(rank), count: UInt32(count), byQuestion: byQuestion, sentences: UInt32(sentences))
        }

        enum Detail: Sendable {
            case text(String)
            case rank(rank: UInt32, count: UInt32, byQuestion: Bool, sentences: UInt32)

            var text: String {
                switch self {
                case let .text(text): text
                case let .rank(rank, count, byQuestion, sentences):
                    (byQuestion ? "BM25 rank " : "information rank ")
                        + (sentences > 1 ? "at best \(rank + 1) of \(count) (\(sentences) sentences)" : "\(rank + 1) of \(count)")
                }
            }
        }

        public static func == (a: DropReason, b: DropReason) -> Bool { a.pass == b.pass && a.detail == b.detail }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(pass)
            hasher.combine(detail)
        }
    }

    /// A dropped byte range and its reason.
    public struct Drop: Sendable, Hashable {
        var _start: UInt32
        var _end: UInt32
        public var reason: DropReason

        /// The dropped bytes (offsets stored as `UInt32`, as `Unit`'s).
        public var range: Range<Int> {
            get { Int(_start)..<Int(_end) }
            set {
                _start = UInt32(newValue.lowerBound)
                _end = UInt32(newValue.upperBound)
            }
        }

        init(range: Range<Int>, reason: DropReason) {
            _start = UInt32(range.lowerBound)
            _end = UInt32(range.upperBound)
            self.reason = reason
        }
    }

    /// Marks bytes to leave out of the output.
    ///
    /// Refused (returns false, marks nothing) when the range is empty, outside
    /// the input, overlaps a protected range, or cuts into an atomic one.
    ///
    /// - Complexity: O(log p) for p protected ranges.
    @discardableResult
    public mutating func drop(_ range: Range<Int>, reason: DropReason) -> Bool {
        guard canDrop(range) else { return false }
        drops.append(Drop(range: range, reason: reason))
        return true
    }

    /// Whether `drop(_:reason:)` would mark `range`: it is not empty, lies
    /// in the input, overlaps no protected range and cuts into no atomic one.
    /// A range made of neighbouring ranges that can each be dropped can be
    /// dropped too.
    public func canDrop(_ range: Range<Int>) -> Bool {
        !range.isEmpty && range.lowerBound >= 0 && range.upperBound <= bytes.count
            && !isProtected(overlapping: range) && !cutsAtomic(range)
    }

    /// Whether any protected byte lies in `range`.
    public func isProtected(overlapping range: Range<Int>) -> Bool {
        let first = _firstEnding(after: range.lowerBound, in: protected)
        return first < protected.count && protected[first].lowerBound < range.upperBound
    }

    /// Whether `range` holds part, but not all, of an atomic range or of a
    /// code unit (`CodeLayout`).
    public func cutsAtomic(_ range: Range<Int>) -> Bool {
        if _code.cutsUnit(range) { return true }
        var index = _firstEnding(after: range.lowerBound, in: atomic)
        while index < atomic.count && atomic[index].lowerBound < range.upperBound {
            if atomic[index].lowerBound < range.lowerBound || atomic[index].upperBound > range.upperBound { return true }
            index += 1
        }
        return false
    }

    /// The index of the first of `ranges` (sorted, disjoint) that ends after `offset`.
    private func _firstEnding(after offset: Int, in ranges: [Range<Int>]) -> Int {
        var low = 0, high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if ranges[mid].upperBound <= offset { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Whether a range is already entirely dropped.
    ///
    /// - Complexity: O(d log d) for d drops; use `areDropped(_:)` for many ranges.
    public func isDropped(_ range: Range<Int>) -> Bool { areDropped([range])[0] }

    /// Whether each of `ranges` (sorted by lower bound) is entirely dropped.
    ///
    /// - Complexity: O(d log d + r) for d drops and r ranges.
    public func areDropped(_ ranges: [Range<Int>]) -> [Bool] {
        _areDropped(ranges, \.self)
    }

    /// `areDropped(_:)` of the ranges of `units` (sorted by lower bound), with no copy of the ranges.
    func _areDropped(_ units: [Unit]) -> [Bool] { _areDropped(units, \.range) }

    /// `_areDropped(_:)` of two arrays of units, from one merge of the drops.
    func _areDropped(_ first: [Unit], _ second: [Unit]) -> ([Bool], [Bool]) {
        let merged = _mergedDrops()
        return (Self._covered(first, \.range, by: merged), Self._covered(second, \.range, by: merged))
    }

    private func _areDropped<Element>(_ units: [Element], _ range: (Element) -> Range<Int>) -> [Bool] {
        Self._covered(units, range, by: _mergedDrops())
    }

    /// Whether each unit's range lies wholly inside one of `merged` (sorted, disjoint).
    private static func _covered<Element>(_ units: [Element], _ range: (Element) -> Range<Int>, by merged: [Range<Int>]) -> [Bool] {
        var index = 0
        return units.map { unit in
            let range = range(unit)
            if range.isEmpty { return true }
            while index < merged.count && merged[index].upperBound <= range.lowerBound { index += 1 }
            guard index < merged.count else { return false }
            return merged[index].lowerBound <= range.lowerBound && merged[index].upperBound >= range.upperBound
        }
    }

    /// The byte ranges left out of the output: drops and markers, sorted and merged.
    public func removedRanges() -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(drops.count + markers.count)
        for drop in drops { ranges.append(drop.range) }
        ranges.append(contentsOf: markers)
        normalizeRanges(&ranges, within: bytes.count)
        return ranges
    }

    private func _mergedDrops() -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(drops.count)
        for drop in drops { ranges.append(drop.range) }
        normalizeRanges(&ranges, within: bytes.count)
        return ranges
    }

    /// The output: the input without the removed ranges.
    ///
    /// - Complexity: O(n).
    public func render() -> [UInt8] {
        let removed = removedRanges()
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count - removed.reduce(0) { $0 + $1.count })
        var position = 0
        for range in removed {
            output.append(contentsOf: bytes[position..<range.lowerBound])
            position = range.upperBound
        }
        output.append(contentsOf: bytes[position...])
        return output
    }
}

extension PromptDocument {
    /// The exact token count of `render()`, without rendering it whole: the
    /// output is copied through a buffer of about `chunk` bytes, each
    /// buffer counted up to its last token-piece boundary
    /// (`isTokenPieceBoundary`), where counts add up to the count of the
    /// whole; the rest carries over to the next buffer.
    ///
    /// Counting the rendered copy after a pass cost a copy of the input:
    /// the peak of a 4x compression of 30 MB of essays (after white space
    /// normalization).
    ///
    /// - Complexity: O(n) in the input's bytes.
    func _countRendered(with tokenizer: Tokenizer, chunk: Int = 1 << 20) -> Int {
        let removed = removedRanges()
        var buffer: [UInt8] = []
        // The boundary rule is the scanners' patterns': another pattern's output is counted whole.
        var limit = tokenizer._splitsByScanner ? max(chunk, 16) : Int.max
        buffer.reserveCapacity(min(limit, bytes.count))
        var total = 0
        /// Counts the buffer up to its last boundary (all of it when
        /// `final`); false when it has no boundary yet.
        func flush(final: Bool) -> Bool {
            let cut: Int = buffer.withUnsafeBufferPointer { b in
                if final { return b.count }
                var cut = b.count - 1
                while cut > 0 && !isTokenPieceBoundary(b, cut) { cut -= 1 }
                return cut
            }
            guard cut > 0 else { return final }
            total += buffer.withUnsafeBufferPointer { tokenizer.count(bytes: UnsafeBufferPointer(rebasing: $0[..<cut])) }
            buffer.removeFirst(cut)
            return true
        }
        bytes.withUnsafeBufferPointer { input in
            var position = 0
            var next = 0
            while position < input.count {
                let end = next < removed.count ? removed[next].lowerBound : input.count
                var start = position
                while start < end {
                    if buffer.count >= limit && !flush(final: false) { limit *= 2 }
                    let take = min(end - start, max(limit - buffer.count, 1))
                    buffer.append(contentsOf: UnsafeBufferPointer(rebasing: input[start..<(start + take)]))
                    start += take
                }
                position = next < removed.count ? removed[next].upperBound : input.count
                next += 1
            }
        }
        _ = flush(final: true)
        return total
    }
}

extension PromptDocument {
    /// The exact token count of `render()` from the input's own count,
    /// counting only windows around the removed ranges; nil when the
    /// input's count is not known yet (still being taken on another
    /// thread) or, without the input's token ends, the windows hold more
    /// than half the input, where `_countRendered(with:chunk:)` costs less.
    ///
    /// A window runs from a cut before a removed range to a cut after it,
    /// each a token-piece boundary of the input (`isTokenPieceBoundary`)
    /// whose two bytes either side are kept, or the text's start or end.
    /// Such a cut is a boundary of the rendered text too, since it depends
    /// only on those two bytes, so both texts' counts add up over the same
    /// segments, and outside the windows the segments are the same:
    ///
    ///     rendered = input − Σ count(window in the input) + Σ count(window rendered)
    ///
    /// Ranges with no cut between them share a window.
    ///
    /// - Complexity: O(w) for w bytes of windows, about the removed bytes
    ///   and a word either side of each range.
    func _countRenderedViaWindows(with tokenizer: Tokenizer) -> Int? {
        _countViaWindows(leavingOut: removedRanges(), tokenizer: tokenizer)
    }

    /// The exact token count of the input with `removed` (sorted, merged
    /// ranges) left out, counted as `_countRenderedViaWindows(with:)` does;
    /// with the input's token ends (`TokenEnds`) a window of the input is
    /// not encoded and no window is too large.
    func _countViaWindows(leavingOut removed: [Range<Int>], tokenizer: Tokenizer) -> Int? {
        guard tokenizer._splitsByScanner, let input = _inputCount.knownTotal else { return nil }
        guard !removed.isEmpty else { return input }
        let ends = _inputCount.tokenEnds
        return bytes.withUnsafeBufferPointer { text -> Int? in
            let n = text.count
            var windows: [(start: Int, end: Int, removed: Range<Int>)] = []
            windows.reserveCapacity(removed.count)
            var windowBytes = 0
            var open: (start: Int, first: Int)? = nil
            for k in removed.indices {
                let range = removed[k]
                if open == nil {
                    // A cut before the range: both bytes beside it kept.
                    let floor = k > 0 ? removed[k - 1].upperBound + 1 : 1
                    var start = range.lowerBound - 1
                    while start >= floor && !isTokenPieceBoundary(text, start) { start -= 1 }
                    // Only before the first range can there be none: the cut
                    // that closed the previous window is in reach.
                    if start < floor {
                        assert(k == 0)
                        start = 0
                    }
                    open = (start, k)
                }
                // A cut after the range, before the next one's bytes.
                let ceiling = k + 1 < removed.count ? removed[k + 1].lowerBound - 1 : n - 1
                var end = range.upperBound + 1
                while end <= ceiling && !isTokenPieceBoundary(text, end) { end += 1 }
                if end > ceiling {
                    guard k + 1 == removed.count else { continue }  // shares the next range's window
                    end = n
                }
                let window = (open!.start, end, open!.first..<(k + 1))
                windowBytes += end - window.0
                if ends == nil && windowBytes * 2 > n { return nil }
                windows.append(window)
                open = nil
            }
            var total = input
            var scratch: [UInt8] = []
            for window in windows {
                total -= ends?.tokens(from: window.start, to: window.end)
                    ?? tokenizer.count(bytes: UnsafeBufferPointer(rebasing: text[window.start..<window.end]))
                scratch.removeAll(keepingCapacity: true)
                var position = window.start
                for k in window.removed {
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: text[position..<max(position, removed[k].lowerBound)]))
                    position = removed[k].upperBound
                }
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: text[min(position, window.end)..<window.end]))
                total += tokenizer.count(bytes: scratch)
            }
            return total
        }
    }
}

/// `normalizedRanges(_:within:)` in place: clamps, drops empty ranges, sorts and
/// merges overlapping or touching ones, with no copy of the ranges (the
/// copies of a 4x compression's drops cost half the input at its end).
func normalizeRanges(_ ranges: inout [Range<Int>], within count: Int) {
    var kept = 0
    for index in ranges.indices {
        let range = ranges[index]
        let clamped = max(0, range.lowerBound)..<min(count, max(range.upperBound, 0))
        guard !clamped.isEmpty else { continue }
        ranges[kept] = clamped
        kept += 1
    }
    ranges.removeLast(ranges.count - kept)
    ranges.sort { $0.lowerBound < $1.lowerBound }
    var merged = 0
    for index in ranges.indices {
        let range = ranges[index]
        if merged > 0, range.lowerBound <= ranges[merged - 1].upperBound {
            ranges[merged - 1] = ranges[merged - 1].lowerBound..<max(ranges[merged - 1].upperBound, range.upperBound)
        } else {
            ranges[merged] = range
            merged += 1
        }
    }
    ranges.removeLast(ranges.count - merged)
}
