/// Query-free retention proxies for prose: numbers, named entities and
/// content words of the input found in the output, as multiset recall
/// (each occurrence in the input counts; an output occurrence can match one).
///
/// They are our own, simple and independent of the engine: a number is a
/// run of digits (with inner `,` `.` between digits); a named entity is a
/// run of capitalized words that does not start a sentence; a content word
/// is a lowercased alphabetic word of 3 letters or more that is not in a
/// fixed list of English function words.
public enum ProseMetrics {
    /// The numbers in `text`, in order.
    public static func numbers(in text: String) -> [String] {
        let bytes = Array(text.utf8)
        var result: [String] = []
        var index = 0
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        while index < bytes.count {
            guard isDigit(bytes[index]) else { index += 1; continue }
            let start = index
            while index < bytes.count {
                if isDigit(bytes[index]) { index += 1; continue }
                if (bytes[index] == UInt8(ascii: ",") || bytes[index] == UInt8(ascii: ".")),
                   index + 1 < bytes.count, isDigit(bytes[index + 1]) { index += 1; continue }
                break
            }
            result.append(String(decoding: bytes[start..<index], as: UTF8.self))
        }
        return result
    }

    /// The named entities in `text`: maximal runs of capitalized words
    /// (letters, first one upper case) not at the start of a sentence.
    public static func namedEntities(in text: String) -> [String] {
        var result: [String] = []
        var run: [Substring] = []
        var sentenceStart = true
        func flush() {
            if !run.isEmpty { result.append(run.joined(separator: " ")) }
            run.removeAll()
        }
        for raw in text.split(whereSeparator: \.isWhitespace) {
            let word = raw.drop { !$0.isLetter && !$0.isNumber }
            var core = word
            while let last = core.last, !last.isLetter && !last.isNumber { core = core.dropLast() }
            let capitalized = core.first.map { $0.isUppercase } ?? false && core.allSatisfy { $0.isLetter || $0 == "'" || $0 == "-" }
            if capitalized && !sentenceStart && word.startIndex == raw.startIndex {
                run.append(core)
            } else {
                flush()
            }
            // A word ending in . ! ? ends the run and starts a new sentence.
            if let last = raw.last, ".!?".contains(last) {
                flush()
                sentenceStart = true
            } else if !core.isEmpty {
                sentenceStart = false
            }
        }
        flush()
        return result
    }

    /// The content words of `text`, lower case.
    public static func contentWords(in text: String) -> [String] {
        text.lowercased().split { !$0.isLetter }.compactMap { word in
            word.count >= 3 && !functionWords.contains(String(word)) ? String(word) : nil
        }
    }

    /// How many of `expected` (a multiset) are found in `found`.
    /// - Returns: nil when `expected` is empty.
    public static func recall(_ expected: [String], in found: [String]) -> Double? {
        guard !expected.isEmpty else { return nil }
        var available: [String: Int] = [:]
        for item in found { available[item, default: 0] += 1 }
        var matched = 0
        for item in expected where (available[item] ?? 0) > 0 {
            available[item]! -= 1
            matched += 1
        }
        return Double(matched) / Double(expected.count)
    }

    /// English function words (articles, pronouns, auxiliaries,
    /// prepositions, conjunctions, common adverbs) of 3 letters or more.
    static let functionWords: Set<String> = [
        "the", "and", "but", "for", "nor", "yet", "you", "she", "her", "him", "his", "its", "our", "out", "they",
        "them", "their", "theirs", "this", "that", "these", "those", "who", "whom", "whose", "which", "what",
        "when", "where", "why", "how", "are", "was", "were", "been", "being", "have", "has", "had", "having",
        "does", "did", "doing", "done", "will", "would", "shall", "should", "can", "could", "may", "might",
        "must", "not", "all", "any", "both", "each", "few", "more", "most", "other", "some", "such", "only",
        "own", "same", "than", "too", "very", "just", "also", "into", "onto", "from", "with", "without",
        "about", "above", "below", "after", "before", "between", "through", "during", "under", "over", "again",
        "further", "then", "once", "here", "there", "because", "while", "until", "upon", "off", "per", "via",
        "your", "yours", "mine", "ours", "myself", "yourself", "himself", "herself", "itself", "ourselves",
        "themselves", "one", "ones", "get", "got", "let", "lot", "lots", "even", "much", "many", "now",
        "ever", "never", "always", "often", "still", "well", "like", "though", "although", "whether",
        "either", "neither", "within", "across", "along", "among", "around", "against", "toward", "towards",
    ]
}
