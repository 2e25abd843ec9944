/// The lines of a block of text, for the code layout: where each starts
/// and ends, its indentation, and its first and last bytes that are not
/// white space. Lines are numbered from 0 in the block; offsets are the text's.
struct CodeLines {
    let bytes: [UInt8]
    /// The start of each line; one more entry, the block's end, closes the last.
    private var starts: [Int] = []

    init(_ bytes: [UInt8], _ block: Range<Int>) {
        self.bytes = bytes
        starts.append(block.lowerBound)
        var p = block.lowerBound
        while p < block.upperBound {
            if bytes[p] == UInt8(ascii: "\n") && p + 1 < block.upperBound { starts.append(p + 1) }
            p += 1
        }
        starts.append(block.upperBound)
    }

    var count: Int { starts.count - 1 }
    /// The first byte of line `i`.
    func start(_ i: Int) -> Int { starts[i] }
    /// One past the line feed that ends line `i` (or the end of the text).
    func end(_ i: Int) -> Int { starts[i + 1] }

    /// The first byte of line `i` that is not a space or tab.
    func contentStart(_ i: Int) -> Int {
        var p = starts[i]
        let end = starts[i + 1]
        while p < end && (bytes[p] == UInt8(ascii: " ") || bytes[p] == UInt8(ascii: "\t")) { p += 1 }
        return p
    }

    /// One past the last byte of line `i` that is not white space.
    func contentEnd(_ i: Int) -> Int {
        let start = contentStart(i)
        var p = starts[i + 1]
        while p > start && isASCIISpace(bytes[p - 1]) { p -= 1 }
        return p
    }

    func isBlank(_ i: Int) -> Bool { contentStart(i) == contentEnd(i) }

    /// The indentation of line `i` in columns (a tab counts four).
    func indent(_ i: Int) -> Int {
        var columns = 0
        var p = starts[i]
        while p < starts[i + 1] {
            if bytes[p] == UInt8(ascii: " ") { columns += 1 } else if bytes[p] == UInt8(ascii: "\t") { columns += 4 } else { break }
            p += 1
        }
        return columns
    }

    func firstByte(_ i: Int) -> UInt8? {
        let p = contentStart(i)
        return p < contentEnd(i) ? bytes[p] : nil
    }

    func lastByte(_ i: Int) -> UInt8? {
        let p = contentEnd(i)
        return p > contentStart(i) ? bytes[p - 1] : nil
    }

    /// The line's content, white space at both ends left out.
    func content(_ i: Int) -> ArraySlice<UInt8> { bytes[contentStart(i)..<contentEnd(i)] }

    /// Whether line `i` closes a body: it starts with a closing bracket
    /// (`}`, `};`, `})`, `]`, `)`) or is `end`.
    func isClosing(_ i: Int) -> Bool {
        guard let first = firstByte(i) else { return false }
        if first == UInt8(ascii: "}") || first == UInt8(ascii: "]") || first == UInt8(ascii: ")") { return true }
        let line = content(i)
        return line.elementsEqual("end".utf8) || line.elementsEqual("end;".utf8) || line.elementsEqual("End".utf8)
    }

    /// Whether line `i` opens an indented body: it ends with `{`, or is a
    /// Python header (`def`, `class`, `async def`, `if`, `for`, … ending with `:`).
    func opensBody(_ i: Int) -> Bool {
        guard let last = lastByte(i) else { return false }
        if last == UInt8(ascii: "{") { return true }
        guard last == UInt8(ascii: ":") else { return false }
        let line = content(i)
        for keyword in ["def ", "class ", "async def ", "if ", "elif ", "else", "for ", "while ", "with ", "try", "except", "finally"]
            where line.starts(with: keyword.utf8) {
            return true
        }
        return false
    }

    /// Whether line `i` opens a type or a namespace, whose members may go
    /// one by one (a function's body is never cut): it holds a keyword such
    /// as `class`, `struct`, `extension`, `impl` or `namespace`, and no
    /// function keyword.
    func declaresType(_ i: Int) -> Bool {
        let line = content(i)
        // Identifiers of the line, each compared whole (no generic search).
        var words: [ArraySlice<UInt8>] = []
        var p = line.startIndex
        while p < line.endIndex {
            guard isIdentifierByte(line[p]) else { p += 1; continue }
            let start = p
            while p < line.endIndex && isIdentifierByte(line[p]) { p += 1 }
            words.append(line[start..<p])
        }
        func has(_ word: String) -> Bool { words.contains { $0.elementsEqual(word.utf8) } }
        for word in ["func", "def", "fn", "function", "fun", "sub"] where has(word) { return false }
        for word in ["class", "struct", "enum", "extension", "protocol", "interface", "impl", "trait", "namespace",
                     "module", "object", "actor", "union", "record", "mod"] where has(word) {
            return true
        }
        return false
    }

    /// Whether line `i` declares a function or a type: its first word, past
    /// modifiers (`public`, `static`, `export`, `async`, …), is a declaration
    /// keyword. `let`, `var` and `const` are not among them: in a body they
    /// are statements.
    func startsDeclaration(_ i: Int) -> Bool {
        let line = content(i)
        var p = line.startIndex
        while p < line.endIndex {
            while p < line.endIndex && line[p] == UInt8(ascii: " ") { p += 1 }
            let start = p
            while p < line.endIndex && isIdentifierByte(line[p]) { p += 1 }
            let word = line[start..<p]
            guard !word.isEmpty else { return false }
            if CodeLines.declarationWords.contains(where: { word.elementsEqual($0) }) { return true }
            guard CodeLines.modifierWords.contains(where: { word.elementsEqual($0) }) else { return false }
        }
        return false
    }

    static let declarationWords: [[UInt8]] = [
        "def", "func", "function", "fn", "fun", "sub", "class", "struct", "enum", "protocol", "extension",
        "interface", "impl", "trait", "namespace", "module", "object", "actor", "union", "record", "mod", "typedef",
        "template",
    ].map { Array($0.utf8) }

    static let modifierWords: [[UInt8]] = [
        "public", "private", "fileprivate", "internal", "protected", "open", "static", "final", "override", "export",
        "default", "async", "abstract", "pub", "inline", "virtual", "mutating", "nonisolated", "unsafe", "extern",
    ].map { Array($0.utf8) }

    /// Whether line `i` goes on with the statement above it: `else`,
    /// `elif`, `except`, `finally`, `catch`.
    func continuesStatement(_ i: Int) -> Bool {
        let line = content(i)
        for keyword in ["else", "elif ", "except", "finally", "catch"] where line.starts(with: keyword.utf8) {
            let after = line.dropFirst(keyword.utf8.count).first
            if after == nil || !isIdentifierByte(after!) { return true }
        }
        return false
    }

    /// Whether line `i` is a preprocessor conditional (`#if`, `#else`,
    /// `#endif`, …), which sits at the left margin inside functions too.
    func isConditional(_ i: Int) -> Bool {
        let line = content(i)
        return line.starts(with: "#if".utf8) || line.starts(with: "#el".utf8) || line.starts(with: "#endif".utf8)
    }

    /// Whether line `i` is a comment or an attribute (`//`, `/*`, `*`, `#`, `@`, `--`).
    func isCommentOrAttribute(_ i: Int) -> Bool {
        let line = content(i)
        guard let first = line.first else { return false }
        return line.starts(with: "//".utf8) || line.starts(with: "/*".utf8) || line.starts(with: "--".utf8)
            || first == UInt8(ascii: "*") || first == UInt8(ascii: "#") || first == UInt8(ascii: "@")
    }

    /// Whether line `i` is a Markdown fence: only three or more backticks or tildes.
    func isFence(_ i: Int) -> Bool {
        let line = content(i)
        guard line.count >= 3, let first = line.first, first == UInt8(ascii: "`") || first == UInt8(ascii: "~") else { return false }
        return line.allSatisfy { $0 == first }
    }
}
