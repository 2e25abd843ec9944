// Quality notes (`LanguageDetectionTests.corpora`: the Debian manuals of
// `multilingual.txt`, each paragraph labelled with its document's language;
// the table is in docs/quality.md):
//
// - `minimumConfidence` 0.5, because it is the lowest that keeps every
//   label at least 99.8 % right: it answers 63.1 % of the French paragraphs
//   with 99.96 % right, where 0.45 drops untranslated English to 99.37 %
//   right and Russian to 99.78 %, 0.35 answers 71.2 % of the French
//   (99.92 % right; English 98.99 %), and 0.6 55.6 % (100 %).
// - Most wrong answers are English sentences inside translated documents
//   (labelled with the document's language); titles, command names and URLs
//   are not confident, as they should not be.

/// Guesses the language of a paragraph from its letters and function words:
/// deterministic, one linear pass over the UTF-8 bytes, no model files.
///
///     let detector = LanguageDetector()
///     detector.detect("Das ist nicht der Fall, und wir wissen es.").language   // .german
///     detector.detect("Это не так.").language                                   // .russian
///     detector.detect("我们今天去北京。").language                                // .cjk
///     detector.language(of: "OK", default: .english)                             // .english (too short)
///
/// How it decides:
///
/// 1. Script. Letters are counted by script: Latin, Cyrillic, CJK (Han,
///    kana, Hangul) and other (Greek, Arabic, Hebrew, Indic, Thai, ...).
///    A CJK character counts as three letters (about a word). When Cyrillic,
///    CJK or another script has at least `scriptShare` of the letters, it
///    decides: Cyrillic is `.russian` (or `.otherLanguage` when at least 1 %
///    of its letters are Ukrainian, Belarusian, Serbian or Macedonian ones:
///    і ї є ґ ў ј љ њ ћ ђ џ ѓ ќ ѕ, or other non-Russian Cyrillic), CJK is
///    `.cjk`, another script `.otherScript`. The confidence is that
///    script's share of the letters.
/// 2. Latin letters. Each word is looked up among the stopword and negation
///    lists of the seven Latin-script languages and a few more function
///    words per language (`_detectionExtras`); a word in the lists of n of
///    them gives each 1/n². An apostrophe ends a word and belongs to it, so
///    French and Italian elisions count ("l'", "d'", "qu'"). Words that touch
///    a path, URL or identifier character (`/ . _ @ \ = -`, digits) do not
///    count. Other words of five bytes or more may end with a typical suffix
///    ("-ung", "-ción", "-ção", "-zione", "-lijk", "-ly"). Letters add cues:
///    ß ä ö ü for German; é è ê ë à â î ï ô û ù ç œ for French (shared with
///    the languages that also use them); ñ ¿ ¡ for Spanish; ã õ for
///    Portuguese; ì ò for Italian; "ij" and ë for Dutch. Letters of
///    Latin-script languages without lists (ł ř ş å ø ő, Vietnamese) score
///    for `.otherLanguage`.
/// 3. Confidence. With s1 and s2 the two best scores, the confidence is
///    (s1 − s2) / (s1 + 2): it grows with the lead and with the amount of
///    evidence (two distinctive German function words and nothing else give
///    0.5).
///
/// A result is confident when the paragraph has at least `minimumLetters`
/// letters (`minimumScriptLetters` when step 1 decides) and the confidence
/// is at least `minimumConfidence`; `language(of:default:)` returns the
/// caller's default otherwise. Short paragraphs, code, numbers and mixed
/// paragraphs (English quoted in German) fall back that way.
///
/// A `LanguageDetector` is an immutable `Sendable` value; its tables are
/// built once, on first use, from the stopword lists.
///
/// Its accuracy on labelled paragraphs is in docs/quality.md.
public struct LanguageDetector: Sendable, Hashable {
    /// The result of a detection.
    public struct Result: Sendable, Hashable, CustomStringConvertible {
        /// The best guess; `.unknown` when there is no evidence at all.
        public var language: Language
        /// How sure the guess is, from 0 (no evidence or a tie) to below 1.
        public var confidence: Double
        /// Whether the text is long enough and the confidence high enough
        /// for the detector's thresholds.
        public var isConfident: Bool
        /// The number of letters, of every script.
        public var letterCount: Int

        public var description: String {
            "\(language) \(String(Int((confidence * 100).rounded())))%\(isConfident ? "" : " (not confident)")"
        }
    }

    /// The fewest letters for a confident guess from Latin-script cues.
    public var minimumLetters: Int
    /// The fewest letters for a confident guess from the script alone
    /// (Cyrillic, CJK, other scripts): a CJK title of two characters is CJK.
    public var minimumScriptLetters: Int
    /// The least confidence for a confident guess.
    public var minimumConfidence: Double
    /// The share of letters a non-Latin script needs to decide the language.
    public var scriptShare: Double

    /// Creates a detector.
    ///
    /// - Parameters:
    ///   - minimumLetters: Letters needed for a Latin-script guess (20: about
    ///     four words).
    ///   - minimumScriptLetters: Letters needed for a guess from the script (2).
    ///   - minimumConfidence: The confidence needed (0.5).
    ///   - scriptShare: The share of the letters a non-Latin script needs (0.4).
    public init(minimumLetters: Int = 20, minimumScriptLetters: Int = 2,
                minimumConfidence: Double = 0.5, scriptShare: Double = 0.4) {
        self.minimumLetters = minimumLetters
        self.minimumScriptLetters = minimumScriptLetters
        self.minimumConfidence = minimumConfidence
        self.scriptShare = scriptShare
    }

    /// Detects the language of a text.
    ///
    /// - Parameter text: A paragraph, or any text.
    /// - Returns: The guess, its confidence, and whether it passes the thresholds.
    /// - Complexity: O(n) in the length of the text.
    public func detect(_ text: String) -> Result {
        var text = text
        return text.withUTF8 { detect(utf8: $0) }
    }

    /// Detects the language of UTF-8 bytes.
    ///
    /// - Parameter utf8: The bytes; invalid UTF-8 is allowed (invalid bytes
    ///   are neither letters nor word characters).
    /// - Returns: The guess, its confidence, and whether it passes the thresholds.
    /// - Complexity: O(n) in the number of bytes.
    public func detect(utf8: [UInt8]) -> Result {
        utf8.withUnsafeBufferPointer { detect(utf8: $0) }
    }

    /// Detects the language of UTF-8 bytes in memory.
    ///
    /// - Parameter utf8: The bytes; invalid UTF-8 is allowed.
    /// - Returns: The guess, its confidence, and whether it passes the thresholds.
    /// - Complexity: O(n) in the number of bytes.
    public func detect(utf8: UnsafeBufferPointer<UInt8>) -> Result {
        var scan = LanguageScan()
        scan.scan(utf8)
        return decide(scan)
    }

    /// The language of a text when the guess is confident, else `defaultLanguage`.
    ///
    /// - Parameters:
    ///   - text: A paragraph.
    ///   - defaultLanguage: The answer for short, mixed or unclear text.
    /// - Returns: The detected language or the default.
    public func language(of text: String, default defaultLanguage: Language) -> Language {
        let result = detect(text)
        return result.isConfident ? result.language : defaultLanguage
    }

    /// The language of UTF-8 bytes when the guess is confident, else `defaultLanguage`.
    public func language(of utf8: UnsafeBufferPointer<UInt8>, default defaultLanguage: Language) -> Language {
        let result = detect(utf8: utf8)
        return result.isConfident ? result.language : defaultLanguage
    }

    /// Turns the counts of a scan into a result (steps 1 and 3 above).
    func decide(_ scan: LanguageScan) -> Result {
        let letters = scan.latin + scan.cyrillic + scan.cjk + scan.other
        guard letters > 0 else {
            return Result(language: .unknown, confidence: 0, isConfident: false, letterCount: 0)
        }
        // A CJK character weighs as much as three Latin letters: about a word.
        let weighted = letters + 2 * scan.cjk
        let scripts: [(count: Int, weight: Int, language: Language)] = [
            (scan.cjk, 3 * scan.cjk, .cjk), (scan.cyrillic, scan.cyrillic, .russian),
            (scan.other, scan.other, .otherScript),
        ]
        let (count, weight, scriptLanguage) = scripts.max { $0.weight < $1.weight }!
        if count > 0, Double(weight) >= scriptShare * Double(weighted) {
            var language = scriptLanguage
            if language == .russian, scan.cyrillicNonRussian * 100 >= scan.cyrillic {
                language = .otherLanguage
            }
            let confidence = Double(weight) / Double(weighted)
            return Result(language: language, confidence: confidence,
                          isConfident: count >= minimumScriptLetters && confidence >= minimumConfidence,
                          letterCount: letters)
        }
        var best = (score: Float(0), language: Language.unknown)
        var second = Float(0)
        for (index, language) in Language.withStopwords.enumerated() where language != .russian {
            consider(scan.scores[index], language)
        }
        consider(scan.otherLatinScore, .otherLanguage)
        func consider(_ score: Float, _ language: Language) {
            if score > best.score {
                second = best.score
                best = (score, language)
            } else if score > second {
                second = score
            }
        }
        let confidence = Double(best.score - second) / Double(best.score + 2)
        return Result(language: best.language, confidence: confidence,
                      isConfident: letters >= minimumLetters && confidence >= minimumConfidence,
                      letterCount: letters)
    }
}
