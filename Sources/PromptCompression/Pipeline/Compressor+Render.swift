extension Compressor {
    /// The output with the sentences not in `keep` left out, as
    /// `render()` of the document with a drop for each would give.
    ///
    /// The removed ranges (the document's, merged, and those of the left-out
    /// sentences, in order) are merged as they are read: no drop and no
    /// range is stored a sentence, and the output is reserved at its size.
    func render(_ document: PromptDocument, keep: [Bool]) -> [UInt8] {
        var removedBytes = 0
        _forEachRemoved(document, keep: keep) { removedBytes += $0.count }
        var output: [UInt8] = []
        output.reserveCapacity(document.bytes.count - removedBytes)
        var position = 0
        _forEachRemoved(document, keep: keep) { range in
            output.append(contentsOf: document.bytes[position..<range.lowerBound])
            position = range.upperBound
        }
        output.append(contentsOf: document.bytes[position...])
        return output
    }

    /// The output of `render(_:keep:)` and its exact token count. With the
    /// input's token ends (a small input, `TokenEnds`), the removed ranges
    /// are kept and the output is counted from windows around them
    /// (`_countViaWindows`); else it is counted whole.
    func _renderAndCount(_ document: PromptDocument, keep: [Bool], clock: inout StageClock) -> ([UInt8], Int) {
        guard document._inputCount.tokenEnds != nil else {
            let output = render(document, keep: keep)
            clock.lap("fine: render")
            let tokens = tokenizer.count(bytes: output)
            clock.lap("fine: output counts")
            return (output, tokens)
        }
        var removed: [Range<Int>] = []
        _forEachRemoved(document, keep: keep) { removed.append($0) }
        var removedBytes = 0
        for range in removed { removedBytes += range.count }
        var output: [UInt8] = []
        output.reserveCapacity(document.bytes.count - removedBytes)
        var position = 0
        for range in removed {
            output.append(contentsOf: document.bytes[position..<range.lowerBound])
            position = range.upperBound
        }
        output.append(contentsOf: document.bytes[position...])
        clock.lap("fine: render")
        let tokens = document._countViaWindows(leavingOut: removed, tokenizer: tokenizer) ?? tokenizer.count(bytes: output)
        clock.lap("fine: output counts")
        return (output, tokens)
    }

    /// Calls `body` with each range `render(_:keep:)` leaves out (the
    /// document's removed ranges and the left-out sentences'), by lower
    /// bound, overlaps merged.
    func _forEachRemoved(_ document: PromptDocument, keep: [Bool], _ body: (Range<Int>) -> Void) {
        let removed = document.removedRanges()
        let sentences = document.sentences
        var r = 0
        var pending: Range<Int>? = nil
        func add(_ range: Range<Int>) {
            if let last = pending, range.lowerBound <= last.upperBound {
                pending = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                if let last = pending { body(last) }
                pending = range
            }
        }
        _forEachDropRange(document, keep: keep, sentences: sentences) { _, range in
            guard document.canDrop(range) else { return }
            while r < removed.count && removed[r].lowerBound <= range.lowerBound {
                add(removed[r])
                r += 1
            }
            add(range)
        }
        while r < removed.count {
            add(removed[r])
            r += 1
        }
        if let last = pending { body(last) }
    }

    /// Calls `body` with each sentence not in `keep` and the bytes leaving
    /// it out takes away, in input order.
    ///
    /// A left-out sentence takes its whole range, trailing white space
    /// included, but for the last sentence of a paragraph that keeps an
    /// earlier one: its closing line breaks stay, less those the last kept
    /// sentence already ends with, so that the kept text still ends its
    /// paragraph as the input did ("…in.\n\nQuestion:", not "…in. Question:")
    /// and left-out lines leave no blank lines behind.
    ///
    /// - Complexity: O(s + b) for s sentences and b bytes of their closing white space.
    func _forEachDropRange(_ document: PromptDocument, keep: [Bool], sentences: [PromptDocument.Unit],
                           _ body: (_ index: Int, _ range: Range<Int>) -> Void) {
        let bytes = document.bytes
        var start = 0
        while start < sentences.count {
            let paragraph = sentences[start].parent
            var end = start + 1
            while end < sentences.count && sentences[end].parent == paragraph { end += 1 }
            var lastKept = -1
            for index in start..<end where keep[index] { lastKept = index }
            for index in start..<end where !keep[index] {
                var range = sentences[index].range
                if index == end - 1, lastKept >= 0 {
                    range = range.lowerBound..<_closingStart(bytes, range, after: sentences[lastKept].range)
                }
                if !range.isEmpty { body(index, range) }
            }
            start = end
        }
    }

    /// Where the bytes that stay of a paragraph's left-out last sentence
    /// `range` start: at its closing white space's first line break, past
    /// as many line breaks as the kept sentence `kept` ends with.
    private func _closingStart(_ bytes: [UInt8], _ range: Range<Int>, after kept: Range<Int>) -> Int {
        let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r"), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        func isSpace(_ byte: UInt8) -> Bool { byte == lf || byte == cr || byte == space || byte == tab }
        /// The index just past the line break at `index` (CR LF is one).
        func pastBreak(_ index: Int, _ limit: Int) -> Int {
            bytes[index] == cr && index + 1 < limit && bytes[index + 1] == lf ? index + 2 : index + 1
        }
        var position = range.upperBound
        while position > range.lowerBound && isSpace(bytes[position - 1]) { position -= 1 }
        while position < range.upperBound && bytes[position] != lf && bytes[position] != cr { position += 1 }
        guard position < range.upperBound else { return range.upperBound }
        // Line breaks the kept sentence ends with.
        var tail = kept.upperBound
        while tail > kept.lowerBound && isSpace(bytes[tail - 1]) { tail -= 1 }
        var ending = 0
        while tail < kept.upperBound {
            if bytes[tail] == lf || bytes[tail] == cr {
                ending += 1
                tail = pastBreak(tail, kept.upperBound)
            } else {
                tail += 1
            }
        }
        while ending > 0 && position < range.upperBound {
            if bytes[position] == lf || bytes[position] == cr {
                ending -= 1
                position = pastBreak(position, range.upperBound)
            } else {
                position += 1
            }
        }
        return position
    }
}
