import PromptTokenizer

extension Compressor {
    /// When the budget loop kept no unit but the protected ones, keeps the
    /// start of the best-ranked unit instead: as many of its bytes as fit,
    /// cut after a word (or, in text without spaces, at a token boundary
    /// that is a character boundary), before an atomic span it would enter;
    /// an atomic span that starts the unit is kept whole if it fits the
    /// room left, cut only if it is larger than the whole budget (no cut
    /// otherwise). The rest
    /// of the unit is dropped with pass "retrieve" and detail "cut".
    ///
    /// An input of one unit larger than the budget (a megabyte with no
    /// space, a log line of 10,000 tokens) otherwise gave an empty output.
    ///
    /// - Returns: Whether a unit was cut; `document`, `keep`, `output` and
    ///   `tokens` then hold the result.
    /// - Complexity: O(b log a) for b bytes in the unit and a atomic spans,
    ///   and a few renders and counts of the output.
    func _cutBestUnit(
        _ document: inout PromptDocument, order: [Int], keep: inout [Bool], alreadyDropped: [Bool],
        budget: Int, output: inout [UInt8], tokens: inout Int
    ) -> Bool {
        let sentences = document.sentences
        guard tokens < budget,
              let best = order.first(where: { !keep[$0] && !alreadyDropped[$0] }) else { return false }
        let range = sentences[best].range
        let bytes = document.bytes
        // The lengths of the tokens that may be kept, two bytes each: the
        // ids of a whole unit of megabytes cost four bytes a token.
        let lengths = bytes.withUnsafeBufferPointer {
            tokenizer._tokenLengths(bytes: UnsafeBufferPointer(rebasing: $0[range]), limit: budget - tokens)
        }
        var take = min(lengths.count, budget - tokens)
        for _ in 0..<8 where take > 0 {
            var cut = range.lowerBound + lengths[..<take].reduce(0) { $0 + Int($1) }
            if cut < range.upperBound {
                // A character boundary, then after the last space or line
                // break of the second half, if there is one.
                while cut > range.lowerBound && bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
                var space = cut
                let floor = range.lowerBound + (cut - range.lowerBound) / 2
                while space > floor && bytes[space - 1] != UInt8(ascii: " ") && bytes[space - 1] != UInt8(ascii: "\n") { space -= 1 }
                if space > floor { cut = space }
                // Before an atomic span the cut would enter; but an atomic
                // span that starts the unit and is larger than the budget (a
                // megabyte without a space reads as one identifier) is cut.
                var before = cut
                while before > range.lowerBound && !document.canDrop(before..<range.upperBound) { before -= 1 }
                if before > range.lowerBound {
                    cut = before
                } else if document.isProtected(overlapping: cut..<range.upperBound) {
                    return false
                } else if let span = document.atomic.first(where: { $0.lowerBound < cut && $0.upperBound > cut }) {
                    // Only a span larger than the whole budget is cut; one
                    // that fits the room left is kept whole; else no cut.
                    let spanTokens = tokenizer.count(bytes: bytes[span])
                    if spanTokens <= budget - tokens {
                        cut = min(span.upperBound, range.upperBound)
                    } else if spanTokens <= budget {
                        return false
                    }
                }
            }
            guard cut > range.lowerBound else { return false }
            var trial = document
            if cut < range.upperBound {
                trial.drops.append(.init(range: cut..<range.upperBound,
                                         reason: .init(pass: "retrieve", detail: "cut: no whole unit fits the budget")))
            }
            keep[best] = true
            let trialOutput = render(trial, keep: keep)
            let trialTokens = tokenizer.count(bytes: trialOutput)
            if trialTokens <= budget {
                document = trial
                output = trialOutput
                tokens = trialTokens
                return true
            }
            keep[best] = false
            take -= max(1, trialTokens - budget)
        }
        return false
    }
}
