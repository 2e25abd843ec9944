extension Compressor {
    /// The tokens of the headings, openers and closers that keeping the
    /// sentence at `index` brings in (those not kept yet).
    func _headingsCost(of index: Int, _ sections: Sections, keep: [Bool], alreadyDropped: [Bool], sentences: [PromptDocument.Unit]) -> Int {
        var cost = 0
        var heading = Int(sections.headingOf[index])
        while heading >= 0 && !keep[heading] && !alreadyDropped[heading] {
            cost += sentences[heading].tokens
            let closer = sections.closer(of: heading)
            if closer >= 0 && !keep[closer] && !alreadyDropped[closer] { cost += sentences[closer].tokens }
            heading = Int(sections.headingOf[heading])
        }
        return cost
    }

    /// Keeps the headings, openers and closers the sentence at `index` falls under.
    func _keepHeadings(of index: Int, _ sections: Sections, keep: inout [Bool], alreadyDropped: [Bool]) {
        var heading = Int(sections.headingOf[index])
        while heading >= 0 && !keep[heading] && !alreadyDropped[heading] {
            keep[heading] = true
            let closer = sections.closer(of: heading)
            if closer >= 0 && !alreadyDropped[closer] { keep[closer] = true }
            heading = Int(sections.headingOf[heading])
        }
    }

    /// Leaves out each kept heading none of whose section's sentences is
    /// kept, and each kept opener none of whose members is, with its closer
    /// (unless protected). Inner frames first, so that an emptied frame
    /// empties the one around it.
    func _dropOrphanHeadings(_ sections: Sections, keep: inout [Bool], document: PromptDocument, sentences: [PromptDocument.Unit]) {
        var hasContent = [Bool](repeating: false, count: sentences.count)
        for index in sentences.indices.reversed() where keep[index] && !sections.closes(index) {
            if sections.isHeading[index] && !hasContent[index] && !document.isProtected(overlapping: sentences[index].range) {
                keep[index] = false
                let closer = sections.closer(of: index)
                if closer >= 0 && !document.isProtected(overlapping: sentences[closer].range) { keep[closer] = false }
                continue
            }
            if sections.headingOf[index] >= 0 { hasContent[Int(sections.headingOf[index])] = true }
        }
    }
}
