

/// The question at the end of a prompt, found so that it can be protected
/// and used as the query when the caller gives none.
///
/// Retrieval prompts usually end with the question: `Question: …`, `Q: …`,
/// `Query: …` (or `Frage:`, `Pregunta:`, `Pergunta:`, `Domanda:`,
/// `Vraag:`, `Вопрос:`; any case, Markdown `#`, `*`, `_`, `>` around the
/// label allowed), possibly followed by an empty answer label (`Answer:`,
/// `A:`, …). The last non-blank line (before such an answer label) is the
/// question when it carries a question label, or when it ends with `?`; in
/// the second case the question starts at a labelled line up to four lines
/// higher in the same paragraph, if there is one.
///
///     let prompt = Array("Document [1] …\n\nQuestion: How deep is the basin?\n".utf8)
///     let found = TrailingQuestion(in: prompt)!
///     found.range      // the line "Question: How deep is the basin?"
///     found.query      // "How deep is the basin?"
public struct TrailingQuestion: Sendable, Hashable {
    /// The question in the prompt, from its label (or first character) to
    /// the end of the last line, trailing spaces left out; it includes an
    /// empty answer label after it.
    public var range: Range<Int>
    /// The question without its label and the answer label: the text to rank by.
    public var query: String

    /// Finds the trailing question of a prompt; nil when its last line is not one.
    ///
    /// - Complexity: O(length of the last few lines).
    public init?(in bytes: [UInt8]) {
        var lines = LastLines(bytes)
        guard var line = lines.previous() else { return nil }
        let end = line.upperBound
        if let rest = afterLabel(bytes, line, labels: answerLabels), isBlankBytes(bytes[rest]) {
            guard let before = lines.previous() else { return nil }
            line = before
        }
        let questionEnd = line.upperBound
        if let rest = afterLabel(bytes, line, labels: questionLabels) {
            range = line.lowerBound..<end
            query = trimmedString(bytes, rest)
            return
        }
        let last = bytes[line.upperBound - 1]
        let fullWidthQuestionMark: [UInt8] = [0xEF, 0xBC, 0x9F]
        guard last == UInt8(ascii: "?") || bytes[..<line.upperBound].suffix(3).elementsEqual(fullWidthQuestionMark) else {
            return nil
        }
        // A labelled line a little higher, in the same paragraph, starts a multi-line question.
        var start = line.lowerBound
        var queryStart = line.lowerBound
        for _ in 0..<4 {
            guard let above = lines.previous(stopAtBlank: true) else { break }
            if let rest = afterLabel(bytes, above, labels: questionLabels) {
                start = above.lowerBound
                queryStart = rest.lowerBound
                break
            }
        }
        range = start..<end
        query = trimmedString(bytes, queryStart..<questionEnd)
    }
}

let questionLabels = ["question", "q", "query", "frage", "pregunta", "pergunta", "domanda", "vraag", "вопрос"]
let answerLabels = ["answer", "a", "antwort", "réponse", "reponse", "respuesta", "resposta", "risposta", "antwoord", "ответ"]

func isASCIISpace(_ b: UInt8) -> Bool {
    b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") || b == UInt8(ascii: "\n")
}

/// When `line` starts with one of `labels` and a colon (Markdown marks
/// allowed around the label), the range after the colon.
func afterLabel(_ bytes: [UInt8], _ line: Range<Int>, labels: [String]) -> Range<Int>? {
    func isMark(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "#") || b == UInt8(ascii: "*") || b == UInt8(ascii: "_") || b == UInt8(ascii: ">") || isASCIISpace(b)
    }
    var i = line.lowerBound
    while i < line.upperBound && isMark(bytes[i]) { i += 1 }
    let wordStart = i
    while i < line.upperBound && bytes[i] != UInt8(ascii: ":") && !isMark(bytes[i]) { i += 1 }
    // No label is longer than 12 bytes, nor 36 before lowercasing (three
    // bytes a letter at most): a longer word, such as a line of megabytes
    // without a space, is not turned into a string.
    guard i - wordStart <= 64 else { return nil }
    let word = String(decoding: bytes[wordStart..<i], as: UTF8.self).lowercased()
    guard labels.contains(word) else { return nil }
    while i < line.upperBound && isMark(bytes[i]) { i += 1 }
    guard i < line.upperBound, bytes[i] == UInt8(ascii: ":") else { return nil }
    i += 1
    while i < line.upperBound && isMark(bytes[i]) { i += 1 }
    return i..<line.upperBound
}

func trimmedString(_ bytes: [UInt8], _ range: Range<Int>) -> String {
    var lower = range.lowerBound, upper = range.upperBound
    func isMark(_ b: UInt8) -> Bool { isASCIISpace(b) || b == UInt8(ascii: "*") || b == UInt8(ascii: "_") }
    while lower < upper && isMark(bytes[lower]) { lower += 1 }
    while upper > lower && isMark(bytes[upper - 1]) { upper -= 1 }
    return String(decoding: bytes[lower..<upper], as: UTF8.self)
}
