import PromptTokenizer

/// Offsets of a subset document and of its original, both ways.
struct OffsetMap: Sendable {
    /// Sorted by both offsets.
    let pieces: [SubsetPiece]

    /// The parts of original ranges (sorted or not) that the subset holds, in subset offsets.
    func toSubset(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for range in ranges {
            var index = firstPiece(endingAfter: range.lowerBound, \.original)
            while index < pieces.count && pieces[index].original < range.upperBound {
                let piece = pieces[index]
                let low = max(range.lowerBound, piece.original), high = min(range.upperBound, piece.original + piece.count)
                if low < high { result.append((low - piece.original + piece.subset)..<(high - piece.original + piece.subset)) }
                index += 1
            }
        }
        return result
    }

    /// A subset range in original offsets: one range per piece it covers.
    func toOriginal(_ range: Range<Int>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var index = firstPiece(endingAfter: range.lowerBound, \.subset)
        while index < pieces.count && pieces[index].subset < range.upperBound {
            let piece = pieces[index]
            let low = max(range.lowerBound, piece.subset), high = min(range.upperBound, piece.subset + piece.count)
            if low < high { result.append((low - piece.subset + piece.original)..<(high - piece.subset + piece.original)) }
            index += 1
        }
        return result
    }

    private func firstPiece(endingAfter offset: Int, _ start: KeyPath<SubsetPiece, Int>) -> Int {
        var low = 0, high = pieces.count
        while low < high {
            let mid = (low + high) / 2
            if pieces[mid][keyPath: start] + pieces[mid].count <= offset { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
