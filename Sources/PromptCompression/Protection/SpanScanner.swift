// Performance notes (debug builds on a 2-core machine under load):
// - Linear: every pathological 1 MiB input of `ProtectedSpanTests` takes
//   about four times as long as its first quarter (3.2–6.3x with noise).
// - Unit, month and scheme lists are byte arrays with a first-byte filter,
//   not `StaticString`s: 1 MiB of `+1 ` (a number before every space)
//   takes 1.5 s against 6.2 s.

/// The byte scanner behind `ProtectedSpanDetector`: hand-written recognizers
/// for the built-in kinds over the UTF-8 bytes of one text.
///
/// Two passes. The first finds the regions whose inside is not looked at
/// again; the second walks the rest once, left to right, and at each byte
/// where a kind can start tries the recognizers for it, in this order:
///
///     pass 1   fenced code            line by line
///              <keep> … </keep>       outside code
///     pass 2   `                      inline code
///              <                      markup
///              { [                    JSON
///              @                      e-mail address (read backwards too)
///              start of a word        URL, Windows path, date, relative path,
///                                     UUID, hexadecimal, number, identifier,
///                                     path from the root
///
/// The walk jumps past what a recognizer found, or past the current word
/// when none found anything.
///
/// Linear time: every recognizer either succeeds and the walk jumps past
/// its span, or gives up after a bounded look-ahead (numbers, dates, e-mail
/// addresses, URL schemes: tens to a few hundred bytes), or remembers how
/// far its failed look-ahead went and does not start again before that
/// point (JSON, markup, paths, identifiers, inline code). Recognizers
/// compare bytes with ASCII constants and a few UTF-8 sequences (no-break
/// and thin spaces, dashes, currency signs, quotes); invalid UTF-8 is just
/// bytes that match none of them.
///
/// Spans are collected unordered and may overlap; `ProtectedSpans` sorts
/// and merges them.
struct SpanScanner {
    /// The text's UTF-8 bytes (not necessarily valid UTF-8).
    let text: UnsafeBufferPointer<UInt8>
    /// The built-in kinds to look for.
    let kinds: ProtectionRules.Kinds
    /// What was found so far, in no particular order.
    var spans: [ProtectedSpan] = []
    /// The `<keep>` and `</keep>` tags of keep regions.
    var keepMarkers: [Range<Int>] = []
    /// Sorted, disjoint ranges the second pass jumps over: fenced code blocks
    /// and keep regions with their tags (their spans are already in `spans`).
    var skipRegions: [Range<Int>] = []
    /// Spans found ahead of the scan position by a JSON or markup candidate
    /// that failed as a whole (its complete inner blocks); sorted by start
    /// from `pendingIndex` on. The scan emits each one and jumps past it.
    var pending: [ProtectedSpan] = []
    /// The first span of `pending` not yet emitted.
    var pendingIndex = 0

    // Where failed look-aheads ended: no new attempt of that recognizer
    // starts before these positions (see each recognizer).
    /// JSON: the byte where the last failed candidate stopped parsing.
    var jsonResume = 0
    /// Markup: the byte where the last failed element stopped parsing.
    var markupResume = 0
    /// Paths: the end of the last run of path characters that was no path.
    var pathResume = 0
    /// Identifiers: the end of the last word that was no identifier.
    var identifierResume = 0
    /// Inline code: for an opening run of `k` backticks, `inlineCodeNoCloserBefore[k]`
    /// is the end of the paragraph in which a search found no closing run of `k`.
    var inlineCodeNoCloserBefore: [Int]
    /// Markup: the position from which `-->`, `]]>` and `?>` are known not to
    /// occur (`Int.max` while unknown).
    var commentCloseAbsentFrom = Int.max
    var cdataCloseAbsentFrom = Int.max
    var processingCloseAbsentFrom = Int.max

    // Scratch space of the JSON and markup parsers, reused across candidates.
    /// The open containers of the JSON candidate.
    var jsonStack: [JSONFrame] = []
    /// The largest complete inner blocks of the JSON candidate that qualify,
    /// with their depth.
    var jsonCompleted: [(range: Range<Int>, depth: Int)] = []
    /// The open elements of the markup candidate.
    var markupStack: [MarkupFrame] = []
    /// The spans found in the markup candidate.
    var markupFound: [ProtectedSpan] = []

    /// The longest backtick run that opens inline code.
    static let maxInlineFence = 16

    /// Whether plain words are passed without trying the recognizers
    /// (`isPlainWord`); off only in the tests that compare both ways.
    var skipsPlainWords = true

    init(text: UnsafeBufferPointer<UInt8>, kinds: ProtectionRules.Kinds) {
        self.text = text
        self.kinds = kinds
        inlineCodeNoCloserBefore = [Int](repeating: 0, count: Self.maxInlineFence + 1)
        spans.reserveCapacity(Swift.max(16, text.count / 128))
    }

    /// The number of bytes.
    var count: Int { text.count }

    /// Finds every span: fenced code and keep regions first, then one walk
    /// over the rest.
    ///
    /// - Complexity: O(n) in the number of bytes (plus sorting what was found,
    ///   in `ProtectedSpans`).
    mutating func scan() {
        let fences = kinds.contains(.fencedCode) ? findFencedCode() : []
        let keeps = kinds.contains(.keepRegion) ? findKeepRegions(skipping: fences) : []
        skipRegions = Self.outermost(fences, keeps)
        walk()
    }

    /// The regions of `inner` that no region of `outer` holds, and `outer`, sorted.
    ///
    /// Both are sorted and disjoint, and no region of one partly overlaps one
    /// of the other (keep tags inside fences are not keep tags).
    static func outermost(_ inner: [Range<Int>], _ outer: [Range<Int>]) -> [Range<Int>] {
        if outer.isEmpty { return inner }
        var result: [Range<Int>] = []
        result.reserveCapacity(inner.count + outer.count)
        var o = 0
        for region in inner {
            while o < outer.count, outer[o].upperBound <= region.lowerBound {
                result.append(outer[o])
                o += 1
            }
            if o < outer.count, outer[o].lowerBound <= region.lowerBound { continue }  // inside outer[o]
            result.append(region)
        }
        result.append(contentsOf: outer[o...])
        return result
    }

    /// The second pass: one walk over the text outside the skip regions.
    mutating func walk() {
        var i = 0
        var region = 0
        while i < count {
            if region < skipRegions.count, skipRegions[region].lowerBound <= i {
                i = Swift.max(i, skipRegions[region].upperBound)
                region += 1
                continue
            }
            if pendingIndex < pending.count, pending[pendingIndex].range.lowerBound <= i {
                let span = pending[pendingIndex]
                pendingIndex += 1
                spans.append(span)
                i = Swift.max(i, span.range.upperBound)
                continue
            }
            // Most positions start nothing: decided from the bytes alone,
            // not through `detect(at:)`, whose calls copy the scanner.
            if skipsPlainWords && Self.startsNothing(text, at: i) {
                i = Self.endOfWord(text, at: i)
            } else if let end = detect(at: i) {
                assert(end > i)
                i = end
            } else {
                i = endOfWord(at: i)
            }
        }
        spans.append(contentsOf: pending[pendingIndex...])
        pendingIndex = pending.count
    }

    /// Adds spans found ahead of the scan (each after the scan position),
    /// keeping `pending` sorted from `pendingIndex` on.
    mutating func addPending(_ found: [ProtectedSpan]) {
        guard !found.isEmpty else { return }
        let wasSorted = pendingIndex == pending.count
            || pending[pending.count - 1].range.lowerBound <= found[0].range.lowerBound
        pending.append(contentsOf: found)
        if !wasSorted || !found.isSorted {
            pending[pendingIndex...].sort { $0.range.lowerBound < $1.range.lowerBound }
        }
    }

    /// Tries the recognizers that can start at `i` and adds what they find.
    ///
    /// - Returns: Where the walk continues: after the span found, or after a
    ///   backtick run that opens nothing; nil when nothing was found (the walk
    ///   then passes the word at `i`).
    mutating func detect(at i: Int) -> Int? {
        switch text[i] {
        case UInt8(ascii: "`"):
            guard kinds.contains(.inlineCode) else { return nil }
            // A run that opens nothing is passed whole: its tail is no opener either.
            guard let span = inlineCodeSpan(at: i) else { return endOfRun(of: UInt8(ascii: "`"), from: i) }
            return span.isCode ? emit(span.end, from: i, .inlineCode) ?? span.end : span.end
        case UInt8(ascii: "<"):
            return kinds.contains(.xml) ? markup(at: i) : nil
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            return kinds.contains(.json) ? emit(json(at: i), from: i, .json) : nil
        case UInt8(ascii: "@"):
            guard kinds.contains(.email), let range = email(at: i) else { return nil }
            spans.append(ProtectedSpan(range: range, kind: .email))
            return range.upperBound
        default:
            break
        }
        guard isWordStart(i) else { return nil }
        let byte = text[i]
        if byte.isLetter {
            if kinds.contains(.url), let end = url(at: i) { return emit(end, from: i, .url) }
            if kinds.contains(.identifier), let end = windowsPath(at: i) { return emit(end, from: i, .identifier) }
            if kinds.contains(.date), let end = dateStartingWithName(at: i) { return emit(end, from: i, .date) }
        }
        if byte.isDigit, kinds.contains(.date), let end = numericDate(at: i) { return emit(end, from: i, .date) }
        if byte.isWordByte, kinds.contains(.identifier) {
            if let end = relativePath(at: i) { return emit(end, from: i, .identifier) }
            if let end = uuid(at: i) ?? hexString(at: i) { return emit(end, from: i, .identifier) }
        }
        if kinds.contains(.number), let end = number(at: i) { return emit(end, from: i, .number) }
        if kinds.contains(.identifier) {
            if byte.isWordByte { return emit(identifier(at: i), from: i, .identifier) }
            return emit(absolutePath(at: i), from: i, .identifier)
        }
        return nil
    }

    /// Whether `detect(at: i)` finds nothing, decided from the bytes: no
    /// recognizer starts with the byte at `i` and no word starts there, or
    /// a plain word does (`isPlainWord`).
    @inline(__always)
    static func startsNothing(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        let byte = text[i]
        switch byte {
        case UInt8(ascii: "`"), UInt8(ascii: "<"), UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "@"):
            return false
        default:
            return !isWordStart(text, i) || (byte.isLetter && isPlainWord(text, at: i))
        }
    }

    /// Whether the word at `i` (a word start, an ASCII letter) is one that
    /// every recognizer of `detect(at:)` refuses, found with one look at its
    /// letters and the byte after them: most words of prose.
    ///
    /// It is when its ASCII letters are fewer than 16 (no hexadecimal
    /// string), have no capital after a lowercase letter (no camelCase
    /// identifier), and are followed by the end or by a space, tab, line
    /// break, `,`, `;`, `)`, `!`, `?` or `"`: no digit, period, colon,
    /// slash, hyphen, underscore or `@` joins them into a URL, path, UUID,
    /// number or identifier. A capitalized word must moreover be no month
    /// or weekday name (a date) and, before a space, not be followed by a
    /// digit (`USD 12`). The words it refuses go through the recognizers.
    ///
    /// Performance: the recognizers cost about 1,500 instructions a word
    /// of NQ passages (callgrind), this test a few a letter.
    static func isPlainWord(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        let count = text.count
        var j = i
        var lowercaseSeen = false
        while j < count {
            let b = text[j]
            if b.isLower {
                lowercaseSeen = true
            } else if b.isUpper {
                if lowercaseSeen { return false }
            } else {
                break
            }
            j += 1
        }
        guard j - i < 16 else { return false }
        if j < count {
            switch text[j] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"), UInt8(ascii: ","),
                 UInt8(ascii: ";"), UInt8(ascii: ")"), UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: "\""):
                break
            default:
                return false
            }
        }
        if text[i].isUpper {
            if j + 1 < count && text[j] == UInt8(ascii: " ") && text[j + 1].isDigit { return false }
            if isDateName(text, i..<j) { return false }
        }
        return true
    }

    /// Whether the letters of `word` are a month or weekday name in any case
    /// (`monthNameLength` and `weekdayNameLength` find one at a capital
    /// only when it is the whole word, the word being all letters).
    static func isDateName(_ text: UnsafeBufferPointer<UInt8>, _ word: Range<Int>) -> Bool {
        guard word.count >= 3 && word.count <= 9 else { return false }
        switch text[word.lowerBound] | 0x20 {
        case UInt8(ascii: "j"), UInt8(ascii: "f"), UInt8(ascii: "m"), UInt8(ascii: "a"), UInt8(ascii: "s"), UInt8(ascii: "o"),
             UInt8(ascii: "n"), UInt8(ascii: "d"), UInt8(ascii: "t"), UInt8(ascii: "w"):
            break
        default:
            return false
        }
        func equals(_ name: [UInt8]) -> Bool {
            guard name.count == word.count else { return false }
            for k in 0..<name.count where text[word.lowerBound + k] | 0x20 != name[k] { return false }
            return true
        }
        return monthNames.contains(where: equals) || weekdayNames.contains(where: equals)
    }

    /// Adds `start..<end` as a span of `kind` when `end` is not nil, and returns `end`.
    mutating func emit(_ end: Int?, from start: Int, _ kind: ProtectedSpan.Kind) -> Int? {
        guard let end else { return nil }
        assert(start < end && end <= count)
        spans.append(ProtectedSpan(range: start..<end, kind: kind))
        return end
    }

    /// Where the walk goes when nothing starts at `i`: past the run of ASCII
    /// letters, digits and underscores at `i`, or one byte on.
    func endOfWord(at i: Int) -> Int { Self.endOfWord(text, at: i) }

    static func endOfWord(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        var j = i + 1
        if text[i].isWordByte {
            while j < text.count, text[j].isWordByte { j += 1 }
        }
        return j
    }
}

extension [ProtectedSpan] {
    /// Whether the spans are sorted by start.
    var isSorted: Bool {
        zip(self, dropFirst()).allSatisfy { $0.range.lowerBound <= $1.range.lowerBound }
    }
}
