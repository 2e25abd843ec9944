/// Finds the stopwords of a text that can be dropped without gluing words
/// together, and the one run of spaces that goes with each.
///
///     let text = "This is not the answer, and it is very simple."
///     let words = try Segmenter(locale: "en").words(in: text)
///     let pruner = StopwordPruner(language: .english, level: .light)
///     let drops = pruner.drops(in: Array(text.utf8), words: words)
///     String(decoding: StopwordPruner.render(Array(text.utf8), dropping: drops), as: UTF8.self)
///     // "This is not answer, and it is simple."
///     // at .full: "not answer, simple."
///
/// What is dropped, and what is kept:
///
/// - A word is a candidate when its segment is `.letters` and it is in the
///   language's list at the level (`Stopwords`). Negations never are.
/// - Spaces: a dropped word takes exactly one adjacent run of spaces and tabs
///   with it: the run after it when a word, a number or an opening bracket or
///   quote follows on the same line; otherwise, at the end of a line or before
///   closing punctuation (`the,` `the.` `the)`), the run before it. A word with
///   no such run (`state-of-the-art`, `(the)`, a word alone on its line) is
///   kept. Line breaks, punctuation and other bytes are never dropped, so the
///   output keeps every line and never has two spaces where the input had one.
/// - Capitals: a capitalised stopword that does not start a sentence is
///   kept at every level: it is most likely part of a name or title ("The
///   Hague", "Die Zeit", "Los Angeles", "Le Monde", "I").
/// - Sentence starts: `.light` keeps the first word of a sentence (or line),
///   so that sentences keep their capital; `.full` drops it when a word or
///   number follows it, so that a sentence never starts with punctuation.
///   A sentence starts at the start of the text, after a line break, or after
///   `.` `!` `?` `…` `。` `！` `？` and closing quotes or brackets.
/// - Protected ranges: a drop (word and spaces) that overlaps one is not
///   made. Empty ranges protect nothing.
///
/// The drops are byte ranges; rendering the text without them gives a byte
/// subsequence of it.
public struct StopwordPruner: Sendable {
    /// The language whose lists are used.
    public let language: Language
    /// How much to prune.
    public let level: Stopwords.Level
    /// The lists; nil for languages without lists (nothing is dropped).
    let _stopwords: Stopwords?

    /// Creates a pruner.
    ///
    /// - Parameters:
    ///   - language: The text's language; one without lists (`.cjk`,
    ///     `.otherScript`, `.otherLanguage`, `.unknown`) drops nothing.
    ///   - level: `.light` (articles, fillers) or `.full`.
    public init(language: Language, level: Stopwords.Level) {
        self.language = language
        self.level = level
        _stopwords = Stopwords(language)
    }

    /// The byte ranges to drop from a text.
    ///
    /// - Parameters:
    ///   - text: The UTF-8 bytes; invalid UTF-8 is allowed.
    ///   - words: The text's word segments, as `Segmenter.words(in:)` gives
    ///     them (in order, not overlapping; only `.letters` segments are
    ///     looked at, so a subset is fine).
    ///   - protected: Byte ranges not to touch, sorted by lower bound.
    /// - Returns: The ranges to drop, sorted and disjoint (two may touch).
    /// - Precondition: `words` and `protected` are sorted and inside the text.
    /// - Complexity: O(n + w + p) for n bytes, w words and p protected ranges.
    public func drops(in text: [UInt8], words: [Word], protected: [Range<Int>] = []) -> [Range<Int>] {
        text.withUnsafeBufferPointer { drops(in: $0, words: words, protected: protected) }
    }

    /// The byte ranges to drop from UTF-8 bytes in memory.
    ///
    /// See `drops(in:words:protected:)` for an array.
    public func drops(in text: UnsafeBufferPointer<UInt8>, words: [Word], protected: [Range<Int>] = []) -> [Range<Int>] {
        var end = 0
        for word in words {
            precondition(word.range.lowerBound >= end && word.range.upperBound <= text.count,
                         "StopwordPruner: word \(word) is out of order or outside the \(text.count) bytes")
            end = word.range.upperBound
        }
        var start = 0
        for range in protected {
            precondition(range.lowerBound >= start && range.upperBound <= text.count,
                         "StopwordPruner: protected range \(range) is out of order or outside the \(text.count) bytes")
            start = range.lowerBound
        }
        guard let stopwords = _stopwords, !text.isEmpty else { return [] }
        var handle = PruneHandle(text: text, stopwords: stopwords, level: level, protected: protected)
        return handle.drops(words)
    }

    /// The text without the dropped ranges.
    ///
    /// - Parameters:
    ///   - text: The bytes.
    ///   - drops: Sorted, disjoint ranges inside the text.
    /// - Returns: The bytes outside the ranges, in order.
    /// - Precondition: `drops` are sorted, disjoint and inside the text.
    /// - Complexity: O(n).
    public static func render(_ text: [UInt8], dropping drops: [Range<Int>]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var start = 0
        for drop in drops {
            precondition(drop.lowerBound >= start && drop.upperBound <= text.count,
                         "StopwordPruner.render: drop \(drop) is out of order or outside the \(text.count) bytes")
            output.append(contentsOf: text[start..<drop.lowerBound])
            start = drop.upperBound
        }
        output.append(contentsOf: text[start...])
        return output
    }

    /// Prunes a string: segments it into words, finds the drops and renders.
    ///
    /// - Parameters:
    ///   - text: The text.
    ///   - segmenter: The segmenter for its words (ICU, with the language's locale by default).
    ///   - protected: Byte ranges of the UTF-8 text not to touch, sorted.
    /// - Returns: The text without its droppable stopwords.
    /// - Throws: The segmenter's `CompressionError`.
    public func prune(_ text: String, segmenter: Segmenter? = nil,
                      protected: [Range<Int>] = []) throws(CompressionError) -> String {
        let bytes = Array(text.utf8)
        let segmenter = segmenter ?? Segmenter(locale: language.hasStopwords ? language.rawValue : "")
        let words = try segmenter.words(in: bytes)
        return String(decoding: StopwordPruner.render(bytes, dropping: drops(in: bytes, words: words, protected: protected)),
                      as: UTF8.self)
    }
}
