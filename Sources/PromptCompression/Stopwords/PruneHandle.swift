/// The stopword pruner's pass over one text (see `StopwordPruner` for the
/// rules). Reads bytes only: every test is against ASCII bytes or short
/// UTF-8 sequences, and non-ASCII letters are decoded one at a time.
struct PruneHandle {
    let text: UnsafeBufferPointer<UInt8>
    let stopwords: Stopwords
    let level: Stopwords.Level
    let protected: [Range<Int>]
    /// The first protected range that may still overlap a drop.
    var protectedIndex = 0
    /// Scratch for the lookup form of a word.
    var key: [UInt8] = []

    init(text: UnsafeBufferPointer<UInt8>, stopwords: Stopwords, level: Stopwords.Level, protected: [Range<Int>]) {
        self.text = text
        self.stopwords = stopwords
        self.level = level
        self.protected = protected
        key.reserveCapacity(WordKey.maximumLength)
    }

    /// The drops for the words, in order.
    mutating func drops(_ words: [Word]) -> [Range<Int>] {
        var drops: [Range<Int>] = []
        var lastDropEnd = 0
        // Where a sentence starts now that the words before it in its sentence were dropped.
        var movedSentenceStart = -1
        for word in words where word.kind == .letters {
            let start = word.range.lowerBound
            let end = word.range.upperBound
            guard start < end, stopwords.containsPhrase(UnsafeBufferPointer(rebasing: text[start..<end]), at: level, key: &key)
            else { continue }
            let startsSentence = startsSentence(at: start)
            if !startsSentence, isCapitalised(at: start) { continue }
            let initial = startsSentence || start == movedSentenceStart
            if initial, level == .light { continue }
            guard let drop = drop(start..<end, initial: initial), drop.lowerBound >= lastDropEnd,
                  !overlapsProtected(drop) else { continue }
            drops.append(drop)
            lastDropEnd = drop.upperBound
            if initial { movedSentenceStart = drop.upperBound }
        }
        return drops
    }

    /// The word and the run of spaces that goes with it, or nil when the word
    /// has to stay.
    func drop(_ word: Range<Int>, initial: Bool) -> Range<Int>? {
        let count = text.count
        var after = word.upperBound
        while after < count, isSpace(text[after]) { after += 1 }
        var before = word.lowerBound
        while before > 0, isSpace(text[before - 1]) { before -= 1 }

        // The run after: a word, a number or an opening mark follows on the same line.
        if after > word.upperBound, after < count, !isLineBreak(text[after]), !isCloser(at: after, quotes: false) {
            let leftSeparated = before < word.lowerBound || word.lowerBound == 0
                || isLineBreak(text[word.lowerBound - 1]) || isOpener(endingAt: word.lowerBound)
            if leftSeparated, !initial || startsWord(at: after) { return word.lowerBound..<after }
        }
        // The run before: at the end of a line or the text, or before closing punctuation.
        guard !initial, before < word.lowerBound, before > 0, !isLineBreak(text[before - 1]) else { return nil }
        let rightEnd = word.upperBound == count || isLineBreak(text[word.upperBound])
            || after > word.upperBound && (after == count || isLineBreak(text[after]))
            || isCloser(at: word.upperBound, quotes: true)
        return rightEnd ? before..<word.upperBound : nil
    }

    /// Whether `range` overlaps a protected range (ranges come in increasing
    /// order). Empty protected ranges protect nothing.
    mutating func overlapsProtected(_ range: Range<Int>) -> Bool {
        while protectedIndex < protected.count,
              protected[protectedIndex].upperBound <= range.lowerBound || protected[protectedIndex].isEmpty {
            protectedIndex += 1
        }
        return protectedIndex < protected.count && protected[protectedIndex].lowerBound < range.upperBound
    }

    // MARK: Sentences and words

    /// Whether a sentence (or line) starts at `index`: only spaces, quotes
    /// and brackets stand between it and the start of the text, a line
    /// break, or a terminator (. ! ? … 。 ！ ？).
    func startsSentence(at index: Int) -> Bool {
        var index = index
        while index > 0 {
            let byte = text[index - 1]
            if isSpace(byte) || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "(")
                || byte == UInt8(ascii: "[") || byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") {
                index -= 1
                continue
            }
            if isLineBreak(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") {
                return true
            }
            if byte < 0x80 { return false }
            if let mark = PruneHandle.quoteMarks.first(where: { endsWith($0, at: index) }) {
                index -= mark.count
                continue
            }
            return PruneHandle.terminators.contains { endsWith($0, at: index) }
        }
        return true
    }

    /// Whether the word at `index` starts with an uppercase or titlecase letter.
    func isCapitalised(at index: Int) -> Bool {
        let byte = text[index]
        if byte < 0x80 { return byte &- UInt8(ascii: "A") < 26 }
        guard let (value, _) = LanguageScan.decode(text, at: index), let scalar = Unicode.Scalar(value) else {
            return false
        }
        return scalar.properties.isUppercase || scalar.properties.generalCategory == .titlecaseLetter
    }

    /// Whether a letter or digit starts at `index`.
    func startsWord(at index: Int) -> Bool {
        let byte = text[index]
        if byte < 0x80 {
            return (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10
        }
        guard let (value, _) = LanguageScan.decode(text, at: index), let scalar = Unicode.Scalar(value) else {
            return false
        }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    // MARK: Bytes

    /// Space or tab: the only bytes dropped besides words.
    @inline(__always)
    func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// LF, VT, FF, CR: never dropped, and a line's first and last words keep
    /// their side. (NEL, U+2028 and U+2029 are not spaces, so they are kept too.)
    @inline(__always)
    func isLineBreak(_ byte: UInt8) -> Bool { byte >= 0x0A && byte <= 0x0D }

    /// Whether closing or final punctuation starts at `index`:
    /// . , ; : ! ? ) ] } … ” » and, with `quotes`, " and ' (which open a
    /// quotation after a space, and close one right after a word).
    func isCloser(at index: Int, quotes: Bool) -> Bool {
        guard index < text.count else { return false }
        switch text[index] {
        case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "!"),
             UInt8(ascii: "?"), UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
            return true
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return quotes
        case 0x80...:
            return PruneHandle.closers.contains { matches($0, at: index) }
        default:
            return false
        }
    }

    /// Whether an opening bracket or quote ends right before `index`:
    /// ( [ { " ' “ ‘ « „ ¿ ¡.
    func isOpener(endingAt index: Int) -> Bool {
        switch text[index - 1] {
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: "\""), UInt8(ascii: "'"):
            return true
        case 0x80...:
            return PruneHandle.openers.contains { endsWith($0, at: index) }
        default:
            return false
        }
    }

    /// Closing marks: … ” ».
    static let closers: [[UInt8]] = [[0xE2, 0x80, 0xA6], [0xE2, 0x80, 0x9D], [0xC2, 0xBB]]
    /// Opening marks: “ ‘ « „ ¿ ¡.
    static let openers: [[UInt8]] = [[0xE2, 0x80, 0x9C], [0xE2, 0x80, 0x98], [0xC2, 0xAB], [0xE2, 0x80, 0x9E],
                                     [0xC2, 0xBF], [0xC2, 0xA1]]
    /// Quotes skipped when looking for the start of a sentence: “ ” ‘ ’ « » „ ¿ ¡.
    static let quoteMarks: [[UInt8]] = openers + [[0xE2, 0x80, 0x9D], [0xE2, 0x80, 0x99], [0xC2, 0xBB]]
    /// Sentence terminators: … 。 ！ ？.
    static let terminators: [[UInt8]] = [[0xE2, 0x80, 0xA6], [0xE3, 0x80, 0x82], [0xEF, 0xBC, 0x81], [0xEF, 0xBC, 0x9F]]

    /// Whether `pattern` occurs at `index` of the text.
    func matches(_ pattern: [UInt8], at index: Int) -> Bool { text.holds(pattern, at: index) }

    /// Whether `pattern` ends right before `index` of the text.
    func endsWith(_ pattern: [UInt8], at index: Int) -> Bool { text.holds(pattern, endingAt: index) }
}
