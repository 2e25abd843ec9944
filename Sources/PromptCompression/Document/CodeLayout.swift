

/// The code blocks of a prompt, cut into the units the budget keeps or
/// drops whole: top-level declarations, and the lines that frame them.
///
///     ```swift                         opener   (depth 0)
///     import Foundation                member   (depth 1)
///
///     /// A point.                     opener   (depth 1)   a large type is
///     struct Point {                                         opened, split
///         var x = 0                    member   (depth 2)    into members,
///         func norm() -> Double { … }  member   (depth 2)    and closed
///     }                                closer   (depth 1)
///
///     func main() { … }                member   (depth 1)
///     ```                              closer   (depth 0)
///
/// A block is fenced (its fences are its opener and closer) or found by
/// its lines (`CodeLayout+Detection.swift`). Inside it, a declaration
/// starts at a line of the block's smallest indentation that follows a
/// blank line, an indented line or a closing bracket; comments and
/// attributes right above it belong to it, and so do the blank lines after
/// it. A declaration over `nestingThreshold` bytes whose body is indented
/// between a header line (ending with `{`, or with `:` in Python) and a
/// closing line is cut again: its header opens a frame, its body's
/// declarations are members, its closing line closes it. A header that
/// declares a type frames any body; another (`if …:`, `extern "C" {`, a
/// wrapping call) only a body whose members all declare functions or types.
///
/// The units of a block tile it, in order. Each is atomic (no pass cuts
/// into it), so code loses whole declarations or nothing; an opener or a
/// closer is kept exactly when a member of its frame is (`Sections`).
struct CodeLayout: Sendable {
    /// What a unit is in its frame.
    enum Role: UInt8, Sendable {
        /// A fence or a declaration's header: kept with any member of its frame.
        case opener
        /// A declaration (or a run of lines) kept or dropped on its own.
        case member
        /// A closing fence or bracket line: kept with its opener.
        case closer
    }

    /// A unit of a code block.
    struct Unit: Sendable, Hashable {
        var range: Range<Int>
        var role: Role
        /// The frame depth: 0 for a block's fences, one more inside each frame.
        var depth: Int
    }

    /// The blocks, sorted and disjoint, each from the start of its first
    /// line to the end of its last line and the blank lines after it.
    var blocks: [Range<Int>] = []
    /// The units of every block in order; they tile the blocks.
    var units: [Unit] = []
    /// The index of each block's first unit; one more entry closes the last block.
    var firstUnit: [Int] = [0]

    /// Declarations larger than this many bytes with an indented body are
    /// cut into their members.
    static let nestingThreshold = 480
    /// Frames nest at most this deep.
    static let maximumDepth = 4

    /// No code.
    init() {}

    /// The code of `bytes`: the fenced blocks (`fenced`: the ranges of the
    /// fenced-code spans, from an opening fence to its closing fence or the
    /// end of the text), and, with `detect`, blocks found by their lines
    /// outside them and outside `excluded` (ranges already protected).
    ///
    /// - Complexity: O(n) in the bytes of the blocks' lines, plus O(n) for detection.
    init(_ bytes: [UInt8], fenced: [Range<Int>], detect: Bool, excluded: [Range<Int>] = []) {
        var found: [(range: Range<Int>, fenced: Bool)] = fenced.map { ($0, true) }
        if detect {
            found += CodeLayout.detectedBlocks(bytes, outside: normalizedRanges(fenced + excluded, within: bytes.count)).map { ($0, false) }
        }
        found.sort { $0.range.lowerBound < $1.range.lowerBound }
        var end = 0
        for (range, isFenced) in found where range.lowerBound >= end && !range.isEmpty {
            // From the start of the first line to the end of the last, and
            // the blank lines after it.
            var start = range.lowerBound
            while start > 0 && bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
            guard start >= end else { continue }
            let block = start..<CodeLayout.endOfBlankLines(bytes, after: range.upperBound)
            let lines = CodeLines(bytes, block)
            blocks.append(block)
            if isFenced {
                addFenced(lines, first: 0, last: lines.count - 1)
            } else {
                addDeclarations(lines, 0..<lines.count, depth: 0)
            }
            firstUnit.append(units.count)
            end = block.upperBound
        }
    }

    /// Blocks and units given as they are (the layout of a subset document).
    init(blocks: [Range<Int>], units: [Unit], firstUnit: [Int]) {
        self.blocks = blocks
        self.units = units
        self.firstUnit = firstUnit
    }

    var isEmpty: Bool { blocks.isEmpty }

    /// Removes the blocks for which `shouldRemove` is true, with their units.
    mutating func removeBlocks(where shouldRemove: (Range<Int>) -> Bool) {
        var kept = CodeLayout()
        for (index, block) in blocks.enumerated() {
            let units = self.units[firstUnit[index]..<firstUnit[index + 1]]
            if shouldRemove(block) { continue }
            kept.blocks.append(block)
            kept.units += units
            kept.firstUnit.append(kept.units.count)
        }
        self = kept
    }

    /// The units of the block that is exactly `range`, or nil.
    func units(ofBlock range: Range<Int>) -> ArraySlice<Unit>? {
        guard !blocks.isEmpty else { return nil }
        let index = firstIndexEnding(of: blocks, endingAfter: range.lowerBound) { $0 }
        guard index < blocks.count, blocks[index] == range else { return nil }
        return units[firstUnit[index]..<firstUnit[index + 1]]
    }

    /// Whether `range` holds part, but not all, of a unit.
    func cutsUnit(_ range: Range<Int>) -> Bool {
        guard !units.isEmpty else { return false }
        var index = firstIndexEnding(of: units, endingAfter: range.lowerBound, \.range)
        while index < units.count && units[index].range.lowerBound < range.upperBound {
            if units[index].range.lowerBound < range.lowerBound || units[index].range.upperBound > range.upperBound { return true }
            index += 1
        }
        return false
    }

    /// Whether `range` overlaps an opener or a closer: a fence or a frame
    /// line, which goes only with its frame's members.
    func overlapsFrame(_ range: Range<Int>) -> Bool {
        guard !units.isEmpty else { return false }
        var index = firstIndexEnding(of: units, endingAfter: range.lowerBound, \.range)
        while index < units.count && units[index].range.lowerBound < range.upperBound {
            if units[index].role != .member { return true }
            index += 1
        }
        return false
    }

    /// The layout of a subset document: the blocks `map` holds whole, with their units.
    func toSubset(_ map: OffsetMap) -> CodeLayout {
        var subset = CodeLayout()
        for (index, block) in blocks.enumerated() {
            let mapped = map.toSubset([block])
            guard mapped.count == 1, mapped[0].count == block.count else { continue }
            let shift = mapped[0].lowerBound - block.lowerBound
            subset.blocks.append(mapped[0])
            for unit in units[firstUnit[index]..<firstUnit[index + 1]] {
                subset.units.append(Unit(range: (unit.range.lowerBound + shift)..<(unit.range.upperBound + shift),
                                         role: unit.role, depth: unit.depth))
            }
            subset.firstUnit.append(subset.units.count)
        }
        return subset
    }

    /// The end of the line holding `offset - 1` (after its line feed) and
    /// of the blank lines that follow it.
    static func endOfBlankLines(_ bytes: [UInt8], after offset: Int) -> Int {
        var end = offset
        while end < bytes.count && end > 0 && bytes[end - 1] != UInt8(ascii: "\n") { end += 1 }
        var next = end
        while next < bytes.count {
            var p = next
            while p < bytes.count && (bytes[p] == UInt8(ascii: " ") || bytes[p] == UInt8(ascii: "\t") || bytes[p] == UInt8(ascii: "\r")) { p += 1 }
            if p == bytes.count { return p }
            guard bytes[p] == UInt8(ascii: "\n") else { break }
            next = p + 1
        }
        return next
    }

    /// The units of a fenced block of lines `first...last`: the opening
    /// fence, the declarations, the closing fence and blank lines after it.
    private mutating func addFenced(_ lines: CodeLines, first: Int, last: Int) {
        var closing = last
        while closing > first && lines.isBlank(closing) { closing -= 1 }
        let closed = closing > first && lines.isFence(closing)
        let bodyEnd = closed ? closing : last + 1
        var openerEnd = first + 1
        if !(first + 1..<bodyEnd).contains(where: { !lines.isBlank($0) }) { openerEnd = bodyEnd }
        units.append(Unit(range: lines.start(first)..<lines.end(openerEnd - 1), role: .opener, depth: 0))
        if openerEnd < bodyEnd { addDeclarations(lines, openerEnd..<bodyEnd, depth: 1) }
        if closed {
            units.append(Unit(range: lines.start(closing)..<lines.end(last), role: .closer, depth: 0))
        }
    }

    /// Cuts the lines `range` (at least one not blank) into declarations,
    /// each a member or, when large with an indented body, a frame.
    private mutating func addDeclarations(_ lines: CodeLines, _ range: Range<Int>, depth: Int) {
        let starts = CodeLayout.declarationStarts(lines, range)
        for (k, start) in starts.enumerated() {
            let first = k == 0 ? range.lowerBound : start
            let end = k + 1 < starts.count ? starts[k + 1] : range.upperBound
            if depth < CodeLayout.maximumDepth,
               lines.end(end - 1) - lines.start(first) > CodeLayout.nestingThreshold,
               let frame = CodeLayout.frame(lines, first..<end, header: start) {
                units.append(Unit(range: lines.start(first)..<lines.end(frame.header), role: .opener, depth: depth))
                addDeclarations(lines, (frame.header + 1)..<frame.bodyEnd, depth: depth + 1)
                if frame.bodyEnd < end {
                    units.append(Unit(range: lines.start(frame.bodyEnd)..<lines.end(end - 1), role: .closer, depth: depth))
                }
            } else {
                units.append(Unit(range: lines.start(first)..<lines.end(end - 1), role: .member, depth: depth))
            }
        }
    }

    /// The lines of `range` that start a declaration (at least one: the
    /// first line that is not blank when no other does).
    static func declarationStarts(_ lines: CodeLines, _ range: Range<Int>) -> [Int] {
        var base = Int.max
        for index in range where !lines.isBlank(index) { base = min(base, lines.indent(index)) }
        var starts: [Int] = []
        var previous = -1  // the last line that is not blank
        var blankBefore = false
        for index in range {
            if lines.isBlank(index) {
                blankBefore = true
                continue
            }
            defer {
                previous = index
                blankBefore = false
            }
            guard lines.indent(index) == base, !lines.isClosing(index), !lines.isConditional(index), !lines.continuesStatement(index) else { continue }
            if previous < 0 || blankBefore || lines.indent(previous) > base || lines.isClosing(previous) {
                starts.append(index)
            }
        }
        if starts.isEmpty, let first = range.first(where: { !lines.isBlank($0) }) { starts = [first] }
        return starts
    }

    /// The frame of a large declaration `range` whose first code line is
    /// `header` or after it: the header line (ending with `{`, or a Python
    /// header ending with `:`), and where its body ends (the closing
    /// bracket line at the header's indentation, or the end of the range).
    /// Nil unless the body holds at least two declarations.
    static func frame(_ lines: CodeLines, _ range: Range<Int>, header start: Int) -> (header: Int, bodyEnd: Int)? {
        let base = lines.indent(start)
        // The header: the first line from `start` that opens a body (a long
        // signature may take several lines).
        var header = start
        while header < range.upperBound {
            if !lines.isBlank(header) && lines.opensBody(header) { break }
            if header > start && !lines.isBlank(header) && lines.indent(header) == base && !lines.isClosing(header)
                && !lines.isCommentOrAttribute(header - 1) { return nil }
            header += 1
        }
        guard header < range.upperBound, !lines.isConditional(header) else { return nil }
        let declaresType = lines.declaresType(header)
        var last = range.upperBound - 1
        while last > header && lines.isBlank(last) { last -= 1 }
        let braced = lines.lastByte(header) == UInt8(ascii: "{")
        let bodyEnd: Int
        if braced {
            guard last > header, lines.isClosing(last), lines.indent(last) == base else { return nil }
            bodyEnd = last
        } else {
            bodyEnd = range.upperBound
        }
        // The body is indented deeper than the header.
        var members = 0
        for index in (header + 1)..<bodyEnd where !lines.isBlank(index) {
            guard lines.indent(index) > base else { return nil }
        }
        if header + 1 < bodyEnd, (header + 1..<bodyEnd).contains(where: { !lines.isBlank($0) }) {
            let starts = declarationStarts(lines, (header + 1)..<bodyEnd)
            // Any other header (`if …:`, `extern "C" {`, a wrapping call)
            // frames a body of declarations only: a body of statements stays whole.
            if !declaresType {
                for (k, start) in starts.enumerated() {
                    var code = start
                    let next = k + 1 < starts.count ? starts[k + 1] : bodyEnd
                    while code < next && (lines.isBlank(code) || lines.isCommentOrAttribute(code)) { code += 1 }
                    guard code < next, lines.startsDeclaration(code) else { return nil }
                }
            }
            members = starts.count
        }
        return members >= 2 ? (header, bodyEnd) : nil
    }
}

/// The index of the first of `items` (sorted by their disjoint ranges)
/// whose range ends after `offset`.
private func firstIndexEnding<Item>(of items: [Item], endingAfter offset: Int, _ range: (Item) -> Range<Int>) -> Int {
    var low = 0, high = items.count
    while low < high {
        let mid = (low + high) / 2
        if range(items[mid]).upperBound <= offset { low = mid + 1 } else { high = mid }
    }
    return low
}
