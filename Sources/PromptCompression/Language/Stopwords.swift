/// The stopword lists of one language, at two levels, and the negations that
/// are never stopwords.
///
/// Matching is case-insensitive with Unicode lowercasing ("The", "ÜBER",
/// "Это"), and the typographic apostrophe ’ matches ' ("it’s"):
///
///     let english = Stopwords(.english)!
///     english.contains("The", at: .light)     // true
///     english.contains("of", at: .light)      // false: a preposition
///     english.contains("of", at: .full)       // true
///     english.contains("not", at: .full)      // false: negations never are
///     Stopwords.isNegation("don’t")           // true
///
/// The lists are string literals (`Stopwords+Lists.swift`), split once, on
/// first use, into a hash table of lowercase UTF-8 byte strings shared by
/// all values.
public struct Stopwords: Sendable {
    /// How much to prune.
    public enum Level: Int, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
        /// Articles and pure fillers: "the", "a", "an", "very", "really",
        /// "basically"; "der", "die", "das", "ein"; "le", "la", "les", "un".
        case light = 1
        /// `light` plus pronouns, the primary auxiliaries, the prepositions
        /// that carry little meaning, "and" and "that".
        case full = 2

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }

        public var description: String { self == .light ? "light" : "full" }
    }

    /// The language of the lists.
    public let language: Language
    /// Lookup forms (lowercase UTF-8, ’ as ') to the lowest level that
    /// contains them: 1 `light`, 2 `full`. Negations are not in it.
    let _table: ByteStringTable

    /// The lists of a language.
    ///
    /// - Parameter language: One of `Language.withStopwords`.
    /// - Returns: nil for a language without lists (`.cjk`, `.otherScript`,
    ///   `.otherLanguage`, `.unknown`).
    public init?(_ language: Language) {
        guard let index = language._stopwordIndex else { return nil }
        self.language = language
        _table = Stopwords._tables[index]
    }

    /// Whether `word` is a stopword of the language at `level` (or below).
    ///
    /// - Parameters:
    ///   - word: One word, any case.
    ///   - level: The level.
    /// - Returns: false for negations, whatever the lists say.
    public func contains(_ word: String, at level: Level) -> Bool {
        var key: [UInt8] = []
        var word = word
        return word.withUTF8 { containsPhrase($0, at: level, key: &key) }
    }

    /// Whether the UTF-8 bytes of one word are a stopword at `level` (or below).
    ///
    /// - Parameters:
    ///   - utf8: The word's bytes; invalid UTF-8 is never a stopword.
    ///   - level: The level.
    /// - Returns: false for negations.
    /// - Complexity: O(word length) for ASCII words; non-ASCII words are
    ///   lowercased through `String`.
    public func contains(utf8: UnsafeBufferPointer<UInt8>, at level: Level) -> Bool {
        var key: [UInt8] = []
        return containsPhrase(utf8, at: level, key: &key)
    }

    /// All stopwords at `level` (or below), in their lookup form, sorted.
    public func words(at level: Level) -> [String] {
        _table.entries.filter { Int($0.1) <= level.rawValue }
            .map { String(decoding: $0.0, as: UTF8.self) }.sorted()
    }

    /// `contains`, with a caller's scratch buffer for the lookup form.
    func containsPhrase(_ word: UnsafeBufferPointer<UInt8>, at level: Level, key: inout [UInt8]) -> Bool {
        guard WordKey.make(word, into: &key) else { return false }
        return key.withUnsafeBufferPointer { key in
            guard let found = _table.value(of: key), Int(found) <= level.rawValue else { return false }
            return !Stopwords._isNegation(key)
        }
    }

    // MARK: Negations

    /// Whether a word is a negation in any of the eight languages: in a
    /// negation list ("not", "nicht", "pas", "никогда"), an English "n't"
    /// contraction ("don't", "isn’t", "can't"), or a French word starting with
    /// "n'" ("n'est").
    ///
    /// Negations are never stopwords, in any language and at any level.
    public static func isNegation(_ word: String) -> Bool {
        _isNegation(WordKey.make(word))
    }

    /// Whether a lookup form is a negation.
    static func _isNegation(_ key: [UInt8]) -> Bool {
        key.withUnsafeBufferPointer { _isNegation($0) }
    }

    /// Whether a lookup form (lowercase, ASCII apostrophes) is a negation.
    static func _isNegation(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let apostrophe = UInt8(ascii: "'")
        let count = key.count
        if count >= 3, key[count - 1] == UInt8(ascii: "t"), key[count - 2] == apostrophe,
           key[count - 3] == UInt8(ascii: "n") {
            return true
        }
        if count >= 2, key[0] == UInt8(ascii: "n"), key[1] == apostrophe { return true }
        return _negations.value(of: key) != nil
    }

    // MARK: Tables

    /// The union of the eight negation lists.
    static let _negations: ByteStringTable = {
        let entries = Language.withStopwords.flatMap { language in
            _split(_negationList(language)).map { ($0, UInt8(1)) }
        }
        return ByteStringTable(entries)
    }()

    /// One table per language of `Language.withStopwords`, negations removed.
    static let _tables: [ByteStringTable] = Language.withStopwords.map { language in
        let light = _split(_lightList(language)).map { ($0, UInt8(Level.light.rawValue)) }
        let full = _split(_fullList(language)).map { ($0, UInt8(Level.full.rawValue)) }
        let entries = (light + full).filter { !_isNegation($0.0) }
        return ByteStringTable(entries, combine: { min($0, $1) })
    }

    /// The lookup forms of the words of a list literal.
    static func _split(_ list: String) -> [[UInt8]] {
        list.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { WordKey.make(String($0)) }
    }
}
