/// Splits UTF-8 text into sentences and words with ICU's break iterators.
///
/// Boundaries are byte offsets into the UTF-8 text, and the ranges cover the
/// text in order with nothing left out: trailing spaces and newlines belong to
/// the sentence before them, and spaces and punctuation are word segments of
/// kind `.other`.
///
///     let segmenter = Segmenter(locale: "en")
///     let text = "Dr. Smith went to Washington. He arrived at 5 p.m. on Monday."
///     try segmenter.sentences(in: text)   // [0..<30, 30..<61]
///     try segmenter.words(in: "Hi 42")    // [0..<2 .letters, 2..<3 .other, 3..<5 .number]
///
/// Sentences follow Unicode's rules (UAX #29) as tailored by ICU for the
/// locale, with ICU's list of abbreviations that do not end a sentence
/// (`@ss=standard`: "Mr.", "Prof.", "vs." in English; "Dr.", "z.B." in
/// German), and by default four repairs of Tersify's own (`SentenceRules`).
/// Words come from ICU's word rules; Chinese, Japanese and Thai are split with
/// ICU's dictionaries.
///
/// ASCII text is segmented without ICU by byte loops that give ICU's exact
/// answers (`ASCIIWordBreaks` for the locales it lists, `ASCIISentenceBreaks`
/// for `en`); differential tests against ICU prove them equal.
///
/// A `Segmenter` is an immutable `Sendable` value; create one per language.
/// ICU's iterators are cached per locale inside the C shim (`CICU`), so
/// creating segmenters and calling them on short paragraphs is cheap.
public struct Segmenter: Sendable, Hashable {
    /// How sentence boundaries are decided.
    public enum SentenceRules: Sendable, Hashable {
        /// Unicode's rules (UAX #29) with ICU's tailoring for the locale, and
        /// no abbreviation list: "Mr. Smith" is two sentences.
        case plain
        /// `plain` plus ICU's sentence-break suppressions for the locale
        /// (`locale@ss=standard`).
        case icuSuppressions
        /// `icuSuppressions` plus Tersify's repairs: abbreviations that ICU's
        /// list lacks ("Dr.", "Gen.", "e.g.", ... in English; see
        /// `Segmenter.abbreviations(forLanguage:)`) do not end a sentence;
        /// opening brackets that ICU leaves at the end of a sentence
        /// (`言った。「 | 次？」`) go to the next one; closing quotes or
        /// brackets that ICU puts at the start of the next sentence
        /// (`« Bonjour ! | » dit-il.`) stay with their sentence; and a quoted
        /// question or exclamation followed by a lowercase word
        /// (`"Why?" she asked.`, or と in `「はい。」と言った。`) does not end one.
        case tersify
    }

    /// The ICU locale identifier, such as `en`, `de_CH` or `ja`.
    public let locale: String
    /// How sentence boundaries are decided.
    public let sentenceRules: SentenceRules
    /// The locale given to the C shim for sentences: `locale`, with
    /// `ss=none` added for `.plain` (the shim adds `ss=standard` otherwise).
    let _sentenceLocale: String
    /// Tersify's extra abbreviations for the locale's language, as UTF-8
    /// bytes without their final period; empty unless `sentenceRules` is
    /// `.tersify`.
    let _abbreviations: [[UInt8]]

    /// Creates a segmenter for a locale.
    ///
    /// - Parameters:
    ///   - locale: An ICU locale identifier (`en`, `en_US`, `de`, `zh`, `ja`…).
    ///     The empty string is ICU's root locale: no language-specific data.
    ///   - sentenceRules: How sentence boundaries are decided; `.tersify`
    ///     unless you need ICU's exact answer.
    public init(locale: String = "en", sentenceRules: SentenceRules = .tersify) {
        self.locale = locale
        self.sentenceRules = sentenceRules
        switch sentenceRules {
        case .plain:
            _sentenceLocale = locale + (locale.contains("@") ? ";ss=none" : "@ss=none")
            _abbreviations = []
        case .icuSuppressions:
            _sentenceLocale = locale
            _abbreviations = []
        case .tersify:
            _sentenceLocale = locale
            _abbreviations = Segmenter.abbreviations(forLanguage: Segmenter.language(of: locale)).map { Array($0.utf8) }
        }
    }

    /// The language part of an ICU or BCP 47 locale identifier, lowercased:
    /// `en` for `en_US`, `en-GB` and `en@ss=standard`.
    static func language(of locale: String) -> String {
        String(locale.prefix { $0 != "_" && $0 != "-" && $0 != "@" }).lowercased()
    }
}
