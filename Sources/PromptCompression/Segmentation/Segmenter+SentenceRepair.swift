extension Segmenter {
    /// Tersify's abbreviations for a language: ones that never end a
    /// sentence (titles before a name, "e.g.") and that ICU 72's
    /// sentence-break suppressions lack. Written without the final period.
    ///
    /// English, as measured on ICU 72.1 with `en@ss=standard` before a
    /// capitalized word: ICU keeps "Mr.", "Mrs.", "Ms.", "Prof.", "Capt.",
    /// "Col.", "Sgt.", "Rev.", "Rep.", "Mt.", "vs.", "Etc." and "Approx."; it
    /// breaks after "Dr.", "Gen.", "Gov.", "Sen.", "Lt.", "Hon.", "Pres.",
    /// "e.g.", "i.e." and "cf.". Ambiguous ones stay out: "St." (saint or
    /// street), "Jr.", "No." and "etc." often end a sentence. Other
    /// languages: none yet (ICU's lists give German "Dr." and "z.B.", French
    /// "M.", Russian "т.е.").
    ///
    /// - Parameter language: A lowercase language code such as `en`.
    /// - Returns: The abbreviations, case-sensitive; empty when there are none.
    public static func abbreviations(forLanguage language: String) -> [String] {
        switch language {
        case "en":
            ["Dr", "Drs", "Gen", "Gov", "Hon", "Lt", "Messrs", "Mx", "Pres", "Sen", "Supt",
             "cf", "e.g", "E.g", "i.e", "I.e"]
        default: []
        }
    }
}

/// Tersify's repairs of ICU's sentence boundaries (`SentenceRules.tersify`).
///
/// Four rules, applied in this order where ICU put a boundary (after two
/// that drop it: a bare list or section number, `isBareNumbering`, and an
/// ellipsis in brackets, `endsWithBracketedEllipsis`):
///
/// 1. Abbreviation: when the sentence before the boundary ends with one of
///    `abbreviations` as a whole word and a period, followed only by spaces on
///    the same line, the boundary is dropped ("Dr. | Smith went" becomes one
///    sentence).
/// 2. Opening brackets: when the sentence before ends with opening brackets
///    (`(`, `「`, `（`, ...), they move to the next sentence. UAX #29 counts
///    opening punctuation as Close, so without a space after the terminator
///    ICU keeps it: `言った。「 | 次？」`.
/// 3. Closing punctuation: when the sentence after the boundary starts with
///    closing brackets or quotes, which UAX #29 separates from the
///    terminator when a space comes between them (French
///    `« Bonjour ! | » dit-il.`), they and the spaces after them move to the
///    sentence before. Not after a line break. `»`, `›` and `”` open
///    quotations in some languages (German `»Ja«`, Swedish `”Ja”`), so they
///    count only when a space, a line break or the end follows them.
/// 4. Quotation: when the sentence before ends with `?`, `!` (or `。`, `！`,
///    `？`), closing quotes or brackets, and same-line spaces, and the next
///    one starts with a lowercase letter or the Japanese quotative particle
///    と, the boundary is dropped. UAX #29 breaks there (`"Why?" | she
///    asked.`, `「はい。」| と言った。`) because its lowercase exception (SB8)
///    is for periods only.
///
/// Works on the bytes directly; all tests are against ASCII bytes or short
/// UTF-8 sequences, so invalid UTF-8 does no harm.
struct SentenceRepair {
    let text: UnsafeBufferPointer<UInt8>
    /// The abbreviations as UTF-8 bytes, without the period.
    let abbreviations: [[UInt8]]

    /// ICU's sentence ends (increasing, the last one the text length) with the
    /// rules applied; still increasing, the last one still the text length.
    ///
    /// - Complexity: O(n + b · t) for n bytes, b boundaries and a abbreviations.
    func repair(_ icuEnds: [Int64]) -> [Int] {
        var ends: [Int] = []
        ends.reserveCapacity(icuEnds.count)
        for icuEnd in icuEnds {
            let end = Int(icuEnd)
            let start = ends.last ?? 0
            if end <= start { continue }  // passed by a boundary moved past closers
            if end == text.count {
                ends.append(end)
                continue
            }
            if endsWithAbbreviation(start..<end) || isBareNumbering(start..<end) || endsWithBracketedEllipsis(start..<end) { continue }
            let beforeOpeners = endBeforeOpeningBrackets(start..<end)
            if beforeOpeners < end {
                ends.append(beforeOpeners)
                continue
            }
            let moved = endPastClosers(start..<end)
            if moved < text.count, continuesAfterQuotation(start..<moved) { continue }
            ends.append(moved)
        }
        assert(ends.last == text.count || text.isEmpty)
        return ends
    }

    // MARK: Rule 0: numbering

    /// Whether the sentence is only a list or section number and same-line
    /// spaces (`1.4.7. `, `12) `, `b. `, `iv. `): it belongs to the text after
    /// it, so that "1.4.7. Title" is never kept without its title.
    func isBareNumbering(_ sentence: Range<Int>) -> Bool {
        var start = sentence.lowerBound
        while start < sentence.upperBound && (text[start] == UInt8(ascii: " ") || text[start] == UInt8(ascii: "\t")) { start += 1 }
        let end = startOfTrailingSpaces(sentence)
        guard end > start, end - start <= 12 else { return false }
        let last = text[end - 1]
        guard last == UInt8(ascii: ".") || last == UInt8(ascii: ")") else { return false }
        let body = text[start..<(end - 1)]
        guard !body.isEmpty else { return false }
        if body.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") }) {
            return body.contains { $0 >= 0x30 && $0 <= 0x39 }
        }
        if body.count == 1, let letter = body.first { return (letter | 0x20) >= 0x61 && (letter | 0x20) <= 0x7A }
        return body.count <= 5 && body.allSatisfy { "ivxIVX".utf8.contains($0) }
    }

    /// Whether the sentence ends with an ellipsis closed by a bracket and
    /// same-line spaces (`grep [OPTION...] | PATTERNS`): a placeholder of a
    /// command's synopsis, which ends no sentence.
    func endsWithBracketedEllipsis(_ sentence: Range<Int>) -> Bool {
        let end = startOfTrailingSpaces(sentence)
        guard end < sentence.upperBound, end - sentence.lowerBound >= 4 else { return false }
        let close = text[end - 1]
        guard close == UInt8(ascii: "]") || close == UInt8(ascii: ")") else { return false }
        if endsWith(Array("...".utf8), at: end - 1) { return true }
        return endsWith([0xE2, 0x80, 0xA6], at: end - 1)  // …
    }

    // MARK: Rule 1: abbreviations

    /// Whether the sentence ends with an abbreviation, a period and same-line spaces.
    func endsWithAbbreviation(_ sentence: Range<Int>) -> Bool {
        guard !abbreviations.isEmpty else { return false }
        let end = startOfTrailingSpaces(sentence)
        guard end > sentence.lowerBound, text[end - 1] == UInt8(ascii: ".") else { return false }
        let period = end - 1
        for abbreviation in abbreviations {
            let start = period - abbreviation.count
            guard start >= sentence.lowerBound, matches(abbreviation, at: start) else { continue }
            if start == sentence.lowerBound || isWordStart(start) { return true }
        }
        return false
    }

    /// Whether no letter, digit or period comes right before `index` (so an
    /// abbreviation there is a whole word): ASCII punctuation or space, or an
    /// opening quote, dash or no-break space.
    func isWordStart(_ index: Int) -> Bool {
        let byte = text[index - 1]
        if byte < 0x80 {
            let isLetterOrDigit = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
                || byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            return !isLetterOrDigit && byte != UInt8(ascii: ".")
        }
        return SentenceRepair.wordStartMarks.contains { endsWith($0, at: index) }
    }

    /// Opening quotes, dashes and spaces that may come right before an abbreviation:
    /// “ ‘ „ « — – NBSP.
    static let wordStartMarks: [[UInt8]] = [
        [0xE2, 0x80, 0x9C], [0xE2, 0x80, 0x98], [0xE2, 0x80, 0x9E], [0xC2, 0xAB],
        [0xE2, 0x80, 0x94], [0xE2, 0x80, 0x93], [0xC2, 0xA0],
    ]

    // MARK: Rule 2: opening brackets

    /// `sentence.upperBound`, moved back before the opening brackets that end
    /// the sentence, if any (the sentence keeps at least one byte).
    func endBeforeOpeningBrackets(_ sentence: Range<Int>) -> Int {
        var index = sentence.upperBound
        while let bracket = SentenceRepair.openingBrackets.first(where: {
            index - $0.count > sentence.lowerBound && endsWith($0, at: index)
        }) {
            index -= bracket.count
        }
        return index
    }

    /// Opening brackets: ( [ { 「 『 【 （ 〔 《 〈 ［ ｛. Not quotes: “ and « close
    /// quotations in German. And the bidi controls that open an embedding,
    /// override or isolate (LRE RLE LRO RLO, LRI RLI FSI): UAX #29 attaches
    /// a format character to the space before it, so ICU ends a sentence
    /// after `. ⁧`; moved, the pair stays inside one sentence, where a
    /// pass can drop it whole (`PromptDocument.atomic`).
    static let openingBrackets: [[UInt8]] = [
        [0x28], [0x5B], [0x7B], [0xE3, 0x80, 0x8C], [0xE3, 0x80, 0x8E], [0xE3, 0x80, 0x90], [0xEF, 0xBC, 0x88],
        [0xE3, 0x80, 0x94], [0xE3, 0x80, 0x8A], [0xE3, 0x80, 0x88], [0xEF, 0xBC, 0xBB], [0xEF, 0xBD, 0x9B],
        [0xE2, 0x80, 0xAA], [0xE2, 0x80, 0xAB], [0xE2, 0x80, 0xAD], [0xE2, 0x80, 0xAE],
        [0xE2, 0x81, 0xA6], [0xE2, 0x81, 0xA7], [0xE2, 0x81, 0xA8],
    ]

    // MARK: Rule 3: closing punctuation

    /// `sentence.upperBound`, moved past closing punctuation and the spaces
    /// after it when the next sentence starts with some.
    func endPastClosers(_ sentence: Range<Int>) -> Int {
        var index = sentence.upperBound
        let beforeSpaces = startOfTrailingSpaces(sentence)
        if beforeSpaces > sentence.lowerBound, lineBreakLength(endingAt: beforeSpaces) > 0 { return index }
        var movedPastCloser = false
        while index < text.count, let length = closerLength(at: index) {
            index += length
            movedPastCloser = true
        }
        guard movedPastCloser else { return index }
        while index < text.count, let length = horizontalSpaceLength(at: index) { index += length }
        return index
    }

    /// Closing brackets: ) ] } 」 』 】 ） 〕 》 〉 ］ ｝, and the bidi controls
    /// that close (PDF, PDI).
    static let closingBrackets: [[UInt8]] = [
        [0x29], [0x5D], [0x7D], [0xE3, 0x80, 0x8D], [0xE3, 0x80, 0x8F], [0xE3, 0x80, 0x91], [0xEF, 0xBC, 0x89],
        [0xE3, 0x80, 0x95], [0xE3, 0x80, 0x8B], [0xE3, 0x80, 0x89], [0xEF, 0xBC, 0xBD], [0xEF, 0xBD, 0x9D],
        [0xE2, 0x80, 0xAC], [0xE2, 0x81, 0xA9],
    ]

    /// Closing quotes that open quotations in other languages: » › ”.
    static let closingQuotes: [[UInt8]] = [[0xC2, 0xBB], [0xE2, 0x80, 0xBA], [0xE2, 0x80, 0x9D]]

    /// The length of the closing bracket or quote at `index`, or nil. A quote
    /// counts only when a space, a line break, another closer or the end
    /// follows it.
    func closerLength(at index: Int) -> Int? {
        if let bracket = SentenceRepair.closingBrackets.first(where: { matches($0, at: index) }) {
            return bracket.count
        }
        guard let quote = SentenceRepair.closingQuotes.first(where: { matches($0, at: index) }) else { return nil }
        let after = index + quote.count
        if after == text.count || horizontalSpaceLength(at: after) != nil || closerLength(at: after) != nil
            || SentenceRepair.lineBreaks.contains(where: { matches($0, at: after) }) {
            return quote.count
        }
        return nil
    }

    // MARK: Rule 4: quotations

    /// Whether the sentence ends with `?`, `!`, `。`, `！` or `？`, then closing
    /// quotes or brackets (spaces allowed between them), then same-line
    /// spaces, and the text after it starts with a lowercase letter or the
    /// Japanese quotative particle と.
    func continuesAfterQuotation(_ sentence: Range<Int>) -> Bool {
        let next = sentence.upperBound
        guard startsWithLowercase(at: next) || matches(SentenceRepair.quotativeParticle, at: next) else {
            return false
        }
        var index = startOfTrailingSpaces(sentence)
        var sawQuote = false
        while let quote = SentenceRepair.quotes.first(where: {
            index - $0.count >= sentence.lowerBound && endsWith($0, at: index)
        }) {
            index = startOfTrailingSpaces(sentence.lowerBound..<(index - quote.count))
            sawQuote = true
        }
        guard sawQuote, index > sentence.lowerBound else { return false }
        return SentenceRepair.terminators.contains { endsWith($0, at: index) }
    }

    /// Terminators after which a quotation may go on: ? ! 。 ！ ？.
    static let terminators: [[UInt8]] = [[0x3F], [0x21], [0xE3, 0x80, 0x82], [0xEF, 0xBC, 0x81], [0xEF, 0xBC, 0x9F]]

    /// と, which follows a Japanese quotation: 「はい。」と言った。
    static let quotativeParticle: [UInt8] = [0xE3, 0x81, 0xA8]

    /// Closing quotes and brackets after a question or exclamation: the
    /// closers of rule 3, and " ' ’.
    static let quotes: [[UInt8]] = closingBrackets + closingQuotes + [[0x22], [0x27], [0xE2, 0x80, 0x99]]

    /// Whether the character at `index` is a lowercase letter.
    func startsWithLowercase(at index: Int) -> Bool {
        guard index < text.count else { return false }
        var bytes = text[index...].makeIterator()
        var decoder = UTF8()
        guard case let .scalarValue(scalar) = decoder.decode(&bytes) else { return false }
        return scalar.properties.isLowercase
    }

    // MARK: Spaces and line breaks

    /// Horizontal spaces: space, tab, no-break space, narrow no-break space.
    static let horizontalSpaces: [[UInt8]] = [[0x20], [0x09], [0xC2, 0xA0], [0xE2, 0x80, 0xAF]]

    /// Line breaks: LF, VT, FF, CR, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR.
    static let lineBreaks: [[UInt8]] = [
        [0x0A], [0x0B], [0x0C], [0x0D], [0xC2, 0x85], [0xE2, 0x80, 0xA8], [0xE2, 0x80, 0xA9],
    ]

    func horizontalSpaceLength(at index: Int) -> Int? {
        SentenceRepair.horizontalSpaces.first { matches($0, at: index) }?.count
    }

    /// The length of the line break that ends right before `index`, or 0.
    func lineBreakLength(endingAt index: Int) -> Int {
        SentenceRepair.lineBreaks.first { endsWith($0, at: index) }?.count ?? 0
    }

    /// Where the horizontal spaces at the end of `sentence` start.
    func startOfTrailingSpaces(_ sentence: Range<Int>) -> Int {
        var index = sentence.upperBound
        outer: while index > sentence.lowerBound {
            for space in SentenceRepair.horizontalSpaces
            where index - space.count >= sentence.lowerBound && endsWith(space, at: index) {
                index -= space.count
                continue outer
            }
            break
        }
        return index
    }

    // MARK: Byte matching

    /// Whether `pattern` occurs at `index` of the text.
    func matches(_ pattern: [UInt8], at index: Int) -> Bool { text.holds(pattern, at: index) }

    /// Whether `pattern` ends right before `index` of the text.
    func endsWith(_ pattern: [UInt8], at index: Int) -> Bool { text.holds(pattern, endingAt: index) }
}
