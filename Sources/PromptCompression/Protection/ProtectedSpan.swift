/// A byte range of a prompt that the compression passes must leave alone.
///
/// Ranges are byte offsets into the UTF-8 text the detector was given:
///
///     let text = "Call +31 10 555 0142 before 06:00."
///     try ProtectedSpanDetector().spans(in: text).spans
///     // [5..<20 .number, 28..<33 .number]
///
/// Whitespace normalization, deduplication, stopword pruning and retrieval
/// trimming keep every byte of a protected span, in order.
public struct ProtectedSpan: Sendable, Hashable, CustomStringConvertible {
    /// What a protected span holds.
    public enum Kind: Sendable, Hashable, CustomStringConvertible {
        /// A fenced code block: a line of three or more backticks or tildes,
        /// up to the closing fence (or the end of the text).
        case fencedCode
        /// Inline code between backtick runs of the same length (a single
        /// backtick on each side, or two around code that holds one), on one paragraph.
        case inlineCode
        /// A URL with a scheme (`https://…`, `mailto:…`) or starting `www.`.
        case url
        /// An e-mail address.
        case email
        /// A number with its sign, currency, unit or range: `-3.5 %`,
        /// `$1,000`, `25 °C`, `10–20 km`, `1.2.3`, `+31 10 555 0142`,
        /// `06:00`, `5 p.m.`, `2nd`.
        case number
        /// A date: `2024-03-14T10:00:00Z`, `14/03/2024`, `14 March 2024`,
        /// `March 14, 2024`, `Mar 2024`.
        case date
        /// A UUID, hexadecimal string, file path, or code identifier
        /// (`user_id42`, `HM-7`, `getUserName`).
        case identifier
        /// A JSON object or array that parses.
        case json
        /// An XML or HTML element with balanced tags, a self-closing tag or a
        /// comment; for elements holding prose, only their tags.
        case xml
        /// The question, as marked by the caller.
        case question
        /// The text between `<keep>` and `</keep>`.
        case keepRegion
        /// A match of a user's regular expression (the pattern is the payload).
        case custom(String)

        /// Every kind except `.custom`, in the order of `ProtectionRules.Kinds`.
        public static let builtIn: [Kind] = [
            .fencedCode, .inlineCode, .url, .email, .number, .date, .identifier, .json, .xml, .question, .keepRegion,
        ]

        public var description: String {
            switch self {
            case .fencedCode: "fencedCode"
            case .inlineCode: "inlineCode"
            case .url: "url"
            case .email: "email"
            case .number: "number"
            case .date: "date"
            case .identifier: "identifier"
            case .json: "json"
            case .xml: "xml"
            case .question: "question"
            case .keepRegion: "keepRegion"
            case let .custom(pattern): "custom(\(pattern))"
            }
        }
    }

    /// The span's bytes in the UTF-8 text; never empty.
    public var range: Range<Int>
    /// What the span holds.
    public var kind: Kind

    /// Creates a span.
    public init(range: Range<Int>, kind: Kind) {
        self.range = range
        self.kind = kind
    }

    public var description: String { "\(range.lowerBound)..<\(range.upperBound) .\(kind)" }
}
