/// The display widths of a paragraph's lines, their column gaps and where
/// the fields after those gaps start, for telling hard-wrapped prose from
/// records and table rows (`unwrappedParagraph`).
///
/// A line's width counts characters (UTF-8 lead bytes), a tab as far as
/// the next multiple of 8. A column gap is a tab or two or more spaces
/// between two words of a line, not after `.`, `!`, `?` or `:` and the
/// quotes or brackets that close there (two spaces after a sentence are a
/// typing habit); the column where the word after it starts is a field
/// start.
///
/// A line with a gap joins the next one only when it is full and not a
/// row: full when the next line's first word and a space would have taken
/// it past the width of the lines within `window` of it (the second widest,
/// so that one long line does not set it), less an eighth, as greedy
/// wrapping breaks a line; a row when the next line has a field starting in
/// the same column, unless both are as wide as the widest line around them
/// (justified text, whose gaps are padding, fills every line to that width).
struct LineWidths {
    /// Lines before and after a line whose widths set its width.
    static let window = 3

    private var widths: [Int] = []
    private var gaps: [Bool] = []
    /// Each line's field starts, at most `maximumFields`, in `fieldStarts`.
    private var fieldStarts: [Int32] = []
    private var fieldEnds: [Int] = []
    static let maximumFields = 8

    init(_ bytes: [UInt8]) {
        var width = 0, seenText = false, gap = false, run = 0, afterEnd = false, fields = 0
        func endLine() {
            widths.append(width)
            gaps.append(gap)
            fieldEnds.append(fieldStarts.count)
            width = 0
            seenText = false
            gap = false
            run = 0
            afterEnd = false
            fields = 0
        }
        for b in bytes {
            switch b {
            case UInt8(ascii: "\n"):
                endLine()
            case UInt8(ascii: "\t"):
                width = (width / 8 + 1) * 8
                run += 2
            case UInt8(ascii: " "):
                width += 1
                run += 1
            case UInt8(ascii: "\r"):
                break
            default:
                if seenText && run >= 2 && !afterEnd {
                    gap = true
                    if fields < Self.maximumFields {
                        fieldStarts.append(Int32(clamping: width))
                        fields += 1
                    }
                }
                run = 0
                seenText = true
                // A sentence's end, and the closing quotes or brackets after it.
                afterEnd = b == UInt8(ascii: ".") || b == UInt8(ascii: "!") || b == UInt8(ascii: "?") || b == UInt8(ascii: ":")
                    || (afterEnd && (b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") || b == UInt8(ascii: ")")
                        || b == UInt8(ascii: "]") || b >= 0x80))
                if b & 0xC0 != 0x80 { width += 1 }
            }
        }
        endLine()
    }

    /// Whether the line break after `line` may be joined as far as the
    /// widths and gaps tell; `nextWordStart` is where the next line's first
    /// word starts in `bytes`.
    func allowsJoin(after line: Int, nextWordStart start: Int, in bytes: [UInt8]) -> Bool {
        guard line + 1 < widths.count, gaps[line] else { return true }
        var word = 0, p = start
        while p < bytes.count && bytes[p] > 0x20 {
            if bytes[p] & 0xC0 != 0x80 { word += 1 }
            p += 1
        }
        var widest = 0, second = 0
        for index in max(0, line - Self.window)...min(widths.count - 1, line + Self.window) {
            let w = widths[index]
            if w > widest {
                second = widest
                widest = w
            } else if w > second {
                second = w
            }
        }
        let width = second
        guard widths[line] + 1 + word > width - max(2, width / 8) else { return false }
        if gaps[line + 1] && !(widths[line] == widest && widths[line + 1] == widest) {
            let mine = fieldStarts[(line == 0 ? 0 : fieldEnds[line - 1])..<fieldEnds[line]]
            let next = fieldStarts[fieldEnds[line]..<fieldEnds[line + 1]]
            if mine.contains(where: { next.contains($0) }) { return false }
        }
        return true
    }
}
