#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CodeLayout {
    /// How much a line reads as code.
    enum Evidence: Int {
        case none, weak, strong
    }

    /// Lines of code not fenced: runs of lines that read as code, found
    /// in one pass over the lines outside `outside` (sorted, disjoint).
    ///
    /// A line has strong evidence when it ends with `{` or `;`, closes a
    /// bracket, is a comment, an attribute, a directive, an import or a
    /// Python header, or starts with a keyword (`func`, `def`, `return`, …)
    /// and holds code punctuation; weak evidence when it holds an
    /// assignment, an operator or a call. A run starts at a line with
    /// evidence and goes on over lines with evidence, lines indented deeper
    /// than its least indented line so far, and at most two blank lines in
    /// a row; comment lines (`# …`) and the lines of triple-quoted strings
    /// neither start, end nor break a run. It is code when it holds at
    /// least three lines that are not blank, two with strong evidence, and
    /// 60 % with evidence; it ends at its last line with evidence (or a
    /// comment or string line inside a body).
    ///
    /// - Complexity: O(n), no storage a line.
    static func detectedBlocks(_ bytes: [UInt8], outside: [Range<Int>]) -> [Range<Int>] {
        var blocks: [Range<Int>] = []
        var run: (start: Int, end: Int, base: Int, lines: Int, strong: Int, evidence: Int, blanks: Int)? = nil
        func close() {
            if let r = run, r.lines >= 3, r.strong >= 2, r.evidence * 10 >= r.lines * 6 { blocks.append(r.start..<r.end) }
            run = nil
        }
        var skip = 0
        var lineStart = 0
        var inString = false  // inside a triple-quoted string
        let n = bytes.count
        while lineStart < n {
            let lineEnd = CodeLayout.lineEndOffset(bytes, lineStart)
            while skip < outside.count && outside[skip].upperBound <= lineStart { skip += 1 }
            if skip < outside.count && outside[skip].lowerBound < lineEnd {
                close()
                inString = false
                lineStart = CodeLayout.lineEndOffset(bytes, outside[skip].upperBound - 1)
                continue
            }
            var cs = lineStart, indent = 0
            while cs < lineEnd && (bytes[cs] == UInt8(ascii: " ") || bytes[cs] == UInt8(ascii: "\t")) {
                indent += bytes[cs] == UInt8(ascii: "\t") ? 4 : 1
                cs += 1
            }
            var ce = lineEnd
            while ce > cs && isASCIISpace(bytes[ce - 1]) { ce -= 1 }
            defer { lineStart = lineEnd }
            if cs == ce {
                if run != nil {
                    run!.blanks += 1
                    if run!.blanks > 2 { close() }
                }
                continue
            }
            let quotes = tripleQuotes(bytes, cs..<ce)
            let wasInString = inString
            if quotes % 2 == 1 { inString.toggle() }
            let evidence = wasInString ? .none : lineEvidence(bytes, cs..<ce)
            // Neutral lines: comments, and strings' lines.
            if evidence == .none
                && (wasInString || quotes > 0 || (bytes[cs] == UInt8(ascii: "#") && (ce - cs == 1 || bytes[cs + 1] == UInt8(ascii: " ")))) {
                if var r = run {
                    r.blanks = 0
                    // Inside a body: part of the block.
                    if indent > r.base { r.end = lineEnd }
                    run = r
                }
                continue
            }
            if var r = run {
                if evidence != .none || indent > r.base {
                    r.base = min(r.base, indent)
                    r.lines += 1
                    r.blanks = 0
                    if evidence != .none {
                        r.evidence += 1
                        r.end = lineEnd
                    }
                    if evidence == .strong { r.strong += 1 }
                    run = r
                    continue
                }
                close()
            }
            if evidence != .none {
                run = (lineStart, lineEnd, indent, 1, evidence == .strong ? 1 : 0, 1, 0)
            }
        }
        close()
        return blocks
    }

    /// Whether the bytes of `range` hold `needle` (ASCII), by a plain scan:
    /// the standard library's generic `firstRange(of:)` took most of the
    /// detection's time.
    static func containsPhrase(_ bytes: [UInt8], _ range: Range<Int>, _ needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard count > 0, range.count >= count else { return false }
        return needle.withUTF8Buffer { pattern in
            let first = pattern[0]
            var i = range.lowerBound
            while i + count <= range.upperBound {
                if bytes[i] == first {
                    var j = 1
                    while j < count && bytes[i + j] == pattern[j] { j += 1 }
                    if j == count { return true }
                }
                i += 1
            }
            return false
        }
    }

    /// How many `"""` or `\'\'\'` the line `content` holds.
    static func tripleQuotes(_ bytes: [UInt8], _ content: Range<Int>) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            var count = 0
            var i = content.lowerBound
            while i + 2 < content.upperBound {
                let b = buffer[i]
                if (b == UInt8(ascii: "\"") || b == UInt8(ascii: "'")) && buffer[i + 1] == b && buffer[i + 2] == b {
                    count += 1
                    i += 3
                } else {
                    i += 1
                }
            }
            return count
        }
    }

    /// One past the line feed ending the line that holds `offset` (or the end of the text).
    static func lineEndOffset(_ bytes: [UInt8], _ offset: Int) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, offset < buffer.count,
                  let found = memchr(base + offset, Int32(UInt8(ascii: "\n")), buffer.count - offset) else { return buffer.count }
            return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found)) + 1
        }
    }

    /// Keywords that start a line of code in common languages.
    static let keywords: [[UInt8]] = [
        "func", "def", "class", "struct", "enum", "protocol", "extension", "import", "from", "return", "let", "var",
        "const", "public", "private", "fileprivate", "internal", "protected", "static", "final", "override", "fn",
        "impl", "use", "mod", "pub", "package", "namespace", "using", "template", "typedef", "interface", "void",
        "int", "guard", "switch", "case", "throw", "raise", "try", "catch", "await", "async", "yield", "export",
        "function", "if", "else", "elif", "for", "while", "do", "type", "trait", "match", "lambda", "print", "self",
        "except", "finally", "with", "assert", "del", "global", "nonlocal", "pass", "break", "continue", "not",
    ].map { Array($0.utf8) }

    /// `keywords` by their first letter.
    static let keywordsByLetter: [[[UInt8]]] = (0..<26).map { letter in
        keywords.filter { $0[0] == UInt8(ascii: "a") + UInt8(letter) }
    }

    /// Whether the bytes of `word` (lowercase ASCII letters) are one of `keywords`.
    static func isKeyword(_ bytes: [UInt8], _ word: Range<Int>) -> Bool {
        guard !word.isEmpty else { return false }
        for keyword in keywordsByLetter[Int(bytes[word.lowerBound] &- UInt8(ascii: "a"))] where keyword.count == word.count {
            if bytes[word].elementsEqual(keyword) { return true }
        }
        return false
    }

    /// How much the line `content` (no white space at its ends) reads as code.
    static func lineEvidence(_ bytes: [UInt8], _ content: Range<Int>) -> Evidence {
        let first = bytes[content.lowerBound], last = bytes[content.upperBound - 1]
        let count = content.count
        if first == UInt8(ascii: "}") || first == UInt8(ascii: "]") && count <= 3 { return .strong }
        // A list item of prose: `* the exact version;`, `- eggs,`.
        if count >= 3 && (first == UInt8(ascii: "*") || first == UInt8(ascii: "-") || first == UInt8(ascii: "+"))
            && bytes[content.lowerBound + 1] == UInt8(ascii: " ") && isASCIILetter(bytes[content.lowerBound + 2])
            && last != UInt8(ascii: "{") {
            return .none
        }
        if last == UInt8(ascii: "{") || (count >= 2 && last == UInt8(ascii: ";")) { return .strong }
        if count >= 2 && first == UInt8(ascii: "/") && (bytes[content.lowerBound + 1] == UInt8(ascii: "/") || bytes[content.lowerBound + 1] == UInt8(ascii: "*")) {
            return .strong
        }
        if count >= 2 && first == UInt8(ascii: "@") && isASCIILetter(bytes[content.lowerBound + 1]) { return .strong }
        // The end of a sentence: prose.
        if last == UInt8(ascii: ".") && count >= 2 && isASCIILetter(bytes[content.upperBound - 2]) { return .none }
        // A preprocessor directive (`#include`, `#endif`) or a Rust attribute (`#[derive`).
        if first == UInt8(ascii: "#") && count >= 2
            && ((bytes[content.lowerBound + 1] >= UInt8(ascii: "a") && bytes[content.lowerBound + 1] <= UInt8(ascii: "z"))
                || bytes[content.lowerBound + 1] == UInt8(ascii: "[") || bytes[content.lowerBound + 1] == UInt8(ascii: "!")) {
            return .strong
        }
        // One pass over the line's bytes, through a pointer: letters and
        // spaces, most of a line, fail the first test.
        var punctuation = false, operators = false, assignment = false
        bytes.withUnsafeBufferPointer { buffer in
            var i = content.lowerBound
            let end = content.upperBound
            while i < end {
                let b = buffer[i]
                i += 1
                if isASCIILetter(b) || b == UInt8(ascii: " ") { continue }
                if b == UInt8(ascii: "(") || b == UInt8(ascii: "{") || b == UInt8(ascii: "=") || b == UInt8(ascii: "[") { punctuation = true }
                if b == UInt8(ascii: "=") && i >= content.lowerBound + 2 && i < end
                    && buffer[i - 2] == UInt8(ascii: " ") && buffer[i] == UInt8(ascii: " ") {
                    assignment = true
                }
                guard i < end else { break }
                let c = buffer[i]
                switch b {
                case UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "+"), UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "<"):
                    if c == UInt8(ascii: "=") || (b == UInt8(ascii: "=") && c == UInt8(ascii: ">")) { operators = true }
                case UInt8(ascii: "-"):
                    if c == UInt8(ascii: "=") || c == UInt8(ascii: ">") { operators = true }
                case UInt8(ascii: ">"):
                    if c == UInt8(ascii: "=") { operators = true }
                case UInt8(ascii: ":"):
                    if c == UInt8(ascii: "=") || c == UInt8(ascii: ":") { operators = true }
                case UInt8(ascii: "&"), UInt8(ascii: "|"):
                    if c == b { operators = true }
                default:
                    break
                }
            }
        }
        // An import: `import a.b`, `from a import b`.
        if bytes[content].starts(with: "import ".utf8)
            || (bytes[content].starts(with: "from ".utf8) && containsPhrase(bytes, content, " import ")) {
            return .strong
        }
        // A keyword then a space or a bracket. Keywords are lowercase
        // letters, so only the line's leading run of them can be one.
        if first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z") {
            var wordEnd = content.lowerBound
            while wordEnd < content.upperBound && bytes[wordEnd] &- UInt8(ascii: "a") < 26 { wordEnd += 1 }
            if wordEnd < content.upperBound, isKeyword(bytes, content.lowerBound..<wordEnd) {
                let after = bytes[wordEnd]
                if after == UInt8(ascii: " ") || after == UInt8(ascii: "(") || after == UInt8(ascii: ":") {
                    if punctuation || operators || last == UInt8(ascii: ":") { return .strong }
                    return .weak
                }
            }
        }
        if operators || assignment { return .weak }
        if punctuation && (last == UInt8(ascii: ")") || last == UInt8(ascii: ",")) { return .weak }
        return .none
    }
}
