/// Drops white space that carries no meaning: spaces and tabs at the end of
/// a line, all but one of a run of spaces or tabs inside a line, and blank
/// lines beyond the first. Leading indentation, protected text (code
/// blocks) and the padding of aligned columns (runs inside two or more
/// neighbouring lines: tables, option lists) are left alone. Lossless.
public struct WhitespaceNormalization: CompressionPass {
    public let name = "normalize"
    public let isLossless = true

    public init() {}

    public func apply(to document: inout PromptDocument, context: PassContext) throws(CompressionError) {
        let bytes = document.bytes
        let n = bytes.count
        func isBlank(_ b: UInt8) -> Bool { b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }
        func isBreak(_ b: UInt8) -> Bool { b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") }
        let aligned = alignedLines(bytes)
        var nextAligned = 0
        /// Whether `line` is aligned; lines are asked in increasing order.
        func isAligned(_ line: Int) -> Bool {
            while nextAligned < aligned.count && aligned[nextAligned] < line { nextAligned += 1 }
            return nextAligned < aligned.count && aligned[nextAligned] == line
        }
        var line = 0
        var i = 0
        var lineStart = true
        while i < n {
            let b = bytes[i]
            if b == UInt8(ascii: "\n") {
                line += 1
                // Blank lines after this break: keep one, drop the others.
                var j = i + 1, breaks = 0, lastBreakEnd = i + 1, secondBreakEnd = -1
                while j < n && (isBlank(bytes[j]) || isBreak(bytes[j])) {
                    if bytes[j] == UInt8(ascii: "\n") {
                        breaks += 1
                        lastBreakEnd = j + 1
                        if breaks == 1 { secondBreakEnd = j + 1 }
                    }
                    j += 1
                }
                if breaks >= 2 {
                    // The kept blank line loses its spaces too.
                    var blankStart = i + 1
                    while blankStart < secondBreakEnd - 1 && !isBlank(bytes[blankStart]) { blankStart += 1 }
                    var blankEnd = blankStart
                    while blankEnd < secondBreakEnd - 1 && isBlank(bytes[blankEnd]) { blankEnd += 1 }
                    if blankEnd > blankStart {
                        document.drop(blankStart..<blankEnd, reason: .init(pass: name, detail: "trailing white space"))
                    }
                    document.drop(secondBreakEnd..<lastBreakEnd, reason: .init(pass: name, detail: "\(breaks - 1) extra blank lines"))
                    i = lastBreakEnd
                    line += breaks
                } else {
                    i += 1
                }
                lineStart = true
                continue
            }
            if isBlank(b) {
                var j = i
                while j < n && isBlank(bytes[j]) { j += 1 }
                let atEnd = j == n || isBreak(bytes[j])
                if atEnd {
                    document.drop(i..<j, reason: .init(pass: name, detail: "trailing white space"))
                } else if !lineStart && j - i > 1 && !isAligned(line) {
                    document.drop((i + 1)..<j, reason: .init(pass: name, detail: "run of \(j - i) spaces"))
                }
                i = j
                continue
            }
            lineStart = false
            i += 1
        }
    }
}

/// The lines (split at line feeds, numbered from 0) that are part of an
/// aligned block, in increasing order: a line that holds a run of two or
/// more spaces or a tab between words, not after a sentence's end (`.  Next`
/// is a sentence gap), when so does a neighbouring line, or a neighbouring
/// line is a table rule (`|---|---|`, `+-----+`, box drawing).
///
/// Only lines with a run or a rule are recorded: a flag a line cost three
/// bytes a line, three times the input on 10 MB of line breaks.
///
/// - Complexity: O(n) in the bytes; memory O(lines with a run or a rule).
func alignedLines(_ bytes: [UInt8]) -> [Int] {
    // (line, has a run, is a rule) of the lines with either.
    var marked: [(line: Int, hasRun: Bool, isRule: Bool)] = []
    var lineNumber = 0
    var current = false, seenText = false, rule = true, ruleMarks = 0
    var i = 0
    let n = bytes.count
    func endLine() {
        let isRule = rule && ruleMarks >= 3
        if current || isRule { marked.append((lineNumber, current, isRule)) }
        lineNumber += 1
        current = false
        seenText = false
        rule = true
        ruleMarks = 0
    }
    while i < n {
        let b = bytes[i]
        if b == UInt8(ascii: "\n") {
            endLine()
            i += 1
            continue
        }
        if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") {
            var j = i
            while j < n && (bytes[j] == UInt8(ascii: " ") || bytes[j] == UInt8(ascii: "\t")) { j += 1 }
            let inner = seenText && j < n && bytes[j] != UInt8(ascii: "\n") && bytes[j] != UInt8(ascii: "\r")
            let before = i > 0 ? bytes[i - 1] : 0
            let gap = before == UInt8(ascii: ".") || before == UInt8(ascii: "!") || before == UInt8(ascii: "?")
            if inner && !gap && (j - i > 1 || b == UInt8(ascii: "\t")) { current = true }
            i = max(j, i + 1)
            continue
        }
        seenText = true
        if b == 0xE2 && i + 2 < n && (0x94...0x96).contains(bytes[i + 1]) {
            ruleMarks += 1  // box drawing
            i += 3
            continue
        }
        // Once a line is no rule, its marks no longer matter.
        if rule {
            if isRuleMark(b) { ruleMarks += 1 } else { rule = false }
        }
        i += 1
    }
    endLine()
    var aligned: [Int] = []
    for (index, entry) in marked.enumerated() where entry.hasRun {
        // A marked neighbour line is the entry before or after.
        if (index > 0 && marked[index - 1].line == entry.line - 1)
            || (index + 1 < marked.count && marked[index + 1].line == entry.line + 1) {
            aligned.append(entry.line)
        }
    }
    return aligned
}

/// Whether a byte is one of the marks a table rule is drawn with: `-=+|:*_~`.
@inline(__always)
func isRuleMark(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "-"), UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "|"), UInt8(ascii: ":"), UInt8(ascii: "*"),
         UInt8(ascii: "_"), UInt8(ascii: "~"):
        true
    default:
        false
    }
}
