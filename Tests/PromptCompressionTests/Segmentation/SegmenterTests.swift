import Foundation
import PromptCompression
import Testing

@Suite("Segmenter")
struct SegmenterTests {
    /// The sentences of `text` as strings (an error as a one-element list, so
    /// that `#expect` shows both sides).
    static func sentences(_ text: String, _ segmenter: Segmenter = Segmenter()) -> [String] {
        let bytes = Array(text.utf8)
        do {
            return try segmenter.sentences(in: text).map { String(decoding: bytes[$0], as: UTF8.self) }
        } catch {
            return ["error: \(error)"]
        }
    }

    /// The word segments of `text` as "text/kind" strings (an error as a
    /// one-element list).
    static func words(_ text: String, _ segmenter: Segmenter = Segmenter()) -> [String] {
        let bytes = Array(text.utf8)
        do {
            return try segmenter.words(in: text).map { "\(String(decoding: bytes[$0.range], as: UTF8.self))/\($0.kind)" }
        } catch {
            return ["error: \(error)"]
        }
    }

    /// Checks that `ranges` are non-empty, in order, adjacent, and cover `0..<count`.
    static func expectCover(_ ranges: [Range<Int>], count: Int, _ context: @autoclosure () -> String = "",
                            sourceLocation: SourceLocation = #_sourceLocation) {
        var next = 0
        for range in ranges {
            guard range.lowerBound == next, range.upperBound > range.lowerBound else {
                Issue.record("\(context()): range \(range) after \(next) (\(ranges.count) ranges, \(count) bytes)",
                             sourceLocation: sourceLocation)
                return
            }
            next = range.upperBound
        }
        #expect(next == count, "\(context()): ranges end at \(next), not \(count)", sourceLocation: sourceLocation)
    }

    static let allRules: [Segmenter.SentenceRules] = [.plain, .icuSuppressions, .tersify]

    // MARK: English abbreviations

    @Test("Dr. Smith: ICU 72 has no 'Dr.' in its English list; Tersify's title rule joins it")
    func doctor() throws {
        let text = "Dr. Smith went to Washington. He arrived at 5 p.m. on Monday."
        let expected = ["Dr. Smith went to Washington. ", "He arrived at 5 p.m. on Monday."]
        #expect(Self.sentences(text) == expected)
        #expect(try Segmenter().sentences(in: text) == [0..<30, 30..<61])
        let icuOnly = ["Dr. ", "Smith went to Washington. ", "He arrived at 5 p.m. on Monday."]
        #expect(Self.sentences(text, Segmenter(sentenceRules: .icuSuppressions)) == icuOnly)
        #expect(Self.sentences(text, Segmenter(sentenceRules: .plain)) == icuOnly)
    }

    @Test("p.m.: no break before a lowercase word (UAX #29 SB8), a break before a capital (not in ICU's list)",
          arguments: allRules)
    func postMeridiem(rules: Segmenter.SentenceRules) throws {
        let segmenter = Segmenter(sentenceRules: rules)
        #expect(Self.sentences("He arrived at 5 p.m. on Monday.", segmenter) == ["He arrived at 5 p.m. on Monday."])
        #expect(Self.sentences("He arrived at 5 p.m. Then he left.", segmenter)
            == ["He arrived at 5 p.m. ", "Then he left."])
        #expect(Self.sentences("Come at 10 a.m. Tomorrow is fine.", segmenter)
            == ["Come at 10 a.m. ", "Tomorrow is fine."])
    }

    @Test("ICU's suppressions (en@ss=standard): Mr., Mrs., Prof., Capt., vs.; not e.g.")
    func icuSuppressions() throws {
        let text = "Mr. Jones came at 6 a.m. Mrs. Brown too. We met Prof. Miller and Capt. Hook. Smith vs. Jones won."
        let suppressed = ["Mr. Jones came at 6 a.m. ", "Mrs. Brown too. ", "We met Prof. Miller and Capt. Hook. ",
                          "Smith vs. Jones won."]
        #expect(Self.sentences(text, Segmenter(sentenceRules: .icuSuppressions)) == suppressed)
        #expect(Self.sentences(text) == suppressed)
        #expect(Self.sentences(text, Segmenter(sentenceRules: .plain)) == [
            "Mr. ", "Jones came at 6 a.m. ", "Mrs. ", "Brown too. ", "We met Prof. ", "Miller and Capt. ", "Hook. ",
            "Smith vs. ", "Jones won.",
        ])
        // "e.g." is not in ICU 72's English list; it is in Tersify's.
        let example = "Take fruit, e.g. Apples or pears. Fine."
        #expect(Self.sentences(example, Segmenter(sentenceRules: .icuSuppressions))
            == ["Take fruit, e.g. ", "Apples or pears. ", "Fine."])
        #expect(Self.sentences(example) == ["Take fruit, e.g. Apples or pears. ", "Fine."])
        // Before a lowercase word or a number no abbreviation ends a sentence (UAX #29 SB8).
        #expect(Self.sentences("Take fruit, e.g. apples. See Fig. 3 now.", Segmenter(sentenceRules: .plain))
            == ["Take fruit, e.g. apples. ", "See Fig. 3 now."])
        // Neither list covers every multi-period abbreviation before a capital.
        #expect(Self.sentences("She has a Ph.D. She works at the U.S. Dept. of State.") == [
            "She has a Ph.D. ", "She works at the U.S. ", "Dept. of State.",
        ])
    }

    @Test("Tersify's English abbreviations do not end a sentence; ICU alone breaks after them",
          arguments: Segmenter.abbreviations(forLanguage: "en"))
    func englishAbbreviations(abbreviation: String) throws {
        let text = "I met \(abbreviation). Smith today. Bye."
        #expect(Self.sentences(text) == ["I met \(abbreviation). Smith today. ", "Bye."])
        #expect(Self.sentences(text, Segmenter(sentenceRules: .icuSuppressions))
            == ["I met \(abbreviation). ", "Smith today. ", "Bye."])
    }

    @Test("abbreviation rule: whole words only, not across a line break, after brackets and quotes")
    func abbreviationEdges() throws {
        #expect(Self.sentences("St. Louis is nice.") == ["St. ", "Louis is nice."])  // saint or street: left to ICU
        #expect(Self.sentences("Ask the Dr.\nSmith came.") == ["Ask the Dr.\n", "Smith came."])
        #expect(Self.sentences("Ask the MDr. Smith came.") == ["Ask the MDr. ", "Smith came."])
        #expect(Self.sentences("(Dr. Smith) came.") == ["(Dr. Smith) came."])
        #expect(Self.sentences("“Dr. Smith” came.") == ["“Dr. Smith” came."])
        #expect(Self.sentences("It was Dr. Gen. Lee. Then.") == ["It was Dr. Gen. Lee. ", "Then."])
        #expect(Self.sentences("Dr.\u{A0}Smith came. Yes.") == ["Dr.\u{A0}Smith came. ", "Yes."])
        for locale in ["en_US", "en-GB", "en@ss=standard"] {
            #expect(Self.sentences("Dr. Smith came. Yes.", Segmenter(locale: locale)) == ["Dr. Smith came. ", "Yes."])
        }
        // Other languages get no English abbreviations.
        #expect(Self.sentences("Dr. Smith came. Yes.", Segmenter(locale: "fr")) == ["Dr. ", "Smith came. ", "Yes."])
    }

    // MARK: Punctuation and layout

    @Test("questions, exclamations, ellipsis")
    func questionsAndExclamations() throws {
        #expect(Self.sentences("Is it ready? Yes! It is. Really?! Wow… Fine.")
            == ["Is it ready? ", "Yes! ", "It is. ", "Really?! ", "Wow… Fine."])
    }

    @Test("quotes: ICU breaks after a quoted question before a lowercase word; Tersify's rule joins it")
    func quotes() throws {
        let text = #""Stop!" he said. "Why?" she asked. He said "Go." Then he left. “Why?” she asked."#
        #expect(Self.sentences(text) == [
            #""Stop!" he said. "#, #""Why?" she asked. "#, #"He said "Go." "#, "Then he left. ", "“Why?” she asked.",
        ])
        #expect(Self.sentences(text, Segmenter(sentenceRules: .icuSuppressions)) == [
            #""Stop!" "#, "he said. ", #""Why?" "#, "she asked. ", #"He said "Go." "#, "Then he left. ", "“Why?” ",
            "she asked.",
        ])
        #expect(Self.sentences(#"He asked "Why?" Nobody knew."#) == [#"He asked "Why?" "#, "Nobody knew."])
        #expect(Self.sentences("(Really.) Done. (Is it?) yes.") == ["(Really.) ", "Done. ", "(Is it?) yes."])
    }

    @Test("a bare list or section number belongs to the text after it")
    func numbering() throws {
        #expect(Self.sentences("1.4.7. Protected spans\n1.4.8. Budgets and ratios\n") == [
            "1.4.7. Protected spans\n", "1.4.8. Budgets and ratios\n",
        ])
        #expect(Self.sentences("Open the file. 2. Save it. IV. Close it.") == ["Open the file. ", "2. Save it. ", "IV. Close it."])
        #expect(Self.sentences("The total was 12. Then it fell.") == ["The total was 12. ", "Then it fell."])
    }

    @Test("every line break ends a sentence (UAX #29 SB4); a blank line joins the sentence before it")
    func lineBreaks() throws {
        #expect(Self.sentences("First line\nsecond line.\n\nNew paragraph.\r\nLast one") == [
            "First line\n", "second line.\n\n", "New paragraph.\r\n", "Last one",
        ])
        #expect(Self.sentences("\n\n\n") == ["\n\n\n"])
        #expect(Self.sentences("\n \n\tText.\n\n\r\n") == ["\n \n\tText.\n\n\r\n"])
        // ICU's own rules: a blank line is a sentence of its own.
        let icu = Segmenter(sentenceRules: .icuSuppressions)
        #expect(Self.sentences("First line\nsecond line.\n\nNew paragraph.\r\nLast one", icu) == [
            "First line\n", "second line.\n", "\n", "New paragraph.\r\n", "Last one",
        ])
        #expect(Self.sentences("\n\n\n", icu) == ["\n", "\n", "\n"])
        #expect(Self.sentences("Ends here.   \n") == ["Ends here.   \n"])
        #expect(Self.sentences("Tab\tsep. And\u{2029}para sep.") == ["Tab\tsep. ", "And\u{2029}", "para sep."])
    }

    // MARK: Other languages

    @Test("German: ICU's de list covers Dr., z.B., bzw.")
    func german() throws {
        let text = "Dr. Müller kam z.B. um 5 Uhr. Er ging bzw. lief nach Hause. Das ist gut."
        #expect(Self.sentences(text, Segmenter(locale: "de"))
            == ["Dr. Müller kam z.B. um 5 Uhr. Er ging bzw. lief nach Hause. ", "Das ist gut."])
    }

    @Test("French: M. is in ICU's fr list; « … ! » keeps its closing guillemet (Tersify's rule)")
    func french() throws {
        let text = "M. Dupont est arrivé. Il est parti à 5 h. « Bonjour ! » dit-il. Quoi ? Oui."
        #expect(Self.sentences(text, Segmenter(locale: "fr")) == [
            "M. Dupont est arrivé. ", "Il est parti à 5 h. ", "« Bonjour ! » dit-il. ", "Quoi ? ", "Oui.",
        ])
        #expect(Self.sentences(text, Segmenter(locale: "fr", sentenceRules: .icuSuppressions)) == [
            "M. Dupont est arrivé. ", "Il est parti à 5 h. ", "« Bonjour ! ", "» dit-il. ", "Quoi ? ", "Oui.",
        ])
        // Narrow no-break spaces, as French typography writes them.
        #expect(Self.sentences("« Non\u{202F}! »\u{A0}Bien. Fin.", Segmenter(locale: "fr"))
            == ["« Non\u{202F}! »\u{A0}", "Bien. ", "Fin."])
    }

    @Test("German and Swedish quotes that open with » or ” stay with the sentence they open")
    func openingGuillemets() throws {
        let german = "Er sagte: »Hallo!« »Ja.« Dann ging er."
        #expect(Self.sentences(german, Segmenter(locale: "de")) == Self.sentences(german, Segmenter(locale: "de", sentenceRules: .icuSuppressions)))
        #expect(Self.sentences(german, Segmenter(locale: "de")) == ["Er sagte: »Hallo!« ", "»Ja.« ", "Dann ging er."])
        let swedish = "”Hej!” sa han. ”Nästa” kom. Slut (typ.) Här."
        #expect(Self.sentences(swedish, Segmenter(locale: "sv")) == ["”Hej!” sa han. ", "”Nästa” kom. ", "Slut (typ.) ", "Här."])
        #expect(Self.sentences("Ende.(Siehe oben.) Gut.", Segmenter(locale: "de")) == ["Ende.", "(Siehe oben.) ", "Gut."])
    }

    @Test("Russian")
    func russian() throws {
        let text = "Это т.е. пример. Он пришёл в 5 ч. Вечером было тихо! Правда?"
        #expect(Self.sentences(text, Segmenter(locale: "ru"))
            == ["Это т.е. пример. ", "Он пришёл в 5 ч. ", "Вечером было тихо! ", "Правда?"])
        #expect(Self.words("Привет, мир 2024", Segmenter(locale: "ru"))
            == ["Привет/letters", ",/other", " /other", "мир/letters", " /other", "2024/number"])
    }

    @Test("Chinese: two sentences, dictionary words")
    func chinese() throws {
        let text = "我们今天去北京。明天回上海。"
        let segmenter = Segmenter(locale: "zh")
        #expect(try segmenter.sentences(in: text) == [0..<24, 24..<42])
        #expect(Self.sentences(text, segmenter) == ["我们今天去北京。", "明天回上海。"])
        #expect(Self.words(text, segmenter) == [
            "我们/ideographic", "今天/ideographic", "去/ideographic", "北京/ideographic", "。/other",
            "明天/ideographic", "回/ideographic", "上海/ideographic", "。/other",
        ])
        // The dictionary does not depend on the locale.
        #expect(Self.words(text, Segmenter(locale: "en")) == Self.words(text, segmenter))
    }

    @Test("Japanese: dictionary words, kana ones included, are .ideographic in ICU 72")
    func japanese() throws {
        let text = "私は東京へ行きます。カタカナのテストです。"
        let segmenter = Segmenter(locale: "ja")
        #expect(Self.sentences(text, segmenter) == ["私は東京へ行きます。", "カタカナのテストです。"])
        #expect(Self.words(text, segmenter) == [
            "私/ideographic", "は/ideographic", "東京/ideographic", "へ/ideographic", "行き/ideographic",
            "ます/ideographic", "。/other", "カタカナ/ideographic", "の/ideographic", "テスト/ideographic",
            "です/ideographic", "。/other",
        ])
        // A hiragana run the dictionary does not know splits into characters; half-width katakana is a word.
        #expect(Self.words("ひらがな ｶﾀｶﾅ", segmenter) == [
            "ひ/ideographic", "ら/ideographic", "が/ideographic", "な/ideographic", " /other", "ｶﾀｶﾅ/ideographic",
        ])
        // ICU breaks after 」 before the particle と (UAX #29 has no exception without letter
        // case) and keeps an opening 「 after 。 (UAX #29 counts it as Close); Tersify's rules
        // join the first and move the second.
        let quotation = "「はい。」と言った。「次？」次です。"
        #expect(Self.sentences(quotation, segmenter) == ["「はい。」と言った。", "「次？」", "次です。"])
        #expect(Self.sentences(quotation, Segmenter(locale: "ja", sentenceRules: .icuSuppressions))
            == ["「はい。」", "と言った。「", "次？」", "次です。"])
    }

    @Test("a bidi opener that ICU leaves at the end of a sentence starts the next one; a closer stays")
    func bidiControls() throws {
        let text = "\u{202E}الجملة الأولى\u{202C}. \u{2067}משפט שני\u{2069}. \u{200F} \u{202B}Third one.\u{202C} Done."
        let repaired = Self.sentences(text, Segmenter())
        #expect(repaired == ["\u{202E}الجملة الأولى\u{202C}. ", "\u{2067}משפט שני\u{2069}. \u{200F} ",
                             "\u{202B}Third one.\u{202C} ", "Done."])
        // ICU alone attaches each opener to the space before it (UAX #29 SB5).
        let icu = Self.sentences(text, Segmenter(sentenceRules: .icuSuppressions))
        #expect(icu.first?.hasSuffix("\u{2067}") == true)
    }

    // MARK: Words

    @Test("word kinds: letters, numbers, spaces, punctuation, emoji")
    func wordKinds() throws {
        #expect(Self.words("Hello, world! It's 3.14 and 42 cats 😀 — e.g. don't") == [
            "Hello/letters", ",/other", " /other", "world/letters", "!/other", " /other", "It's/letters", " /other",
            "3.14/number", " /other", "and/letters", " /other", "42/number", " /other", "cats/letters", " /other",
            "😀/other", " /other", "—/other", " /other", "e.g/letters", "./other", " /other", "don't/letters",
        ])
        let words = try Segmenter().words(in: "Hi 42")
        #expect(words == [
            Word(range: 0..<2, kind: .letters), Word(range: 2..<3, kind: .other), Word(range: 3..<5, kind: .number),
        ])
        #expect(words.map(\.isWord) == [true, false, true])
        #expect(words.map(\.description) == ["0..<2 .letters", "2..<3 .other", "3..<5 .number"])
    }

    // MARK: Edge cases

    @Test("empty input: no segments, through every entry point")
    func emptyInput() throws {
        let segmenter = Segmenter()
        #expect(try segmenter.sentences(in: "") == [])
        #expect(try segmenter.sentences(in: [UInt8]()) == [])
        #expect(try segmenter.words(in: "") == [])
        #expect(try segmenter.words(in: [UInt8]()) == [])
        try [UInt8]().withUnsafeBufferPointer { (buffer) throws -> Void in
            #expect(try segmenter.sentences(in: buffer) == [])
            #expect(try segmenter.words(in: buffer) == [])
        }
        #expect(try Segmenter(locale: "zh").words(in: "") == [])
    }

    @Test("invalid UTF-8: no crash, ranges cover the bytes in order", arguments: allRules)
    func invalidUTF8(rules: Segmenter.SentenceRules) throws {
        var samples: [[UInt8]] = [
            [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xFF, 0xFE],
            [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0], Array("Dr.".utf8) + [0xFF, 0x20] + Array("Smith. Ok".utf8),
            Array("Hi. ".utf8) + [0xC2] + Array(" » x. ".utf8) + [0xE2, 0x80], Array("“Why?”".utf8) + [0x20, 0xE0],
            Array("我们".utf8) + [0xE6, 0x88] + Array("今天。".utf8) + [0x80, 0x80],
        ]
        var rng = SeededGenerator(seed: 7)
        let alphabet: [UInt8] = Array(" .!?\n\"»)Aa".utf8) + [0x80, 0xBF, 0xC2, 0xC3, 0xE2, 0xE3, 0xF0, 0xFF]
        for _ in 0..<400 {
            let length = rng.below(120)
            samples.append((0..<length).map { _ in
                rng.below(2) == 0 ? UInt8(truncatingIfNeeded: rng.next()) : rng.pick(alphabet)
            })
        }
        for locale in ["en", "ja"] {
            let segmenter = Segmenter(locale: locale, sentenceRules: rules)
            for sample in samples {
                Self.expectCover(try segmenter.sentences(in: sample), count: sample.count, "sentences of \(sample)")
                Self.expectCover(try segmenter.words(in: sample).map(\.range), count: sample.count, "words of \(sample)")
            }
        }
    }

    @Test("more segments than the first buffer guess: the shim's count is used for a second call")
    func growsBuffers() throws {
        let text = String(repeating: "Hi! ", count: 5000)
        #expect(try Segmenter().sentences(in: text).count == 5000)
        #expect(try Segmenter().words(in: String(repeating: "a,", count: 10_000)).count == 20_000)
    }

    @Test("5 MB of essays: sentences and words cover the exact bytes")
    func largeInput() throws {
        guard let essays = try TestData.essays(), !essays.isEmpty else {
            #expect(!TestData.strict, "TERSIFY_STRICT_TESTS=1 but the corpora were not found (set TERSIFY_DATA)")
            print("Segmenter large input: skipped, ../shared/corpora not found (set TERSIFY_DATA)")
            return
        }
        var text: [UInt8] = []
        text.reserveCapacity(5_300_000)
        while text.count < 5 * 1024 * 1024 {
            for essay in essays { text += essay }
        }
        let segmenter = Segmenter()
        let sentences = try segmenter.sentences(in: text)
        Self.expectCover(sentences, count: text.count, "sentences")
        var joined: [UInt8] = []
        joined.reserveCapacity(text.count)
        for range in sentences { joined += text[range] }
        #expect(joined == text)
        #expect(sentences.count > text.count / 500)
        let words = try segmenter.words(in: text)
        Self.expectCover(words.map(\.range), count: text.count, "words")
        #expect(words.lazy.filter(\.isWord).count > text.count / 10)
        print("Segmenter large input: \(text.count) bytes, \(sentences.count) sentences, \(words.count) word segments")
    }

    @Test("seeded mixed-script strings: ranges in order, adjacent, covering, on character boundaries",
          arguments: allRules)
    func mixedScriptProperty(rules: Segmenter.SentenceRules) throws {
        let pieces = [
            "Dr.", "Mr.", "p.m.", "e.g.", "St.", "Hello", "world", "don't", "3.14", "42", "Привет", "мир", "т.е.",
            "Müller", "z.B.", "我们", "今天", "北京", "。", "，", "カタカナ", "ひらがな", "東京", "「", "」", "😀", "👩‍💻",
            "é", "e\u{301}", "!", "?", "?!", ".", "…", ",", "\"", "“", "”", "«", "»", "(", ")", " ", " ", " ", "  ",
            "\t", "\n", "\n\n", "\r\n", "\u{A0}", "\u{202F}", "\u{2029}", "ا", "שלום", "ไทย", "한국어",
        ]
        var rng = SeededGenerator(seed: 2024)
        for locale in ["en", "de", "zh", "ja"] {
            let segmenter = Segmenter(locale: locale, sentenceRules: rules)
            for _ in 0..<120 {
                let text = (0..<rng.below(60)).map { _ in rng.pick(pieces) }.joined()
                let bytes = Array(text.utf8)
                let context = "\(locale) \(String(reflecting: text))"
                let sentences = try segmenter.sentences(in: text)
                Self.expectCover(sentences, count: bytes.count, "sentences, " + context)
                #expect(try segmenter.sentences(in: bytes) == sentences)
                let words = try segmenter.words(in: text)
                Self.expectCover(words.map(\.range), count: bytes.count, "words, " + context)
                for boundary in sentences.map(\.lowerBound) + words.map(\.range.lowerBound) where boundary < bytes.count {
                    #expect(bytes[boundary] & 0xC0 != 0x80, "boundary \(boundary) inside a character, \(context)")
                }
            }
        }
    }

    @Test("bridged and non-contiguous strings take the copying path and agree")
    func bridgedString() throws {
        let text = "Dr. Smith came. 我们今天去北京。"
        let nsString = NSString(string: text)
        let bridged = String(nsString)
        #expect(try Segmenter().sentences(in: bridged) == Segmenter().sentences(in: text))
        #expect(try Segmenter().words(in: bridged) == Segmenter().words(in: text))
    }

    @Test("many threads at once get the single-threaded answers")
    func concurrent() async throws {
        let text = "Dr. Smith went to Washington. 我们今天去北京。明天回上海。 « Bonjour ! » dit-il. Mr. Jones came."
        let locales = ["en", "de", "fr", "zh", "ja", "ru", "en_US", "it"]
        let expected = try locales.map { locale in
            let segmenter = Segmenter(locale: locale)
            return try (segmenter.sentences(in: text), segmenter.words(in: text))
        }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for task in 0..<16 {
                group.addTask {
                    for round in 0..<50 {
                        let index = (task + round) % locales.count
                        let segmenter = Segmenter(locale: locales[index])
                        let sentences = try segmenter.sentences(in: text)
                        let words = try segmenter.words(in: text)
                        if sentences != expected[index].0 || words != expected[index].1 { return false }
                    }
                    return true
                }
            }
            for try await agreed in group { #expect(agreed) }
        }
    }

    // MARK: Errors

    @Test("a malformed locale is an ICU failure with its status name and number")
    func malformedLocale() throws {
        let error = CompressionError.icuFailure(
            operation: "sentence", locale: "qq_ZZ_@@@", status: 1, name: "U_ILLEGAL_ARGUMENT_ERROR")
        #expect(throws: error) { try Segmenter(locale: "qq_ZZ_@@@").sentences(in: "Hi. There.") }
        #expect(error.description
            == "ICU sentence segmentation failed for locale 'qq_ZZ_@@@': U_ILLEGAL_ARGUMENT_ERROR (1)")
        #expect(throws: CompressionError.invalidLocale("en\u{0}x")) {
            try Segmenter(locale: "en\u{0}x").words(in: "Hi")
        }
        #expect(!CompressionError.inputTooLarge(byteCount: 3_000_000_000, limit: 2_147_483_647).description
            .contains("\n"))
    }

    @Test("an unknown language falls back to the root rules")
    func unknownLanguage() throws {
        #expect(Self.sentences("Mr. Smith came. Yes.", Segmenter(locale: "xx"))
            == ["Mr. ", "Smith came. ", "Yes."])
        #expect(Self.sentences("Mr. Smith came. Yes.", Segmenter(locale: ""))
            == ["Mr. ", "Smith came. ", "Yes."])
    }
}
