/// A language, or a family of texts, as far as the compression passes care.
///
/// The eight languages with stopword lists have their ISO 639-1 code as raw
/// value. The other cases tell a pass why there is no list:
///
///     Language(rawValue: "de")     // .german
///     Language.cjk.hasStopwords    // false: Chinese, Japanese and Korean are not pruned
public enum Language: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case english = "en"
    case german = "de"
    case french = "fr"
    case spanish = "es"
    case portuguese = "pt"
    case italian = "it"
    case dutch = "nl"
    case russian = "ru"
    /// Chinese, Japanese or Korean: Han ideographs, kana or Hangul. Words are
    /// not separated by spaces and there is no stopword pruning.
    case cjk
    /// Another writing system: Greek, Arabic, Hebrew, Devanagari, Thai and
    /// others (neither Latin, nor Cyrillic, nor CJK).
    case otherScript = "other-script"
    /// A language written in Latin or Cyrillic letters that Tersify has no
    /// list for, recognised by its letters: Polish (ł, ś, ż), Czech (ř, ě, ů),
    /// Turkish (ş, ğ, ı), Nordic (å, ø, æ), Hungarian (ő, ű), Ukrainian (і, ї, є),
    /// Serbian and Macedonian (ј, љ, њ).
    case otherLanguage = "other-language"
    /// Not enough evidence: empty, too short, numbers, code, or mixed.
    case unknown = "und"

    /// The eight languages that have stopword lists, in declaration order.
    public static let withStopwords: [Language] = [
        .english, .german, .french, .spanish, .portuguese, .italian, .dutch, .russian,
    ]

    /// Whether Tersify has stopword lists for the language.
    public var hasStopwords: Bool { _stopwordIndex != nil }

    /// The position in `withStopwords`, or nil.
    var _stopwordIndex: Int? {
        switch self {
        case .english: 0
        case .german: 1
        case .french: 2
        case .spanish: 3
        case .portuguese: 4
        case .italian: 5
        case .dutch: 6
        case .russian: 7
        case .cjk, .otherScript, .otherLanguage, .unknown: nil
        }
    }

    public var description: String { rawValue }
}
