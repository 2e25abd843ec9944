extension Compressor {
    /// Gives back drops of the lossy pass that ran last, when it left the
    /// text well under the budget.
    ///
    /// A lossy pass drops everything it finds: near-duplicate removal on a
    /// text of many near-copies reached 3.1x where 1.5x was asked. Stopping
    /// the pass at the budget instead, by the units' estimates, left
    /// paragraphs that retrieval could not drop (sentences joined by an
    /// atomic span), so the pass runs whole and its latest drops come back
    /// afterwards while they fit: each drop's bytes are counted on their
    /// own, the drops whose counts add up to the room left are removed from
    /// `document.drops` (latest first), and one exact count checks the
    /// result; drops are put back, earliest restored first, until it fits.
    ///
    /// - Parameters:
    ///   - start: The index in `document.drops` of the pass's first drop.
    ///   - repeatsStart: The index in `document._repeats` of the pass's first repeat.
    ///   - current: The exact count of the rendered text with every drop.
    /// - Returns: The exact count afterwards, and how many of the pass's drops stay.
    /// - Complexity: O(n) in the input's bytes for each exact count; one
    ///   count, and another for each round that puts drops back (rare:
    ///   counts of separate pieces add up to at least their joined count,
    ///   but at a few boundaries).
    func _giveBack(_ document: inout PromptDocument, from start: Int, repeatsStart: Int,
                   current: Int, budget: Int) -> (tokens: Int, kept: Int) {
        let passDrops = Array(document.drops[start...])
        let costs = passDrops.map { drop in
            document.bytes.withUnsafeBufferPointer { tokenizer.count(bytes: UnsafeBufferPointer(rebasing: $0[drop.range])) }
        }
        // Drops [kept, count) come back.
        var kept = passDrops.count
        var room = budget - current
        while kept > 0 && costs[kept - 1] <= room {
            room -= costs[kept - 1]
            kept -= 1
        }
        guard kept < passDrops.count else { return (current, kept) }
        document.drops.removeSubrange((start + kept)...)
        var tokens = document._countRendered(with: tokenizer)
        while tokens > budget && kept < passDrops.count {
            var excess = tokens - budget
            let from = kept
            repeat {
                excess -= costs[kept]
                kept += 1
            } while excess > 0 && kept < passDrops.count
            document.drops.append(contentsOf: passDrops[from..<kept])
            tokens = document._countRendered(with: tokenizer)
        }
        // A repeat whose drop came back is no repeat: `RepeatRestorer`
        // reads only dropped ones.
        if repeatsStart < document._repeats.count {
            let stays = Set(passDrops[..<kept].map(\.range.lowerBound))
            let repeats = document._repeats[repeatsStart...].filter { stays.contains($0.dropped.lowerBound) }
            document._repeats.removeSubrange(repeatsStart...)
            document._repeats.append(contentsOf: repeats)
        }
        return (tokens, kept)
    }
}
