/// Drops white space that carries no meaning: spaces and tabs at the end of
/// a line, all but one of a run of spaces or tabs inside a line, and blank
/// lines beyond the first. Leading indentation and protected text (code
/// blocks) are left alone. Lossless.
public struct WhitespaceNormalization: CompressionPass {
    public let name = "normalize"
    public let isLossless = true

    public init() {}

    public func apply(to document: inout PromptDocument, context: PassContext) throws(CompressionError) {
        let bytes = document.bytes
        let n = bytes.count
        func isBlank(_ b: UInt8) -> Bool { b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }
        func isBreak(_ b: UInt8) -> Bool { b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") }
        var i = 0
        var lineStart = true
        while i < n {
            let b = bytes[i]
            if b == UInt8(ascii: "\n") {
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
                } else if !lineStart && j - i > 1 {
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
