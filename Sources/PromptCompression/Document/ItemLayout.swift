#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The list items and table rows of a prompt: runs of lines that go or stay
/// together. Each unit is one paragraph and one sentence, so the budget
/// keeps or drops it whole and no sentence boundary falls inside it.
///
///     OPTIONS                                      heading (capitals)
///        General Output Control                    heading: a title over items
///            -c, --count                           item   ┐ a line, the lines indented
///                   Suppress normal output; …             │ deeper under it, the blank
///                   for each input file.                  │ lines between them and
///                                                         ┘ after them
///            Signal     Standard   Action          table head ┐ kept only with a row
///            ──────────────────────────────                   ┘
///            SIGABRT     P1990      Core           row
///            SIGHUP      P1990      Term   Hangup  row    ┐ with its cell wrapped
///                                          or death       ┘ onto a deeper line
///
/// An *item* starts at a line followed directly by a line indented deeper
/// (or after blank lines, for a marked line that is a paragraph of its
/// own). It holds that line and every line after it that is blank or
/// indented deeper, up to the next line indented as deep or less, and the
/// blank lines after its last line. Its first line is indented, or starts
/// with a bullet, a number or an option (`- `, `* `, `• `, `1. `, `(a) `,
/// `-l`, `--all`), and is no next line of a paragraph indented alike. A
/// marked line with no deeper line under it is an item of one line when a
/// marked line comes before or after it (a list). A first line without a
/// marker whose block holds items or more than one paragraph is no item: a
/// heading when it reads as a title (`   Pattern Syntax`, recorded in
/// `headings`), a line like others otherwise (`The options are:`); the
/// items inside its block stand on their own. An item inside an item is
/// part of it, and so is a code block indented under its first line (an
/// example in an option's description).
///
/// A *table* is a rule line (`────`, `|---|---|`, `+----+`, `====`) with
/// its head (the lines right above it, at most three, and the rule) and its
/// rows (the lines right below it, up to a blank line); a line holding a
/// box-drawing vertical (`│`) or starting with a pipe (`| a | b |`) is a
/// row wherever it is. A row holds the lines indented deeper right after it
/// (its wrapped cells) and the blank lines after it. The head is a heading
/// whose section is its rows (`Sections`): kept only with a row.
///
/// Protected text is outside every unit, and so is any other code block: a
/// line that overlaps them ends the items open around it.
struct ItemLayout: Sendable {
    /// What a unit is.
    enum Kind: UInt8, Sendable {
        /// A list item: its first line and its continuation lines.
        case item
        /// A table row and its wrapped lines.
        case row
        /// A table's head: the lines above its rule, and the rule.
        case tableHead
    }

    /// A unit: a byte range and its kind, in 12 bytes.
    struct Unit: Sendable, Hashable {
        var start: UInt32
        var end: UInt32
        var kind: Kind
        var range: Range<Int> { Int(start)..<Int(end) }
        init(_ range: Range<Int>, _ kind: Kind) {
            start = UInt32(range.lowerBound)
            end = UInt32(range.upperBound)
            self.kind = kind
        }
    }

    /// The units, sorted and disjoint; each starts at a line's start and
    /// ends after a line feed (or at the end of the text).
    var units: [Unit] = []
    /// Lines read as headings because of the block under them (a title line
    /// over items or paragraphs indented deeper), each from its first byte
    /// to the end of its line feed, sorted.
    var headings: [Range<Int>] = []
    /// For each table head (by unit index), the end of its last row.
    var tables: [(head: Int, end: Int)] = []

    /// An item is at most this many bytes; a larger block is left as lines.
    static let maximumItemBytes = 32 << 10
    /// Items nest at most this deep while they are read (the outermost is kept).
    static let maximumDepth = 8

    /// No items.
    init() {}

    var isEmpty: Bool { units.isEmpty }

    /// The items and tables of `bytes`, outside `excluded` (protected
    /// text, sorted and disjoint). A code block indented under an item's
    /// first line (an example in an option's description) is part of the
    /// item; any other ends the items open around it. `holds(_:)` tells
    /// which code blocks items took in.
    ///
    /// - Complexity: O(n) in the bytes, two passes over the lines; memory
    ///   O(units).
    init(_ bytes: [UInt8], excluded: [Range<Int>], code: [Range<Int>] = []) {
        guard !bytes.isEmpty else { return }
        let found = ItemLayout.findItems(bytes, excluded: excluded, code: code)
        headings = found.headings
        let (rows, tables) = ItemLayout.findTables(bytes, excluded: normalizedRanges(excluded + code, within: bytes.count), items: found.items)
        // Merge the items and the table units, both sorted and disjoint.
        units.reserveCapacity(found.items.count + rows.count)
        var i = 0, j = 0
        var headIndex: [Int: Int] = [:]
        while i < found.items.count || j < rows.count {
            if j >= rows.count || (i < found.items.count && found.items[i].lowerBound < rows[j].range.lowerBound) {
                units.append(Unit(found.items[i], .item))
                i += 1
            } else {
                if rows[j].kind == .tableHead { headIndex[j] = units.count }
                units.append(rows[j])
                j += 1
            }
        }
        self.tables = tables.compactMap { table in headIndex[table.head].map { ($0, table.end) } }
    }

    /// The items whose first line names an option of `query` (`OptionNames`):
    /// the entries that define what a question asks about ("What does the
    /// -I option of rm do?" names `-I     prompt once before removing …`).
    /// The names counted are those before the first run of two spaces (the
    /// description may follow on the same line and name other options).
    func unitsNaming(optionsOf query: [UInt8], _ bytes: [UInt8]) -> [Range<Int>] {
        let asked = OptionNames.ranges(in: query).map { Array(query[$0]) }
        guard !asked.isEmpty, !units.isEmpty else { return [] }
        var named: [Range<Int>] = []
        bytes.withUnsafeBufferPointer { buffer in
            for unit in units where unit.kind == .item {
                let line = ItemLine(bytes, unit.range.lowerBound)
                var end = line.content.lowerBound
                while end < line.content.upperBound
                    && !(bytes[end] == UInt8(ascii: " ") && end + 1 < line.content.upperBound && bytes[end + 1] == UInt8(ascii: " ")) {
                    end += 1
                }
                let names = OptionNames.ranges(in: buffer, line.content.lowerBound..<end)
                if names.contains(where: { name in asked.contains { $0.elementsEqual(bytes[name]) } }) { named.append(unit.range) }
            }
        }
        return named
    }

    /// Whether a unit holds all of `range`.
    func holds(_ range: Range<Int>) -> Bool {
        let index = indexEnding(after: range.lowerBound, units.count) { units[$0].range }
        return index < units.count && units[index].range.lowerBound <= range.lowerBound && range.upperBound <= units[index].range.upperBound
    }

    /// The index of the unit that is exactly `range`, or nil.
    func index(ofUnit range: Range<Int>) -> Int? {
        guard !units.isEmpty else { return nil }
        let index = indexEnding(after: range.lowerBound, units.count) { units[$0].range }
        guard index < units.count, units[index].range == range else { return nil }
        return index
    }

    /// Whether `range` is a heading line (`headings`), its white space around it aside.
    func isHeading(_ range: Range<Int>) -> Bool {
        guard !headings.isEmpty else { return false }
        let index = indexEnding(after: range.lowerBound, headings.count) { headings[$0] }
        return index < headings.count && headings[index].lowerBound == range.lowerBound && headings[index].upperBound <= range.upperBound
    }

    /// The end of the rows of the table whose head is unit `index`, or nil.
    func tableEnd(head index: Int) -> Int? {
        // Heads are increasing.
        var low = 0, high = tables.count
        while low < high {
            let mid = (low + high) / 2
            if tables[mid].head < index { low = mid + 1 } else { high = mid }
        }
        return low < tables.count && tables[low].head == index ? tables[low].end : nil
    }

    /// The layout of a subset document: the units `map` holds whole.
    func toSubset(_ map: OffsetMap) -> ItemLayout {
        var subset = ItemLayout()
        var newIndex: [Int: Int] = [:]
        for (index, unit) in units.enumerated() {
            let mapped = map.toSubset([unit.range])
            guard mapped.count == 1, mapped[0].count == unit.range.count else { continue }
            newIndex[index] = subset.units.count
            subset.units.append(Unit(mapped[0], unit.kind))
        }
        for heading in headings {
            let mapped = map.toSubset([heading])
            if mapped.count == 1, mapped[0].count == heading.count { subset.headings.append(mapped[0]) }
        }
        for table in tables {
            guard let head = newIndex[table.head] else { continue }
            // The rows' end: the last unit of the table held whole (tables are disjoint: one walk in all).
            var end = subset.units[head].range.upperBound
            var index = table.head + 1
            while index < units.count && units[index].range.upperBound <= table.end {
                if let mapped = newIndex[index] { end = subset.units[mapped].range.upperBound }
                index += 1
            }
            subset.tables.append((head, end))
        }
        return subset
    }
}

extension ItemLayout {
    /// A candidate item while its block is read: its first line and what
    /// its block holds so far.
    private struct OpenItem {
        var start: Int
        var indent: Int
        var first: Range<Int>
        /// The indentation of its second line: the block's own.
        var base: Int
        /// Lines at `base` after a blank line.
        var paragraphs = 0
        /// Whether a line at `base` starts an item of its own.
        var nested = false
    }

    /// The items and heading lines of `bytes`, outside `excluded`, in one
    /// pass over the lines with a stack of open candidates; `code` blocks
    /// indented under an open candidate are part of it.
    static func findItems(_ bytes: [UInt8], excluded: [Range<Int>], code: [Range<Int>]) -> (items: [Range<Int>], headings: [Range<Int>]) {
        var items: [Range<Int>] = []
        var headings: [Range<Int>] = []
        var stack: [OpenItem] = []
        var lastEnd = 0
        /// Decides the candidate on top of the stack, which ends before `limit`.
        func close(upTo limit: Int) {
            let open = stack.removeLast()
            let end = min(CodeLayout.endOfBlankLines(bytes, after: lastEnd), limit)
            let marked = startsWithMarker(bytes, open.first)
            if !marked && (open.nested || open.paragraphs > 0) {
                if readsAsTitle(bytes, open.first) { headings.append(open.start..<lineEndOffset(bytes, open.first.upperBound)) }
                return
            }
            // A numbered line over a list of its own (a table of contents'
            // chapter over its sections): a heading, its entries items.
            if marked && startsWithNumber(bytes, open.first) {
                var inner = 0
                for item in items.reversed() {
                    guard item.lowerBound >= open.start else { break }
                    if startsWithMarker(bytes, ItemLine(bytes, item.lowerBound).content) { inner += 1 }
                }
                if inner >= 2 {
                    headings.append(open.start..<lineEndOffset(bytes, open.first.upperBound))
                    return
                }
            }
            guard end - open.start <= maximumItemBytes else { return }
            while let last = items.last, last.lowerBound >= open.start { items.removeLast() }
            while let last = headings.last, last.lowerBound >= open.start { headings.removeLast() }
            items.append(open.start..<end)
        }
        var skip = 0, block = 0
        var lineStart = 0
        var sawBlank = false
        /// The line before: blank, its indentation, whether it starts with a marker.
        var previous = (blank: true, indent: 0, marked: false)
        /// The indentation of the marked lines of the list being read (their
        /// continuation lines are deeper), or -1.
        var listIndent = -1
        let n = bytes.count
        var line = ItemLine(bytes, 0)
        while lineStart < n {
            while block < code.count && code[block].upperBound <= lineStart { block += 1 }
            if block < code.count && code[block].lowerBound < line.end {
                let range = code[block]
                // The block's least indented line.
                var least = Int.max, p = range.lowerBound
                while p < range.upperBound {
                    let blockLine = ItemLine(bytes, p)
                    if !blockLine.isBlank { least = min(least, blockLine.indent) }
                    p = blockLine.end
                }
                if let top = stack.last, least > top.indent, range.upperBound - top.start <= maximumItemBytes {
                    // Code under an item: part of it.
                    lastEnd = range.upperBound
                } else {
                    while !stack.isEmpty { close(upTo: range.lowerBound) }
                }
                previous = (true, 0, false)
                listIndent = -1
                sawBlank = false
                lineStart = max(range.upperBound, line.end)
                if lineStart < n { line = ItemLine(bytes, lineStart) }
                continue
            }
            while skip < excluded.count && excluded[skip].upperBound <= lineStart { skip += 1 }
            if skip < excluded.count && excluded[skip].lowerBound < line.end {
                while !stack.isEmpty { close(upTo: line.start) }
                lineStart = lineEndOffset(bytes, max(excluded[skip].upperBound, line.start + 1) - 1)
                line = ItemLine(bytes, lineStart)
                sawBlank = false
                previous = (true, 0, false)
                listIndent = -1
                continue
            }
            let next = line.end < n ? ItemLine(bytes, line.end) : nil
            defer {
                lineStart = line.end
                if let next { line = next }
            }
            if line.isBlank {
                sawBlank = true
                previous.blank = true
                continue
            }
            while let top = stack.last, top.indent >= line.indent { close(upTo: line.start) }
            if sawBlank, let top = stack.last, line.indent == top.base { stack[stack.count - 1].paragraphs += 1 }
            sawBlank = false
            let marked = startsWithMarker(bytes, line.content)
            // A line of its own, not the next line of a paragraph indented
            // alike (`       system.` over a deeper line, `       --debug to
            // diagnose`): after a blank line, a line indented otherwise or a
            // marked line; a bullet or a number always.
            let alone = previous.blank || previous.indent != line.indent || previous.marked
                || (marked && !startsWithOption(bytes, line.content))
            // The line its block starts with: the next one, or after blank
            // lines for a marked line of its own (`--preserve-status`, a blank
            // line, its description).
            var below = next
            if marked && alone, let first = next, first.isBlank {
                below = nil
                var p = first.end
                while p < n && p - first.start < 256 {
                    let candidate = ItemLine(bytes, p)
                    if !candidate.isBlank {
                        below = candidate
                        break
                    }
                    p = candidate.end
                }
            }
            if alone, let below, !below.isBlank, below.indent > line.indent, stack.count < maximumDepth,
               !(skip < excluded.count && excluded[skip].lowerBound < below.end),
               line.indent > 0 || marked {
                if let top = stack.last, line.indent == top.base { stack[stack.count - 1].nested = true }
                stack.append(OpenItem(start: line.start, indent: line.indent, first: line.content, base: below.indent))
            } else if marked && alone && (listIndent == line.indent || below.map { startsWithMarker(bytes, $0.content) && $0.indent == line.indent } == true) {
                // An item of one line in a list (`- eggs` over `- milk`,
                // `--help  Print help.` over `-V, --version`); a numbered
                // line alone (`1. Part one`) is a heading, an option in a
                // paragraph's line (`       --debug to diagnose`) neither.
                var end = CodeLayout.endOfBlankLines(bytes, after: line.end)
                if skip < excluded.count { end = min(end, max(line.end, excluded[skip].lowerBound)) }
                items.append(line.start..<end)
            }
            lastEnd = line.end
            previous = (false, line.indent, marked)
            if marked {
                listIndent = line.indent
            } else if line.indent <= listIndent {
                listIndent = -1
            }
        }
        while !stack.isEmpty { close(upTo: n) }
        return (items, headings)
    }

    /// The table units of `bytes` outside `excluded` and `items` (both
    /// sorted): heads and rows, in order, and each table's head (index into
    /// the returned units) with the end of its rows.
    static func findTables(_ bytes: [UInt8], excluded: [Range<Int>], items: [Range<Int>]) -> ([Unit], [(head: Int, end: Int)]) {
        var units: [Unit] = []
        var tables: [(head: Int, end: Int)] = []
        let n = bytes.count
        var skip = 0, item = 0
        /// The starts of the non-blank lines right above the current one
        /// (at most three, none inside a unit), oldest first.
        var above: [Int] = []
        var inTable = false
        var lineStart = 0
        /// `end` and the blank lines after it, short of protected text.
        func withBlankLines(_ end: Int) -> Int {
            let blank = CodeLayout.endOfBlankLines(bytes, after: end)
            guard skip < excluded.count else { return blank }
            return max(end, min(blank, excluded[skip].lowerBound))
        }
        while lineStart < n {
            let line = ItemLine(bytes, lineStart)
            while skip < excluded.count && excluded[skip].upperBound <= lineStart { skip += 1 }
            while item < items.count && items[item].upperBound <= lineStart { item += 1 }
            let inItem = item < items.count && items[item].lowerBound <= lineStart
            if skip < excluded.count && excluded[skip].lowerBound < line.end {
                above.removeAll()
                if inTable, let last = tables.last { tables[tables.count - 1].end = max(last.end, lineStart) }
                inTable = false
                lineStart = lineEndOffset(bytes, max(excluded[skip].upperBound, line.start + 1) - 1)
                continue
            }
            if line.isBlank {
                above.removeAll()
                inTable = false
                lineStart = line.end
                continue
            }
            if inItem {
                // A row that is an item (a row with wrapped cells) goes on the table.
                if inTable { tables[tables.count - 1].end = items[item].upperBound }
                above.removeAll()
                lineStart = items[item].upperBound
                if lineStart > 0 && lineStart <= n && endsWithBlankLine(bytes, items[item]) { inTable = false }
                continue
            }
            // A row: the line and the lines indented deeper right after it,
            // and the blank lines after them (as a paragraph holds them).
            func rowEnd() -> Int {
                var end = line.end
                while end < n {
                    let next = ItemLine(bytes, end)
                    guard !next.isBlank, next.indent > line.indent,
                          !(skip < excluded.count && excluded[skip].lowerBound < next.end),
                          !(item < items.count && items[item].lowerBound < next.end) else { break }
                    end = next.end
                }
                return end
            }
            if isTableRule(bytes, line.content) && !inTable {
                var start = above.first ?? line.start
                // A header read as a row (`Suffix │ File type`) right above joins the head.
                if above.isEmpty, let last = units.last, last.kind == .row, last.range.upperBound == line.start,
                   (tables.last?.end ?? -1) < last.range.upperBound {
                    start = last.range.lowerBound
                }
                // Rows must follow: the next line is not blank.
                let next = line.end < n ? ItemLine(bytes, line.end) : nil
                if let next, !next.isBlank, !(skip < excluded.count && excluded[skip].lowerBound < next.end) {
                    // The head's lines above may have been read as rows (`│` lines): they join the head.
                    while let last = units.last, last.range.lowerBound >= start { units.removeLast() }
                    tables.append((units.count, line.end))
                    units.append(Unit(start..<line.end, .tableHead))
                    inTable = true
                    above.removeAll()
                    lineStart = line.end
                    continue
                }
            }
            if inTable || isBoxRow(bytes, line.content) {
                let last = rowEnd()
                let end = withBlankLines(last)
                units.append(Unit(line.start..<end, .row))
                if inTable { tables[tables.count - 1].end = end }
                above.removeAll()
                // A blank line after the row ends the table.
                if end > last { inTable = false }
                lineStart = end
                continue
            }
            above.append(line.start)
            if above.count > 3 { above.removeFirst() }
            lineStart = line.end
        }
        return (units, tables)
    }

    /// Whether `range` (an item) ends with a blank line.
    static func endsWithBlankLine(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        var p = range.upperBound
        var breaks = 0
        while p > range.lowerBound {
            let b = bytes[p - 1]
            if b == UInt8(ascii: "\n") {
                breaks += 1
                if breaks == 2 { return true }
            } else if b != UInt8(ascii: " ") && b != UInt8(ascii: "\t") && b != UInt8(ascii: "\r") {
                return false
            }
            p -= 1
        }
        return false
    }

    /// Whether the line `content` starts with a bullet, a number or an
    /// option: `- `, `* `, `+ `, `• `, `◦ `, `‣ `, `– `, `· `, `1. `,
    /// `12) `, `(3) `, `a. `, `(b) `, or `-l`, `--all`, `-0`, `+FORMAT`.
    static func startsWithMarker(_ bytes: [UInt8], _ content: Range<Int>) -> Bool {
        guard !content.isEmpty else { return false }
        let s = content.lowerBound, e = content.upperBound
        func at(_ i: Int) -> UInt8? { i < e ? bytes[i] : nil }
        func isAlnum(_ b: UInt8?) -> Bool {
            guard let b else { return false }
            return isASCIILetter(b) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
        }
        func isSpace(_ b: UInt8?) -> Bool { b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }
        let first = bytes[s]
        // Options and ASCII bullets.
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            if isSpace(at(s + 1)) { return true }
            if isAlnum(at(s + 1)) { return true }
            if first == UInt8(ascii: "-") && at(s + 1) == UInt8(ascii: "-") && isAlnum(at(s + 2)) { return true }
            return false
        }
        if first == UInt8(ascii: "*") { return isSpace(at(s + 1)) }
        // Bullets of two and three bytes.
        if first == 0xC2 && at(s + 1) == 0xB7 { return isSpace(at(s + 2)) }
        if first == 0xE2 {
            let b1 = at(s + 1), b2 = at(s + 2)
            let bullet = (b1 == 0x80 && (b2 == 0xA2 || b2 == 0xA3 || b2 == 0x93)) || (b1 == 0x97 && b2 == 0xA6)
            return bullet && isSpace(at(s + 3))
        }
        // Numbers: `1.`, `12)`, `(3)`, `a.`, `(b)`, `3.2.`, `1.4.7`, then a space.
        if startsWithNumber(bytes, content) { return true }
        var i = s
        let parenthesized = first == UInt8(ascii: "(")
        if parenthesized { i += 1 }
        var digits = 0
        while let b = at(i), b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"), digits < 3 {
            digits += 1
            i += 1
        }
        if digits == 0, let b = at(i), b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") { i += 1; digits = 1 }
        guard digits > 0, let close = at(i) else { return false }
        let closes = parenthesized ? close == UInt8(ascii: ")") : (close == UInt8(ascii: ".") || close == UInt8(ascii: ")"))
        return closes && isSpace(at(i + 1))
    }

    /// Whether the line `content` starts with an option: `-l`, `--all`, `+FORMAT`.
    /// Whether a line starts with a section number and a space: `2. `,
    /// `3.2. `, `12) `, `1.4.7 ` (two dots or more need no final one; a
    /// decimal, `3.14 `, is no number of a section).
    static func startsWithNumber(_ bytes: [UInt8], _ content: Range<Int>) -> Bool {
        var i = content.lowerBound
        var dots = 0, digits = 0, last: UInt8 = 0
        while i < content.upperBound, i - content.lowerBound < 16 {
            let b = bytes[i]
            if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
                digits += 1
            } else if b == UInt8(ascii: ".") && last != UInt8(ascii: ".") && digits > 0 {
                dots += 1
            } else {
                break
            }
            last = b
            i += 1
        }
        guard digits > 0, i < content.upperBound else { return false }
        if bytes[i] == UInt8(ascii: ")") && dots == 0 {
            return i + 1 < content.upperBound && bytes[i + 1] == UInt8(ascii: " ")
        }
        return bytes[i] == UInt8(ascii: " ") && (last == UInt8(ascii: ".") || dots >= 2)
    }

    static func startsWithOption(_ bytes: [UInt8], _ content: Range<Int>) -> Bool {
        guard content.count >= 2 else { return false }
        let first = bytes[content.lowerBound], second = bytes[content.lowerBound + 1]
        return (first == UInt8(ascii: "-") || first == UInt8(ascii: "+")) && second != UInt8(ascii: " ") && second != UInt8(ascii: "\t")
    }

    /// Whether the line `content` reads as a title: at most 100 bytes and
    /// 16 words (man pages' subsection titles are long: `Interruption of
    /// system calls and library functions by signal handlers`), starting
    /// with a capital, a digit or a non-ASCII letter, without final punctuation.
    static func readsAsTitle(_ bytes: [UInt8], _ content: Range<Int>) -> Bool {
        guard !content.isEmpty, content.count <= 100 else { return false }
        let first = bytes[content.lowerBound], last = bytes[content.upperBound - 1]
        guard (first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z")) || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
            || first >= 0xC0 else { return false }
        guard !".!?;,:".utf8.contains(last) else { return false }
        var words = 1
        for i in content where bytes[i] == UInt8(ascii: " ") && i > content.lowerBound && bytes[i - 1] != UInt8(ascii: " ") { words += 1 }
        return words <= 16
    }

    /// Whether the line `content` is a table rule: at least three marks
    /// (`-`, `=`, `+`, `|`, `:`, `_`, `~`, box drawing) and only marks and spaces.
    static func isTableRule(_ bytes: [UInt8], _ content: Range<Int>) -> Bool {
        guard content.count >= 3 else { return false }
        var marks = 0
        var i = content.lowerBound
        while i < content.upperBound {
            let b = bytes[i]
            if b == 0xE2 && i + 2 < content.upperBound && (0x94...0x95).contains(bytes[i + 1]) {
                marks += 1
                i += 3
                continue
            }
            if "-=+|:_~".utf8.contains(b) {
                marks += 1
            } else if b != UInt8(ascii: " ") && b != UInt8(ascii: "\t") {
                return false
            }
            i += 1
        }
        return marks >= 3
    }

    /// Whether the line `content` is a row wherever it is: it holds a
    /// box-drawing vertical (`│`, `┃`, `║`) or starts with a pipe and ends with one.
    static func isBoxRow(_ bytes: [UInt8], _ content: Range<Int>) -> Bool {
        guard content.count >= 2 else { return false }
        if bytes[content.lowerBound] == UInt8(ascii: "|") && bytes[content.upperBound - 1] == UInt8(ascii: "|") { return true }
        var i = content.lowerBound
        while i + 2 < content.upperBound {
            if bytes[i] == 0xE2 {
                let b1 = bytes[i + 1], b2 = bytes[i + 2]
                if (b1 == 0x94 && (b2 == 0x82 || b2 == 0x83)) || (b1 == 0x95 && b2 == 0x91) { return true }
            }
            i += 1
        }
        return false
    }

    /// One past the line feed that ends the line holding `offset` (or the end of the text).
    static func lineEndOffset(_ bytes: [UInt8], _ offset: Int) -> Int {
        let n = bytes.count
        guard offset < n else { return n }
        return bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, let found = memchr(base + offset, Int32(UInt8(ascii: "\n")), n - offset) else { return n }
            return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found)) + 1
        }
    }
}

/// The index of the first of `count` items (sorted by their disjoint
/// ranges, read through `range`) whose range ends after `offset`.
func indexEnding(after offset: Int, _ count: Int, _ range: (Int) -> Range<Int>) -> Int {
    var low = 0, high = count
    while low < high {
        let mid = (low + high) / 2
        if range(mid).upperBound <= offset { low = mid + 1 } else { high = mid }
    }
    return low
}
