extension SpanScanner {
    // MARK: Fenced code

    /// Finds fenced code blocks, adds their spans, and returns their ranges.
    ///
    /// An opening fence is a line of any indentation whose first other
    /// characters are three or more backticks or tildes; after backticks, the
    /// rest of the line (the info string, such as `swift`) has no backtick.
    /// The block ends with the first later line holding only a run of the same
    /// character at least as long (indentation and trailing spaces allowed),
    /// or at the end of the text. Indentation of any width is accepted
    /// because prompts often indent fences inside list items (CommonMark
    /// would read four spaces as an indented code block).
    ///
    ///     ```swift          <- span starts at this line's start
    ///     let x = "```"
    ///     ```               <- and ends after these backticks
    ///
    /// - Returns: The blocks' ranges, sorted.
    /// - Complexity: O(n): every line is read once.
    mutating func findFencedCode() -> [Range<Int>] {
        var regions: [Range<Int>] = []
        var lineStart = 0
        while lineStart < count {
            let lineEnd = endOfLine(from: lineStart)
            guard let (fence, length) = openingFence(lineStart..<lineEnd) else {
                lineStart = lineEnd + 1
                continue
            }
            var end = count
            var next = lineEnd + 1
            while next < count {
                let nextEnd = endOfLine(from: next)
                if let closing = closingFence(next..<nextEnd, fence: fence, minimumLength: length) {
                    end = closing
                    break
                }
                next = nextEnd + 1
            }
            regions.append(lineStart..<end)
            spans.append(ProtectedSpan(range: lineStart..<end, kind: .fencedCode))
            lineStart = end + 1
        }
        return regions
    }

    /// The position of the line feed that ends the line starting at `p`, or
    /// the end of the text.
    func endOfLine(from p: Int) -> Int {
        var q = p
        while q < count, text[q] != UInt8(ascii: "\n") { q += 1 }
        return q
    }

    /// The first byte of `line` that is not a space or tab.
    func afterIndentation(_ line: Range<Int>) -> Int {
        var p = line.lowerBound
        while p < line.upperBound, text[p] == UInt8(ascii: " ") || text[p] == UInt8(ascii: "\t") { p += 1 }
        return p
    }

    /// The fence character and run length if `line` opens a fenced block.
    func openingFence(_ line: Range<Int>) -> (UInt8, Int)? {
        let start = afterIndentation(line)
        let fence = byte(at: start)
        guard start < line.upperBound, fence == UInt8(ascii: "`") || fence == UInt8(ascii: "~") else { return nil }
        var p = start
        while p < line.upperBound, text[p] == fence { p += 1 }
        guard p - start >= 3 else { return nil }
        if fence == UInt8(ascii: "`") {
            for q in p..<line.upperBound where text[q] == UInt8(ascii: "`") { return nil }
        }
        return (fence, p - start)
    }

    /// The end of the fence run if `line` closes a block opened with
    /// `minimumLength` or more `fence` bytes.
    func closingFence(_ line: Range<Int>, fence: UInt8, minimumLength: Int) -> Int? {
        let start = afterIndentation(line)
        var p = start
        while p < line.upperBound, text[p] == fence { p += 1 }
        guard p - start >= minimumLength else { return nil }
        let runEnd = p
        while p < line.upperBound, text[p].isASCIIWhitespace { p += 1 }
        return p == line.upperBound ? runEnd : nil
    }

    // MARK: Inline code

    /// The end of the span opened by the backtick run at `i`, and whether it
    /// is code; nil when the run opens nothing.
    ///
    /// The span ends with the next run of exactly as many backticks, as in
    /// CommonMark, before a blank line (a line of only spaces and tabs) or the
    /// end of the text: `` `a` ``, ``` ``a ` b`` ```. Runs longer than
    /// `maxInlineFence` open nothing. Code is text: a span holding a control
    /// character other than a tab or a line break (NUL, ESC, DEL…) is not
    /// code, and the scanners go on after it. In random bytes, a backtick
    /// opened inline code up to the next one, hundreds of bytes away: 13 %
    /// of them was code, and the sentences holding it could not go.
    ///
    /// - Complexity: a failed search remembers the paragraph end it reached;
    ///   no closing run of that length exists before it, so later runs of the
    ///   same length there fail at once. O(n) over a whole text.
    mutating func inlineCodeSpan(at i: Int) -> (end: Int, isCode: Bool)? {
        let length = endOfRun(of: UInt8(ascii: "`"), from: i) - i
        guard length <= Self.maxInlineFence, inlineCodeNoCloserBefore[length] <= i else { return nil }
        var p = i + length
        var isCode = true
        while p < count {
            switch text[p] {
            case UInt8(ascii: "`"):
                let runEnd = endOfRun(of: UInt8(ascii: "`"), from: p)
                if runEnd - p == length { return (runEnd, isCode) }
                p = runEnd
            case UInt8(ascii: "\n"):
                var q = p + 1
                while q < count, text[q] == UInt8(ascii: " ") || text[q] == UInt8(ascii: "\t")
                    || text[q] == UInt8(ascii: "\r") { q += 1 }
                if q == count || text[q] == UInt8(ascii: "\n") {
                    inlineCodeNoCloserBefore[length] = q
                    return nil
                }
                p = q
            case 0x00...0x08, 0x0B, 0x0C, 0x0E...0x1F, 0x7F:
                isCode = false
                p += 1
            default:
                p += 1
            }
        }
        inlineCodeNoCloserBefore[length] = count
        return nil
    }

    /// The end of the run of `byte` starting at `p`.
    func endOfRun(of byte: UInt8, from p: Int) -> Int {
        var q = p
        while q < count, text[q] == byte { q += 1 }
        return q
    }

    // MARK: Keep regions

    /// Finds `<keep>` regions outside `fences` and inline code, adds their
    /// content as spans and their tags as markers, and returns the regions
    /// with their tags.
    ///
    /// Tags are `<keep>` and `</keep>` in any case, with optional spaces or
    /// tabs before the `>`. Keep regions nest; the outermost pair makes the
    /// span, inner tags are markers inside it. An unclosed `<keep>` protects
    /// to the end of the text; a `</keep>` with no open region is text. Tags
    /// inside code are text (`` `<keep>` `` documents the feature, and
    /// would otherwise protect the rest of the text); the inline code found
    /// here is found again, the same way, by the second pass.
    ///
    /// - Complexity: O(n).
    mutating func findKeepRegions(skipping fences: [Range<Int>]) -> [Range<Int>] {
        var regions: [Range<Int>] = []
        var depth = 0
        var outerStart = 0
        var contentStart = 0
        var p = 0
        var fence = 0
        while p < count {
            if fence < fences.count, fences[fence].lowerBound <= p {
                p = Swift.max(p, fences[fence].upperBound)
                fence += 1
                continue
            }
            // Nothing but a backtick or `<` matters here: pass the rest in
            // one tight loop, up to the next fence.
            let limit = fence < fences.count ? Swift.min(count, fences[fence].lowerBound) : count
            while p < limit && text[p] != UInt8(ascii: "<") && text[p] != UInt8(ascii: "`") { p += 1 }
            guard p < limit else { continue }
            if text[p] == UInt8(ascii: "`"), kinds.contains(.inlineCode) {
                p = inlineCodeSpan(at: p)?.end ?? endOfRun(of: UInt8(ascii: "`"), from: p)
                continue
            }
            guard text[p] == UInt8(ascii: "<") else {
                p += 1
                continue
            }
            if let length = keepTagLength(at: p, closing: false) {
                if depth == 0 {
                    outerStart = p
                    contentStart = p + length
                }
                depth += 1
                keepMarkers.append(p..<p + length)
                p += length
            } else if depth > 0, let length = keepTagLength(at: p, closing: true) {
                keepMarkers.append(p..<p + length)
                depth -= 1
                if depth == 0 {
                    if contentStart < p { spans.append(ProtectedSpan(range: contentStart..<p, kind: .keepRegion)) }
                    regions.append(outerStart..<p + length)
                }
                p += length
            } else {
                p += 1
            }
        }
        if depth > 0 {
            if contentStart < count { spans.append(ProtectedSpan(range: contentStart..<count, kind: .keepRegion)) }
            regions.append(outerStart..<count)
        }
        return regions
    }

    /// The length of a `<keep>` (or with `closing`, `</keep>`) tag at `p`, or nil.
    func keepTagLength(at p: Int, closing: Bool) -> Int? {
        var q = p + 1
        if closing {
            guard byte(at: q) == UInt8(ascii: "/") else { return nil }
            q += 1
        }
        guard matchesIgnoringCase("keep", at: q) else { return nil }
        q += 4
        while byte(at: q) == UInt8(ascii: " ") || byte(at: q) == UInt8(ascii: "\t") { q += 1 }
        return byte(at: q) == UInt8(ascii: ">") ? q + 1 - p : nil
    }
}
