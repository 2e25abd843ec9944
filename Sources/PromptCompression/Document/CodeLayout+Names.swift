extension CodeLayout {
    /// Keywords after which a declaration's name comes.
    static let declarationKeywords: Set<[UInt8]> = Set([
        "func", "def", "class", "struct", "enum", "protocol", "extension", "actor", "var", "let", "const", "fn",
        "type", "typealias", "interface", "trait", "impl", "function", "case", "macro", "mod", "module", "namespace",
        "object", "record", "union", "init",
    ].map { Array($0.utf8) })

    /// The name a unit declares, lower-cased: the identifier after its
    /// first declaration keyword (`func`, `def`, `class`, `let`, …) on its
    /// first line that is not a comment or an attribute, else the
    /// identifier before that line's first `(` (a C function). Nil for a
    /// unit that declares nothing found so.
    static func declaredName(_ bytes: [UInt8], _ range: Range<Int>) -> [UInt8]? {
        let lines = CodeLines(bytes, range)
        var header = 0
        while header < lines.count && (lines.isBlank(header) || lines.isCommentOrAttribute(header)) { header += 1 }
        guard header < lines.count else { return nil }
        let line = lines.content(header)
        var identifiers: [(range: Range<Int>, beforeParenthesis: Bool)] = []
        var i = line.startIndex
        while i < line.endIndex {
            guard isIdentifierByte(line[i]) else {
                if line[i] == UInt8(ascii: "("), let last = identifiers.last, last.range.upperBound == i {
                    identifiers[identifiers.count - 1].beforeParenthesis = true
                }
                i += 1
                continue
            }
            let start = i
            while i < line.endIndex && isIdentifierByte(line[i]) { i += 1 }
            identifiers.append((start..<i, false))
        }
        for (index, identifier) in identifiers.enumerated() where index + 1 < identifiers.count {
            if declarationKeywords.contains(Array(line[identifier.range])) {
                return lowercasedASCII(line[identifiers[index + 1].range])
            }
        }
        if let call = identifiers.first(where: \.beforeParenthesis) {
            return lowercasedASCII(line[call.range])
        }
        return nil
    }

    /// The units that declare a name `query` holds (at least three
    /// characters long), in text order.
    func unitsNamed(in query: [UInt8], _ bytes: [UInt8]) -> [Range<Int>] {
        guard !units.isEmpty else { return [] }
        let asked = CodeLayout.identifiers(query)
        return units.compactMap { unit in
            guard let name = CodeLayout.declaredName(bytes, unit.range), name.count >= 3, asked.contains(name) else { return nil }
            return unit.range
        }
    }

    /// Words a question about code uses for what it asks about, not as
    /// names: "the function …", "this class …".
    static let questionWords: Set<[UInt8]> = Set([
        "function", "functions", "method", "methods", "class", "classes", "type", "types", "struct", "value", "values",
        "return", "returns", "variable", "field", "property", "module", "file", "code", "parameter", "parameters",
        "argument", "arguments", "object", "enum", "case", "does", "what", "when", "where", "which", "why", "how", "the",
        "and", "for", "with", "this", "that", "name", "call", "calls", "called", "use", "used", "uses", "data", "error",
        "list", "string", "test", "main", "init", "new", "get", "set", "self",
    ].map { Array($0.utf8) })

    /// The identifiers of `text`, lower-cased (runs of ASCII letters,
    /// digits and `_`), but the words questions use about code (`questionWords`).
    static func identifiers(_ text: [UInt8]) -> Set<[UInt8]> {
        var result = Set<[UInt8]>()
        var i = 0
        while i < text.count {
            guard isIdentifierByte(text[i]) else { i += 1; continue }
            let start = i
            while i < text.count && isIdentifierByte(text[i]) { i += 1 }
            let word = lowercasedASCII(text[start..<i])
            if !questionWords.contains(word) { result.insert(word) }
        }
        return result
    }
}

/// The bytes with ASCII capitals lower-cased.
func lowercasedASCII(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
    bytes.map { $0 | (($0 >= 0x41 && $0 <= 0x5A) ? 0x20 : 0) }
}

/// Whether a byte may be part of an ASCII identifier.
func isIdentifierByte(_ b: UInt8) -> Bool {
    isASCIILetter(b) || (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "_")
}
