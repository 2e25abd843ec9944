/// Relevance scores that serving code's retriever or reranker gave the
/// passages (`PromptDocument(passages:scores:tokenizer:)`), blended with the
/// ranking's own scores (`CompressionOptions.retrieverWeight`).
///
/// Scores come on any scale (cosine similarities, a cross-encoder's
/// logits, a search engine's BM25): they are scaled to 0...1 over the
/// passages, the lowest to 0 and the highest to 1, so that only their
/// order and spacing count. Equal scores say nothing and are left out.
struct PassageScores: Sendable {
    /// Sorted, disjoint byte ranges of the passages, and each one's scaled score.
    private(set) var ranges: [Range<Int>] = []
    private(set) var values: [Double] = []

    /// The scores of `passages` (byte ranges in order, empty ones allowed)
    /// scaled to 0...1; throws when the counts differ or a score is not finite.
    init(ranges passages: [Range<Int>], scores: [Double]) throws(CompressionError) {
        guard scores.count == passages.count else {
            throw .invalidScores("\(scores.count) scores for \(passages.count) passages: give one score a passage")
        }
        if let bad = scores.firstIndex(where: { !$0.isFinite }) {
            throw .invalidScores("the score of passage \(bad + 1) is \(scores[bad]): scores must be finite numbers")
        }
        let low = scores.min() ?? 0, high = scores.max() ?? 0
        isInformative = high > low
        for (range, score) in zip(passages, scores) where !range.isEmpty {
            ranges.append(range)
            values.append(high > low ? (score - low) / (high - low) : 0)
        }
    }

    /// Whether the scores differ at all: equal scores say nothing, and the
    /// ranking is then Tersify's alone.
    private(set) var isInformative = true

    private init(ranges: [Range<Int>], values: [Double]) {
        self.ranges = ranges
        self.values = values
    }

    /// The scaled score of the passage holding byte `offset`; 0 outside every passage.
    ///
    /// - Complexity: O(log p) for p passages.
    func score(at offset: Int) -> Double {
        var low = 0, high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if ranges[mid].upperBound <= offset { low = mid + 1 } else { high = mid }
        }
        return low < ranges.count && ranges[low].contains(offset) ? values[low] : 0
    }

    /// The scores in the offsets of a subset document (the coarse stage's candidates).
    func toSubset(_ map: OffsetMap) -> PassageScores {
        var subset = PassageScores(ranges: [], values: [])
        for (range, value) in zip(ranges, values) {
            for piece in map.toSubset([range]) {
                subset.ranges.append(piece)
                subset.values.append(value)
            }
        }
        return subset
    }

    /// `base` scaled by its largest value, blended with each unit's passage
    /// score: `(1 - weight) · base / max + weight · passage`, plus a
    /// millionth of the scaled base so that equal blends keep the base's order.
    ///
    /// - Parameter passageOf: The byte offset that places unit `index` in its passage.
    static func blend(_ base: [Double], weight: Double, scores: PassageScores, offsetOf: (Int) -> Int) -> [Double] {
        let weight = min(max(weight, 0), 1)
        let top = base.lazy.filter(\.isFinite).max() ?? 0
        return base.indices.map { index in
            let scaled = base[index].isInfinite ? 1 : top > 0 ? base[index] / top : 0
            return (1 - weight) * scaled + weight * scores.score(at: offsetOf(index)) + 1e-6 * scaled
        }
    }
}
