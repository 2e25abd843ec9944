// The detector's tables, built once on first use.
//
// Words: the light, full and negation lists of the seven Latin-script
// languages with lists (`Stopwords+Lists.swift`), plus the frequent function
// words below that are no stopwords (they carry logic or modality) but say
// which language a text is in. A word's value is the bit set of languages
// whose lists have it; each of the n languages gets 1/n.
//
// Letters: U+0080 to U+024F (Latin-1, Latin Extended-A and -B) have an entry
// saying whether the code point is a letter and which cue, if any, it gives.

extension LanguageDetector {
    /// Function words that are not stopwords but tell languages apart.
    static func _detectionExtras(_ language: Language) -> String {
        switch language {
        case .english:
            "or but if can which what all more so would should could when many some only after always already"
        case .german:
            "oder aber wenn nur noch wie was kann so über unter bis vor können viele einige schon immer will"
        case .french:
            """
            mais ou si plus peut tout tous même où quand beaucoup quelques veut déjà après alors toujours
            seulement
            l' d' qu' n' c' s' j' m' t' jusqu' lorsqu' puisqu'
            """
        case .spanish:
            """
            pero o si más puede todo cuando donde porque muchos muchas algunos algunas quiere ya después
            entonces siempre solo hasta
            """
        case .portuguese:
            """
            mas ou mais pode todo quando onde porque muitos muitas alguns algumas quer ainda depois então
            sempre só já até
            """
        case .italian:
            """
            ma o se più può tutto quando dove perché molti molte alcuni alcune vuole già dopo allora sempre
            solo fino
            l' dell' all' dall' nell' sull' un' quest' c' d'
            """
        case .dutch: "maar of wel kan nog wat wanneer alle kunnen veel enkele wil al na dan altijd alleen tot nu"
        case .russian, .cjk, .otherScript, .otherLanguage, .unknown: ""
        }
    }
}

/// The per-language weights of a lane set: lanes are the indices of
/// `Language.withStopwords` (en de fr es pt it nl ru).
typealias LanguageWeights = SIMD8<Float>

enum DetectionTables {
    /// Lookup forms to the bit set of languages (bit i: `Language.withStopwords[i]`).
    static let words: ByteStringTable = {
        var entries: [([UInt8], UInt8)] = []
        for (index, language) in Language.withStopwords.enumerated() where language != .russian {
            let bit = UInt8(1) << UInt8(index)
            let lists = [Stopwords._lightList(language), Stopwords._fullList(language),
                         Stopwords._negationList(language), LanguageDetector._detectionExtras(language)]
            for list in lists {
                entries += Stopwords._split(list).map { ($0, bit) }
            }
        }
        return ByteStringTable(entries, combine: { $0 | $1 })
    }()

    /// The weights of each bit set: 1/n² for each of its n languages.
    static let setWeights: [LanguageWeights] = (0..<256).map { set in
        var weights = LanguageWeights()
        let count = Float(set.nonzeroBitCount)
        for lane in 0..<8 where set & (1 << lane) != 0 { weights[lane] = 1 / (count * count) }
        return weights
    }

    /// Lane weights: `w(en: 0, de: 1, ...)`.
    static func w(en: Float = 0, de: Float = 0, fr: Float = 0, es: Float = 0, pt: Float = 0,
                  it: Float = 0, nl: Float = 0) -> LanguageWeights {
        LanguageWeights(en, de, fr, es, pt, it, nl, 0)
    }

    /// The cues of letters and marks, by code point. Lowercase and uppercase
    /// forms share a cue.
    static let cueList: [(String, LanguageWeights)] = [
        ("ßẞ", w(de: 1)), ("äÄ", w(de: 1)), ("öÖ", w(de: 1)), ("üÜ", w(de: 1)),
        ("éÉ", w(fr: 0.4, es: 0.2, pt: 0.2, it: 0.1, nl: 0.1)), ("èÈ", w(fr: 0.6, it: 0.4)),
        ("êÊ", w(fr: 0.5, pt: 0.5)), ("ëË", w(fr: 0.3, nl: 0.7)), ("àÀ", w(fr: 0.5, pt: 0.3, it: 0.2)),
        ("âÂ", w(fr: 0.5, pt: 0.5)), ("îÎ", w(fr: 1)), ("ïÏ", w(fr: 0.5, nl: 0.5)), ("ôÔ", w(fr: 0.5, pt: 0.5)),
        ("ûÛ", w(fr: 1)), ("ùÙ", w(fr: 0.5, it: 0.5)), ("ÿŸ", w(fr: 1)), ("œŒ", w(fr: 1)),
        ("çÇ", w(fr: 0.5, pt: 0.5)), ("ñÑ", w(es: 1)), ("¿¡", w(es: 1)), ("ãÃõÕ", w(pt: 1)),
        ("áÁ", w(es: 0.5, pt: 0.5)), ("íÍ", w(es: 0.5, pt: 0.3, it: 0.2)), ("óÓ", w(es: 0.5, pt: 0.4, it: 0.1)),
        ("úÚ", w(es: 0.6, pt: 0.4)), ("ìÌòÒ", w(it: 1)),
    ]

    /// Word endings typical of a language, for words of five bytes or more:
    /// they let content words count too ("Verwaltung", "création",
    /// "instalación", "configuração", "configurazione", "eenvoudig").
    static let suffixList: [(String, LanguageWeights)] = [
        ("ung", w(de: 1)), ("heit", w(de: 1)), ("keit", w(de: 1)), ("lich", w(de: 0.8, nl: 0.2)),
        ("isch", w(de: 0.6, nl: 0.4)), ("chen", w(de: 1)), ("ern", w(de: 0.6, nl: 0.4)),
        ("ing", w(en: 0.6, nl: 0.4)), ("ly", w(en: 1)), ("ness", w(en: 1)), ("ed", w(en: 0.7, es: 0.1, pt: 0.1, nl: 0.1)),
        ("tion", w(en: 0.5, fr: 0.5)), ("ment", w(en: 0.4, fr: 0.6)), ("eux", w(fr: 1)), ("aux", w(fr: 1)),
        ("ée", w(fr: 1)), ("ées", w(fr: 1)), ("ais", w(fr: 0.8, pt: 0.2)), ("ait", w(fr: 1)), ("ez", w(fr: 0.8, es: 0.2)),
        ("eur", w(fr: 1)), ("ción", w(es: 1)), ("dad", w(es: 1)), ("ado", w(es: 0.5, pt: 0.4, it: 0.1)),
        ("mente", w(es: 0.35, pt: 0.35, it: 0.3)), ("ção", w(pt: 1)), ("ções", w(pt: 1)),
        ("dade", w(pt: 1)), ("zione", w(it: 1)), ("zioni", w(it: 1)), ("ità", w(it: 1)), ("ggio", w(it: 1)),
        ("heid", w(nl: 1)), ("lijk", w(nl: 1)), ("ij", w(nl: 1)), ("tje", w(nl: 1)), ("aar", w(nl: 1)),
    ]

    /// `suffixList` as lookup forms and weights.
    static let suffixes: [([UInt8], LanguageWeights)] = suffixList.map { (Array($0.0.utf8), $0.1) }

    /// The indices of `suffixes` by their last byte, each list in the order
    /// of `suffixes`: a word is compared only with the suffixes that end as
    /// it does (trying all of them cost about 350 instructions a word).
    static let suffixesByLastByte: [[Int]] = {
        var table = [[Int]](repeating: [], count: 256)
        for (index, suffix) in suffixes.enumerated() { table[Int(suffix.0[suffix.0.count - 1])].append(index) }
        return table
    }()

    /// Letters of Latin-script languages without lists: Nordic, Icelandic,
    /// Polish, Czech and Slovak, Hungarian, Turkish, Baltic, Romanian,
    /// Croatian, Esperanto.
    static let otherLanguageLetters =
        "åÅøØæÆðÐþÞąĄćĆęĘłŁńŃśŚźŹżŻčČďĎěĚňŇřŘšŠťŤůŮžŽőŐűŰşŞğĞıİāĀēĒīĪūŪėĖįĮųŲțȚșȘăĂđĐĉĈĝĜĥĤĵĴŝŜŭŬýÝ"

    /// The cue index of `otherLanguageLetters` in `letterInfo`.
    static let otherLanguageCue: UInt8 = 1

    /// The weights of cue index i (index 0: no cue, 1: other language).
    static let cueWeights: [LanguageWeights] = [LanguageWeights(), LanguageWeights()] + cueList.map(\.1)

    /// For U+0080 + i: bit 7 set for a letter, bits 0–6 the cue index.
    static let letterInfo: [UInt8] = {
        var info = [UInt8](repeating: 0, count: 0x250 - 0x80)
        for scalar in 0x80..<0x250 {
            guard let value = Unicode.Scalar(scalar) else { continue }
            if value.properties.isAlphabetic { info[scalar - 0x80] |= 0x80 }
        }
        for (cue, (letters, _)) in cueList.enumerated() {
            for scalar in letters.unicodeScalars where (0x80..<0x250).contains(scalar.value) {
                info[Int(scalar.value) - 0x80] |= UInt8(cue + 2)
            }
        }
        for scalar in otherLanguageLetters.unicodeScalars where (0x80..<0x250).contains(scalar.value) {
            info[Int(scalar.value) - 0x80] |= otherLanguageCue
        }
        return info
    }()
}
