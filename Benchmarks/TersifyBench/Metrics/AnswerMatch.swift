/// Answer matching as in the lost-in-the-middle evaluation (the SQuAD
/// `normalize_answer` and `best_subspan_em`): an answer counts as kept when
/// its normalized form is a substring of the normalized text.
public enum AnswerMatch {
    static let asciiPunctuation = Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".unicodeScalars)

    /// Lower case, ASCII punctuation removed (not replaced), the words "a",
    /// "an", "the" removed, white space collapsed to single spaces.
    ///
    ///     AnswerMatch.normalize("The  Eiffel-Tower, Paris!")   // "eiffeltower paris"
    public static func normalize(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars where !asciiPunctuation.contains(scalar) {
            scalars.append(scalar)
        }
        return String(scalars).split(whereSeparator: \.isWhitespace)
            .filter { $0 != "a" && $0 != "an" && $0 != "the" }
            .joined(separator: " ")
    }

    /// Whether any of `answers` survives in `text` (both normalized).
    /// An answer that normalizes to nothing never matches.
    public static func contains(_ text: String, anyOf answers: [String]) -> Bool {
        containsNormalized(normalize(text), anyOf: answers)
    }

    /// `contains(_:anyOf:)` for a text already normalized.
    public static func containsNormalized(_ normalizedText: String, anyOf answers: [String]) -> Bool {
        answers.contains { answer in
            let normalized = normalize(answer)
            return !normalized.isEmpty && normalizedText.contains(normalized)
        }
    }

    /// White space runs folded to one space, ends trimmed: for "is this
    /// passage still there, whole" checks that forgive normalized spacing.
    public static func foldWhitespace(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
