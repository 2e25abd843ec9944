// Quality and performance notes (`tersify bench`, seed 42, against the
// same run without stemming; the 100k-token benchmark is
// `tersify-benchmarks compression`; figures in docs/quality.md and
// docs/performance.md):
//
// Quality
// - Inflectional suffixes only (Porter2 steps 0, 1 and 5, the other
//   languages' inflectional steps), because a question and its passage
//   differ mostly by inflection: every task stays inside its 95 % interval,
//   answer kept up to 2.0 points higher (instructed-qa at 256 tokens 95.2
//   to 97.2 %, NQ-20 at 8x 96.5 to 98.0 %), HotpotQA at 8x 24.4 to 23.6 %.
// - Words of at least four letters, and only those whose stem starts like
//   a question word, because that costs nothing measurable: against
//   stemming every word, NQ and the whole-prompt NQ tasks are the same and
//   HotpotQA moves by one question in 250 either way.
//
// Time (callgrind, the 4,000-token compression of the essays with a
// question: 528.3 M instructions without stemming)
// - Only words whose stem starts like a question word (`QueryPrefixes`),
//   because stemming every word of four letters or more took 32.0 M more
//   (the stemmer itself about 14 M: each scanning thread stems its distinct
//   words once); with the test, 15.1 M more (2.9 %; about 10 M of either is
//   the language detector's tables, built once a process), and 1.03–1.08
//   times the time of not stemming, alternated in one process.
// - The language once a compression (the coarse stage's choice goes to the
//   fine stage), from the question and 4 KiB of the text, because the
//   detector reads about 0.5 M instructions for that much.

/// A light suffix-stripping stemmer for the eight stopword languages, for
/// ranking: "Dateien" and "Datei", "matches" and "matching" get one stem,
/// so BM25 and the pair ranking see one term.
///
///     let stemmer = Stemmer(.german)!
///     stemmer.stem("Treffern")   // "treff"
///     stemmer.stem("Treffer")    // "treff"
///
/// Each language follows the published Snowball algorithm description
/// (Porter2 for English), written from the descriptions: the regions R1,
/// R2 and RV, and the inflectional suffix classes. "Light": English runs
/// Porter2's steps 0, 1a–1c and 5 (not the derivational steps 2–4), and
/// Spanish, Portuguese and Italian leave attached pronouns alone; the other
/// steps are those of the descriptions.
///
/// The stemmer works on UTF-8 bytes: a word is folded to lower case into
/// a scratch buffer (`fold`), then stemmed in place. A word with a byte
/// that is not a letter (a digit, `.`, `,`, `-`) or longer than
/// `maximumBytes` is not stemmed. Stems are for matching, never for output.
struct Stemmer: Sendable, Hashable {
    let language: Language

    /// The longest word that is stemmed, in bytes (a German compound of 32
    /// letters with umlauts fits).
    static let maximumBytes = 64

    /// The scratch space `stem(_:into:)` needs.
    static let scratchBytes = maximumBytes + 8

    /// The shortest word that is stemmed, in letters: shorter words are
    /// mostly function words, and the coarse stage then skips the most
    /// frequent words without a lookup (`StemMemo.stemmedASCII`).
    static let minimumLetters = 4

    /// The stemmer of a language, or nil when there is none (CJK, other
    /// scripts and languages, unknown).
    init?(_ language: Language) {
        guard language.hasStopwords else { return nil }
        self.language = language
    }

    /// Folds and stems a word into `scratch`.
    ///
    /// - Parameters:
    ///   - word: The word's UTF-8 bytes, as written.
    ///   - scratch: At least `scratchBytes` bytes.
    /// - Returns: The stem's length in `scratch`, or nil when the word is
    ///   not stemmed (a non-letter byte, fewer than `minimumLetters`
    ///   letters, or longer than `maximumBytes`).
    /// - Complexity: O(n) in the word's bytes.
    func stem(_ word: UnsafeBufferPointer<UInt8>, into scratch: UnsafeMutablePointer<UInt8>) -> Int? {
        guard word.count >= Stemmer.minimumLetters, var count = Stemmer.fold(word, into: scratch, language: language) else { return nil }
        var letters = 0
        for i in 0..<count where scratch[i] & 0xC0 != 0x80 { letters &+= 1 }
        guard letters >= Stemmer.minimumLetters else { return nil }
        count = stemFolded(scratch, count: count)
        return count
    }

    /// Stems a folded word in place and returns the stem's length.
    func stemFolded(_ word: UnsafeMutablePointer<UInt8>, count: Int) -> Int {
        switch language {
        case .english: return Stemmer.english(word, count: count)
        case .german: return Stemmer.german(word, count: count)
        case .dutch: return Stemmer.dutch(word, count: count)
        case .french: return Stemmer.french(word, count: count)
        case .spanish: return Stemmer.spanish(word, count: count)
        case .portuguese: return Stemmer.portuguese(word, count: count)
        case .italian: return Stemmer.italian(word, count: count)
        case .russian: return Stemmer.russian(word, count: count)
        case .cjk, .otherScript, .otherLanguage, .unknown: return count
        }
    }

    /// The stem of a string (tests and examples; ranking stems bytes).
    func stem(_ word: String) -> String {
        var word = word
        return word.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Stemmer.scratchBytes) { scratch in
                guard let count = stem(bytes, into: scratch.baseAddress!) else { return String(decoding: bytes, as: UTF8.self) }
                return String(decoding: UnsafeBufferPointer(start: scratch.baseAddress!, count: count), as: UTF8.self)
            }
        }
    }
}
