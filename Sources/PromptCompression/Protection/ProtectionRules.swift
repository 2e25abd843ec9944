/// What `ProtectedSpanDetector` protects: the built-in kinds that are on,
/// and the user's own patterns.
///
///     var rules = ProtectionRules()                         // every built-in kind
///     rules.kinds.remove(.number)                           // numbers may be pruned
///     rules.customPatterns = [#"ticket-\d+"#]               // from `--keep REGEX`
///     let detector = try ProtectedSpanDetector(rules: rules)
public struct ProtectionRules: Sendable, Hashable {
    /// A set of built-in span kinds.
    public struct Kinds: OptionSet, Sendable, Hashable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }

        public static let fencedCode = Kinds(rawValue: 1 << 0)
        public static let inlineCode = Kinds(rawValue: 1 << 1)
        public static let url = Kinds(rawValue: 1 << 2)
        public static let email = Kinds(rawValue: 1 << 3)
        public static let number = Kinds(rawValue: 1 << 4)
        public static let date = Kinds(rawValue: 1 << 5)
        public static let identifier = Kinds(rawValue: 1 << 6)
        public static let json = Kinds(rawValue: 1 << 7)
        public static let xml = Kinds(rawValue: 1 << 8)
        /// The caller's question range (`spans(in:question:)`).
        public static let question = Kinds(rawValue: 1 << 9)
        /// `<keep>…</keep>` regions and their markers. When off, the tags are
        /// ordinary text (and may be found as `.xml`).
        public static let keepRegion = Kinds(rawValue: 1 << 10)

        /// Every built-in kind.
        public static let all: Kinds = [
            .fencedCode, .inlineCode, .url, .email, .number, .date, .identifier, .json, .xml, .question, .keepRegion,
        ]

        /// The set holding one built-in kind; empty for `.custom`.
        public init(_ kind: ProtectedSpan.Kind) {
            switch kind {
            case .fencedCode: self = .fencedCode
            case .inlineCode: self = .inlineCode
            case .url: self = .url
            case .email: self = .email
            case .number: self = .number
            case .date: self = .date
            case .identifier: self = .identifier
            case .json: self = .json
            case .xml: self = .xml
            case .question: self = .question
            case .keepRegion: self = .keepRegion
            case .custom: self = []
            }
        }
    }

    /// The built-in kinds to detect; all by default.
    public var kinds: Kinds
    /// Regular expressions (ICU syntax, as `NSRegularExpression` takes them)
    /// whose matches are protected as `.custom(pattern)`; empty matches are
    /// ignored. Each search runs under a time and a memory limit
    /// (`CompressionError.protectionPatternTooCostly`).
    public var customPatterns: [String]

    /// Creates rules.
    ///
    /// - Parameters:
    ///   - kinds: The built-in kinds to detect.
    ///   - customPatterns: The user's regular expressions, checked when the
    ///     detector is created.
    public init(kinds: Kinds = .all, customPatterns: [String] = []) {
        self.kinds = kinds
        self.customPatterns = customPatterns
    }
}
