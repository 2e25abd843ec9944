extension Compressor {
    /// "Lost in the middle" (`CompressionOptions.reorder`): the kept documents
    /// rearranged so that the most relevant are at the start and the end of
    /// the output and the least relevant in the middle: the best first, the
    /// second last, the third second, the fourth second to last, and so on.
    ///
    /// Relevance is the rank of a document's first sentence in `rank(_:options:)`
    /// (BM25 and the pair ranking with a question, information without).
    /// Documents that hold protected text (the question, `<keep>` regions,
    /// code blocks) keep their place. Each document's kept bytes stay together and in order; the white
    /// space between documents stays where it was, so documents never run
    /// into each other. The output is counted again; in the rare case that
    /// the new joins cost tokens beyond the budget, the result is returned
    /// in input order.
    ///
    /// - Returns: `result` itself when `reorder` is off or fewer than three
    ///   documents are kept.
    func _reorderedIfAsked(_ result: CompressionResult, document: PromptDocument, options: CompressionOptions) throws(CompressionError) -> CompressionResult {
        guard options.reorder, document.documents.count > 2 else { return result }
        var copy = document
        copy.drops = result.drops
        let removed = copy.removedRanges()
        // Each document's kept bytes, split into content and trailing white space.
        var prefix: [UInt8] = []
        var contents: [[UInt8]] = [], separators: [[UInt8]] = [], owners: [Int] = []
        var r = 0
        for (index, unit) in document.documents.enumerated() {
            var kept: [UInt8] = []
            var position = unit.range.lowerBound
            while r < removed.count && removed[r].upperBound <= position { r += 1 }
            var k = r
            while position < unit.range.upperBound {
                if k < removed.count && removed[k].lowerBound <= position {
                    position = max(position, removed[k].upperBound)
                    k += 1
                    continue
                }
                let end = k < removed.count ? min(removed[k].lowerBound, unit.range.upperBound) : unit.range.upperBound
                kept.append(contentsOf: document.bytes[position..<end])
                position = end
            }
            var split = kept.count
            while split > 0 && isReorderSpace(kept[split - 1]) { split -= 1 }
            if split == 0 {
                if separators.isEmpty { prefix.append(contentsOf: kept) } else { separators[separators.count - 1].append(contentsOf: kept) }
                continue
            }
            contents.append(Array(kept[..<split]))
            separators.append(Array(kept[split...]))
            owners.append(index)
        }
        guard contents.count > 2 else { return result }
        var firstRank = [Int](repeating: .max, count: document.documents.count)
        for (rank, sentence) in try rank(document, options: options, budget: result.budget).enumerated() {
            let owner = document.paragraphs[document.sentences[sentence].parent].parent
            firstRank[owner] = min(firstRank[owner], rank)
        }
        // Documents holding protected text (the question, `<keep>` regions,
        // code) stay where they are; the others move.
        let movable = contents.indices.filter { !document.isProtected(overlapping: document.documents[owners[$0]].range) }
        guard movable.count > 2 else { return result }
        let byRelevance = movable.sorted { (firstRank[owners[$0]], $0) < (firstRank[owners[$1]], $1) }
        var slots = Array(contents.indices)
        var front = 0, back = movable.count - 1
        for (place, item) in byRelevance.enumerated() {
            if place % 2 == 0 {
                slots[movable[front]] = item
                front += 1
            } else {
                slots[movable[back]] = item
                back -= 1
            }
        }
        var bytes = prefix
        bytes.reserveCapacity(result.bytes.count)
        for (position, item) in slots.enumerated() {
            bytes.append(contentsOf: contents[item])
            bytes.append(contentsOf: separators[position])
        }
        let tokens = tokenizer.count(bytes: bytes)
        guard tokens <= max(result.budget, result.tokensAfter) else { return result }
        var reordered = result
        reordered.bytes = bytes
        reordered.tokensAfter = tokens
        return reordered
    }
}

@inline(__always)
private func isReorderSpace(_ b: UInt8) -> Bool {
    b == UInt8(ascii: " ") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") || b == UInt8(ascii: "\t")
}
