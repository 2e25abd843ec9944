

/// An open element while `SpanScanner` parses markup.
struct MarkupFrame {
    /// The bytes of its tag name.
    var name: Range<Int>
    /// The position of its start tag's `<`.
    var start: Int
    /// The end of its start tag.
    var startTagEnd: Int
    /// Whether a text run of `proseWordCount` or more words is in it (then
    /// only its tags are protected, not its content).
    var hasProse = false
    /// How many spans `markupFound` held when it opened; the spans after
    /// that index lie inside it.
    var mark: Int
}

extension SpanScanner {
    /// How deeply elements may nest before a candidate is rejected.
    static let maxMarkupDepth = 128
    /// A text run with this many words between two tags is prose.
    static let proseWordCount = 12

    /// Finds markup starting with the `<` at `i`, adds its spans, and returns
    /// its end; nil if there is none.
    ///
    /// Markup is an element with balanced tags (`<b>bold</b>`, `<a href="x">
    /// link</a>`, `<table>…</table>`; names match ignoring case), a
    /// self-closing tag (`<br/>`), an HTML void element (`<br>`, `<img …>`,
    /// `<hr>`, `<input>`, `<meta>`, `<link>`, `<wbr>`), a comment
    /// (`<!-- … -->`), CDATA, a declaration (`<!DOCTYPE html>`) or a
    /// processing instruction (`<?xml … ?>`). A start tag without its end tag
    /// (`Array<Int>`, `<thinking>` alone) is not markup, nor is `a < b`.
    ///
    /// An element is protected whole unless it holds prose, a text run of
    /// `proseWordCount` words or more: then only its tags are, and its
    /// content is left to the compression passes. Otherwise the wrappers of
    /// a retrieval prompt (`<documents><document index="1">…`) would protect
    /// the whole prompt; their tags stay intact while the passes shorten
    /// their text.
    ///
    /// When an element is not closed, its complete inner elements are
    /// protected and no new candidate starts before the byte where parsing
    /// failed (a candidate starting at an inner `<` would fail there too).
    ///
    /// - Complexity: O(length of the candidate); over a whole text O(n). The
    ///   searches for `-->`, `]]>` and `?>` remember where they found none.
    mutating func markup(at i: Int) -> Int? {
        guard i >= markupResume else { return nil }
        let next = byte(at: i + 1)
        if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
            guard let end = endOfSpecialNode(at: i) else { return nil }
            spans.append(ProtectedSpan(range: i..<end, kind: .xml))
            return end
        }
        guard next.isLetter || next == UInt8(ascii: "_") else { return nil }
        var failure = i + 1
        guard let tag = startTag(at: i, failure: &failure) else {
            markupResume = failure
            return nil
        }
        if tag.closesItself || isVoidElement(tag.name) {
            spans.append(ProtectedSpan(range: i..<tag.end, kind: .xml))
            return tag.end
        }
        if let end = endOfElement(openedBy: tag, at: i) {
            spans.append(contentsOf: markupFound)
            return end
        }
        addPending(markupFound.sorted { $0.range.lowerBound < $1.range.lowerBound })
        return nil
    }

    /// Parses the content of the element whose start tag `tag` begins at `i`
    /// up to its end tag, with an explicit stack, leaving its spans in
    /// `markupFound`; returns its end, or nil (and sets `markupResume`, and
    /// leaves the complete inner elements in `markupFound`).
    mutating func endOfElement(openedBy tag: StartTag, at i: Int) -> Int? {
        markupFound.removeAll(keepingCapacity: true)
        markupStack.removeAll(keepingCapacity: true)
        markupStack.append(MarkupFrame(name: tag.name, start: i, startTagEnd: tag.end, mark: 0))
        var p = tag.end
        while true {
            // A text run up to the next `<`, counting its words.
            var words = 0
            var inWord = false
            while p < count, text[p] != UInt8(ascii: "<") {
                let isSpace = text[p].isASCIIWhitespace
                if !isSpace && !inWord { words += 1 }
                inWord = !isSpace
                p += 1
            }
            if words >= Self.proseWordCount { markupStack[markupStack.count - 1].hasProse = true }
            guard p < count else { return failMarkup(at: p) }
            let next = byte(at: p + 1)
            if next == UInt8(ascii: "/") {
                guard let (name, end) = endTag(at: p) else {
                    p += 1  // `</` and no name: text
                    continue
                }
                guard equalNames(name, markupStack[markupStack.count - 1].name) else { return failMarkup(at: p) }
                let frame = markupStack.removeLast()
                if frame.hasProse {
                    markupFound.append(ProtectedSpan(range: frame.start..<frame.startTagEnd, kind: .xml))
                    markupFound.append(ProtectedSpan(range: p..<end, kind: .xml))
                    if !markupStack.isEmpty { markupStack[markupStack.count - 1].hasProse = true }
                } else {
                    markupFound.removeSubrange(frame.mark...)
                    markupFound.append(ProtectedSpan(range: frame.start..<end, kind: .xml))
                }
                p = end
                if markupStack.isEmpty { return end }
            } else if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                guard let end = endOfSpecialNode(at: p) else { return failMarkup(at: p) }
                markupFound.append(ProtectedSpan(range: p..<end, kind: .xml))
                p = end
            } else if next.isLetter || next == UInt8(ascii: "_") {
                var ignored = 0
                guard let child = startTag(at: p, failure: &ignored) else {
                    p += 1  // `<` that starts no tag: text
                    continue
                }
                if child.closesItself || isVoidElement(child.name) {
                    markupFound.append(ProtectedSpan(range: p..<child.end, kind: .xml))
                } else {
                    guard markupStack.count < Self.maxMarkupDepth else { return failMarkup(at: p) }
                    markupStack.append(MarkupFrame(name: child.name, start: p, startTagEnd: child.end,
                                                    mark: markupFound.count))
                }
                p = child.end
            } else {
                p += 1  // `a < b`: text
            }
        }
    }

    /// Gives up on the element being parsed: no candidate starts again before `p`.
    mutating func failMarkup(at p: Int) -> Int? {
        markupResume = Swift.max(p, markupStack.first.map { $0.start + 1 } ?? p)
        return nil
    }

    /// The start tag at `p` (`<name attributes>` or `<name … />`), or nil
    /// with `failure` set to where parsing stopped.
    ///
    /// Attributes are names, optionally with `=` and a value in double or
    /// single quotes (which may not hold `<`) or without quotes.
    func startTag(at p: Int, failure: inout Int) -> StartTag? {
        var q = p + 1
        let nameStart = q
        while q < count, Self.isNameByte(text[q]) { q += 1 }
        let name = nameStart..<q
        while true {
            let spaceStart = q
            while q < count, text[q].isASCIIWhitespace { q += 1 }
            switch byte(at: q) {
            case UInt8(ascii: ">"):
                return StartTag(name: name, end: q + 1, closesItself: false)
            case UInt8(ascii: "/") where byte(at: q + 1) == UInt8(ascii: ">"):
                return StartTag(name: name, end: q + 2, closesItself: true)
            default:
                break
            }
            guard q > spaceStart, q < count else {
                failure = Swift.max(q, p + 1)
                return nil
            }
            // An attribute.
            let attributeStart = q
            while q < count, Self.isAttributeNameByte(text[q]) { q += 1 }
            guard q > attributeStart else {
                failure = q
                return nil
            }
            var r = q
            while r < count, text[r].isASCIIWhitespace { r += 1 }
            guard byte(at: r) == UInt8(ascii: "=") else { continue }
            r += 1
            while r < count, text[r].isASCIIWhitespace { r += 1 }
            let quote = byte(at: r)
            if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                r += 1
                while r < count, text[r] != quote, text[r] != UInt8(ascii: "<") { r += 1 }
                guard byte(at: r) == quote else {
                    failure = r
                    return nil
                }
                q = r + 1
            } else {
                let valueStart = r
                while r < count, !text[r].isASCIIWhitespace, Self.isUnquotedValueByte(text[r]) { r += 1 }
                guard r > valueStart else {
                    failure = r
                    return nil
                }
                q = r
            }
        }
    }

    /// The name and end of an end tag (`</name>`, spaces allowed before `>`) at `p`, or nil.
    func endTag(at p: Int) -> (Range<Int>, Int)? {
        var q = p + 2
        guard byte(at: q).isLetter || byte(at: q) == UInt8(ascii: "_") else { return nil }
        while q < count, Self.isNameByte(text[q]) { q += 1 }
        let name = p + 2..<q
        while q < count, text[q].isASCIIWhitespace { q += 1 }
        return byte(at: q) == UInt8(ascii: ">") ? (name, q + 1) : nil
    }

    /// The end of a comment, CDATA section, declaration or processing
    /// instruction at `p`, or nil.
    mutating func endOfSpecialNode(at p: Int) -> Int? {
        if matches("<!--", at: p) {
            var absentFrom = commentCloseAbsentFrom
            defer { commentCloseAbsentFrom = absentFrom }
            return endOfTerminator("-->", from: p + 4, absentFrom: &absentFrom)
        }
        if matches("<![CDATA[", at: p) {
            var absentFrom = cdataCloseAbsentFrom
            defer { cdataCloseAbsentFrom = absentFrom }
            return endOfTerminator("]]>", from: p + 9, absentFrom: &absentFrom)
        }
        if matches("<?", at: p), byte(at: p + 2).isLetter {
            var absentFrom = processingCloseAbsentFrom
            defer { processingCloseAbsentFrom = absentFrom }
            return endOfTerminator("?>", from: p + 2, absentFrom: &absentFrom)
        }
        guard matches("<!", at: p), byte(at: p + 2).isLetter else { return nil }
        // A declaration: up to `>`, with no `<` before it.
        var q = p + 2
        while q < count, text[q] != UInt8(ascii: ">"), text[q] != UInt8(ascii: "<") { q += 1 }
        if byte(at: q) == UInt8(ascii: ">") { return q + 1 }
        markupResume = Swift.max(markupResume, q)
        return nil
    }

    /// The end of the first `terminator` at or after `p`, or nil. A search
    /// that finds none lowers `absentFrom` to `p`; a search from there on
    /// fails at once, and one from before stops there.
    func endOfTerminator(_ terminator: StaticString, from p: Int, absentFrom: inout Int) -> Int? {
        let limit = Swift.min(count, absentFrom)
        let first = terminator.withUTF8Buffer { $0[0] }
        var q = p
        while q < limit {
            if text[q] == first, matches(terminator, at: q) { return q + terminator.utf8CodeUnitCount }
            q += 1
        }
        absentFrom = Swift.min(absentFrom, p)
        return nil
    }

    /// Whether two tag names are equal, ignoring ASCII case.
    func equalNames(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard a.count == b.count else { return false }
        for k in 0..<a.count where text[a.lowerBound + k] | 0x20 != text[b.lowerBound + k] | 0x20 { return false }
        return true
    }

    /// Whether the element named `name` is an HTML void element that has no end tag.
    func isVoidElement(_ name: Range<Int>) -> Bool {
        let start = name.lowerBound
        switch name.count {
        case 2: return matchesIgnoringCase("br", at: start) || matchesIgnoringCase("hr", at: start)
        case 3: return matchesIgnoringCase("img", at: start) || matchesIgnoringCase("wbr", at: start)
        case 4: return matchesIgnoringCase("meta", at: start) || matchesIgnoringCase("link", at: start)
        case 5: return matchesIgnoringCase("input", at: start)
        default: return false
        }
    }

    /// A byte of a tag name after its first: letters, digits, `_:.-`.
    static func isNameByte(_ byte: UInt8) -> Bool {
        byte.isWordByte || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }

    /// A byte of an attribute name: not a space, quote, `>`, `/`, `=` or `<`.
    static func isAttributeNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: ">"), UInt8(ascii: "/"), UInt8(ascii: "="),
             UInt8(ascii: "<"):
            false
        default:
            !byte.isASCIIWhitespace && byte >= 0x20
        }
    }

    /// A byte of an unquoted attribute value: not a quote, `=`, `<`, `>` or `` ` ``.
    static func isUnquotedValueByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "="), UInt8(ascii: "<"), UInt8(ascii: ">"),
             UInt8(ascii: "`"):
            false
        default:
            byte >= 0x20
        }
    }
}
