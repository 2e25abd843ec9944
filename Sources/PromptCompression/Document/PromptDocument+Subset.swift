import PromptTokenizer

extension PromptDocument {
    /// The document made of some of `original`'s documents, in order: the
    /// input of the fine stage after the coarse one.
    ///
    /// Its bytes are those documents' bytes joined; protected, atomic and
    /// marker ranges and earlier drops that fall inside them carry over,
    /// shifted. `pieces` maps its offsets back to `original`'s.
    /// - Parameters:
    ///   - ranges: Sorted, disjoint byte ranges of `original`.
    ///   - endsDocument: For each range, whether a document ends with it (a
    ///     range followed by a gap ends one too).
    init(
        subsetOf original: PromptDocument, ranges: [Range<Int>], endsDocument: [Bool], tokenizer: Tokenizer,
        countShare: WorkShare? = nil
    ) throws(CompressionError) {
        var bytes: [UInt8] = []
        var pieces: [SubsetPiece] = []
        var breaks: [Int] = []
        pieces.reserveCapacity(ranges.count)
        breaks.reserveCapacity(ranges.count)
        // Once: a reserve a range (exact, not geometric) copied the bytes again each time.
        bytes.reserveCapacity(ranges.reduce(0) { $0 + $1.count })
        // Adjacent documents form one piece.
        for (index, range) in ranges.enumerated() {
            if let last = pieces.last, last.original + last.count == range.lowerBound {
                pieces[pieces.count - 1].count += range.count
            } else {
                pieces.append(SubsetPiece(subset: bytes.count, original: range.lowerBound, count: range.count))
            }
            let gapFollows = index + 1 == ranges.count || ranges[index + 1].lowerBound != range.upperBound
            if endsDocument[index] || gapFollows { breaks.append(bytes.count + range.count) }
            bytes.append(contentsOf: original.bytes[range])
        }
        let map = OffsetMap(pieces: pieces)
        try self.init(bytes: bytes, documentBreaks: breaks, tokenizer: tokenizer, segmenter: original._fine.segmenter,
                      protected: map.toSubset(original.protected), atomic: map.toSubset(original.atomic),
                      markers: map.toSubset(original.markers), code: original._code.toSubset(map),
                      items: original._items.toSubset(map), countShare: countShare)
        for drop in original.drops {
            for range in map.toSubset([drop.range]) { drops.append(Drop(range: range, reason: drop.reason)) }
        }
        _subsetMap = map
        _passageScores = original._passageScores?.toSubset(map)
        if let question = original._question, let first = map.toSubset([question]).first,
           let last = map.toSubset([question]).last {
            _question = first.lowerBound..<last.upperBound
        }
    }
}
