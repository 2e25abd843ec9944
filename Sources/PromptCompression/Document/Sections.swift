/// The headings among a document's sentences and the heading each sentence
/// falls under, so that the budget loop keeps a heading only together with
/// its section: never a heading alone, never a kept section without it.
///
/// A heading is a whole line of at most 100 bytes that starts a line and
/// reads as one: a Markdown heading (`## Usage`), a numbered heading
/// (`1.4.7 Protected spans`, `2. Install`) without a final period, a line in
/// capitals (`DESCRIPTION`, man pages' sections), or a short line without
/// final punctuation that is a paragraph of its own (`Early life`). A
/// candidate followed directly by another candidate has no section of its
/// own (a table of contents, a list of short items) and is no heading.
///
/// Headings nest by indentation, as man pages lay them out: a section
/// (`OPTIONS`) holds its subsections (`   Pattern Syntax`, a title line
/// over a block indented deeper, `ItemLayout.headings`), and a kept
/// subsection keeps both. A table's head is a heading whose section is its
/// rows (`ItemLayout`); list items and rows are never headings.
///
/// Code frames work the same way (`CodeLayout`): an opener (a fence, a
/// type's header) is a heading whose section is its members, and brings
/// its closer with it; frames nest, so a kept method brings its type's
/// header and closing brace and the block's fences.
struct Sections {
    /// Whether each sentence is a heading, an opener or a closer: kept only
    /// with a sentence of its section, never chosen or shed on its own.
    var isHeading: [Bool]
    /// The heading or opener each sentence falls under, or -1.
    var headingOf: [Int32]
    /// Each opener's closer, or -1; empty when the document has no code.
    var closerOf: [Int32] = []
    /// Whether each sentence is a closer; empty when the document has no code.
    var isCloser: [Bool] = []

    /// The closer of the opener at `index`, or -1.
    func closer(of index: Int) -> Int { closerOf.isEmpty ? -1 : Int(closerOf[index]) }
    /// Whether the sentence at `index` is a closer.
    func closes(_ index: Int) -> Bool { !isCloser.isEmpty && isCloser[index] }

    init(_ document: PromptDocument, sentences: [PromptDocument.Unit]) {
        let bytes = document.bytes
        let paragraphs = document.paragraphs
        let code = document._code
        let items = document._items
        var candidate = [Strength](repeating: .none, count: sentences.count)
        // The end of the rows of each table head, by sentence.
        var tableEnd: [Int: Int] = [:]
        for (index, sentence) in sentences.enumerated() {
            let paragraph = paragraphs[sentence.parent].range
            if !code.isEmpty && code.units(ofBlock: paragraph) != nil { continue }
            if !items.isEmpty, let unit = items.index(ofUnit: paragraph) {
                // A list item or a row is content; a table's head heads its rows.
                if items.units[unit].kind == .tableHead, let end = items.tableEnd(head: unit) {
                    candidate[index] = .strong
                    tableEnd[index] = end
                }
                continue
            }
            // A title over a block of items or paragraphs indented deeper.
            if items.isHeading(sentence.range) {
                var lineEnd = sentence.range.lowerBound
                while lineEnd < sentence.range.upperBound && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                if isBlankBytes(bytes[lineEnd..<sentence.range.upperBound]) {
                    candidate[index] = .strong
                    continue
                }
            }
            let alone = (index == 0 || sentences[index - 1].parent != sentence.parent)
                && (index + 1 == sentences.count || sentences[index + 1].parent != sentence.parent)
            candidate[index] = Sections.headingStrength(bytes, sentence.range, ownParagraph: alone
                && paragraph.lowerBound == sentence.range.lowerBound)
        }
        // Each sentence's indentation: its line's, when it starts one; else
        // the sentence before's (a sentence inside a line).
        var indent = [Int32](repeating: 0, count: sentences.count)
        var current: Int32 = 0
        for (index, sentence) in sentences.enumerated() {
            let start = sentence.range.lowerBound
            if start == 0 || bytes[start - 1] == UInt8(ascii: "\n") {
                var p = start
                while p < sentence.range.upperBound && (bytes[p] == UInt8(ascii: " ") || bytes[p] == UInt8(ascii: "\t")) { p += 1 }
                current = Int32(min(p - start, Int(Int32.max)))
            }
            indent[index] = current
        }
        // A candidate needs a section: one followed by a candidate as strong
        // is no heading (a table of contents, a list of short lines), unless
        // that one is indented deeper (a subsection's title); a strong
        // heading (`## Usage`) followed by a short title line takes that line
        // as its content.
        isHeading = candidate.map { $0 != .none }
        for index in candidate.indices where candidate[index] != .none {
            if index + 1 == candidate.count
                || (candidate[index + 1] >= candidate[index] && indent[index + 1] <= indent[index]) {
                isHeading[index] = false
            }
        }
        for index in candidate.indices.dropFirst() where candidate[index] == .weak && isHeading[index - 1] && candidate[index - 1] == .strong {
            isHeading[index] = false
        }
        // Sections nest by indentation: a heading falls under the open
        // heading indented less than it (`OPTIONS` over `   Pattern
        // Syntax`), and a sentence indented less than an open heading closes
        // it; a table's head closes after its rows. Unindented text has
        // one level: each heading closes the one before.
        headingOf = [Int32](repeating: -1, count: sentences.count)
        var open: [(index: Int32, indent: Int32, end: Int)] = []
        // Where the coarse stage left text out, which may have held
        // headings: every section closes there, so that no heading takes
        // the text after a gap for its own.
        let gaps = document._subsetMap.map { $0.pieces.dropFirst().map(\.subset) } ?? []
        var gap = 0
        for index in sentences.indices {
            let start = sentences[index].range.lowerBound
            if gap < gaps.count && gaps[gap] <= start {
                while gap < gaps.count && gaps[gap] <= start { gap += 1 }
                open.removeAll()
            }
            while let top = open.last, top.end <= start || indent[index] < top.indent { open.removeLast() }
            if isHeading[index] {
                while let top = open.last, top.indent >= indent[index] { open.removeLast() }
                headingOf[index] = open.last?.index ?? -1
                open.append((Int32(index), indent[index], tableEnd[index] ?? Int.max))
            } else {
                headingOf[index] = open.last?.index ?? -1
            }
        }
        if !code.isEmpty { addFrames(code, document: document, sentences: sentences) }
    }

    /// Marks the openers and closers of the code blocks and the frame each
    /// unit falls under (a block's outer units fall under the heading before it).
    private mutating func addFrames(_ code: CodeLayout, document: PromptDocument, sentences: [PromptDocument.Unit]) {
        closerOf = [Int32](repeating: -1, count: sentences.count)
        isCloser = [Bool](repeating: false, count: sentences.count)
        let paragraphs = document.paragraphs
        var index = 0
        while index < sentences.count {
            guard let units = code.units(ofBlock: paragraphs[sentences[index].parent].range),
                  index + units.count <= sentences.count else {
                index += 1
                continue
            }
            let outer = headingOf[index]
            var open: [(depth: Int, index: Int)] = []
            for (offset, unit) in units.enumerated() {
                let sentence = index + offset
                if unit.role == .closer {
                    while let top = open.last, top.depth > unit.depth { open.removeLast() }
                    if let top = open.last, top.depth == unit.depth {
                        closerOf[top.index] = Int32(sentence)
                        open.removeLast()
                    }
                    isHeading[sentence] = true
                    isCloser[sentence] = true
                    headingOf[sentence] = -1
                    continue
                }
                while let top = open.last, top.depth >= unit.depth { open.removeLast() }
                headingOf[sentence] = open.last.map { Int32($0.index) } ?? outer
                isHeading[sentence] = unit.role == .opener
                if unit.role == .opener { open.append((unit.depth, sentence)) }
            }
            index += units.count
        }
    }

    /// How surely a sentence is a heading: a marked one (Markdown,
    /// numbered, capitals) or a short title line.
    enum Strength: Int, Comparable {
        case none, weak, strong
        static func < (a: Strength, b: Strength) -> Bool { a.rawValue < b.rawValue }
    }

    /// How surely the sentence at `range` reads as a heading (see the type).
    static func headingStrength(_ bytes: [UInt8], _ range: Range<Int>, ownParagraph: Bool) -> Strength {
        guard let strong = readsAsHeading(bytes, range, ownParagraph: false) ? true : nil else {
            return ownParagraph && readsAsHeading(bytes, range, ownParagraph: true) ? .weak : .none
        }
        return strong ? .strong : .none
    }

    /// Whether the sentence at `range` reads as a heading (see the type);
    /// short title lines count only with `ownParagraph`.
    static func readsAsHeading(_ bytes: [UInt8], _ range: Range<Int>, ownParagraph: Bool) -> Bool {
        let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        // A whole line: it starts a line and ends with a line break.
        guard range.lowerBound == 0 || bytes[range.lowerBound - 1] == lf else { return false }
        var end = range.upperBound
        guard end > range.lowerBound, bytes[end - 1] == lf || bytes[end - 1] == cr else { return false }
        while end > range.lowerBound && [lf, cr, UInt8(ascii: " "), UInt8(ascii: "\t")].contains(bytes[end - 1]) { end -= 1 }
        var start = range.lowerBound
        while start < end && (bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t")) { start += 1 }
        guard end > start, end - start <= 100, !bytes[start..<end].contains(lf) else { return false }
        let line = bytes[start..<end]
        let last = line.last!
        let finalPunctuation = ".!?;,".utf8.contains(last)
        // Markdown.
        var hashes = 0
        while start + hashes < end && bytes[start + hashes] == UInt8(ascii: "#") { hashes += 1 }
        if hashes >= 1 && hashes <= 6 && start + hashes < end && bytes[start + hashes] == UInt8(ascii: " ") { return true }
        // Numbered: digits and dots, a space, then a letter.
        var i = start
        while i < end && ((bytes[i] >= 0x30 && bytes[i] <= 0x39) || bytes[i] == UInt8(ascii: ".")) { i += 1 }
        if i > start, bytes[start] >= 0x30 && bytes[start] <= 0x39, i < end, bytes[i] == UInt8(ascii: " "),
           i + 1 < end, isLetterStart(bytes[i + 1]), !finalPunctuation, end - start <= 80 {
            return true
        }
        // Capitals: at least three letters, no lower case ASCII letter, a few words.
        let letters = line.filter { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }
        let words = line.split(separator: UInt8(ascii: " ")).count
        if letters.count >= 3 && !letters.contains(where: { $0 >= 0x61 }) && words <= 6 && !finalPunctuation { return true }
        // A short title line, a paragraph of its own.
        if ownParagraph && end - start <= 60 && words <= 8 && !finalPunctuation && last != UInt8(ascii: ":")
            && ((line.first! >= 0x41 && line.first! <= 0x5A) || (line.first! >= 0x30 && line.first! <= 0x39) || line.first! >= 0xC0) {
            return true
        }
        return false
    }
}

/// Whether a byte can start a letter: an ASCII letter or a UTF-8 lead byte.
private func isLetterStart(_ byte: UInt8) -> Bool {
    ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) || byte >= 0xC0
}
