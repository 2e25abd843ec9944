import Foundation
@testable import PromptCompression
import PromptTokenizer
import Testing

@Suite("Stopwords")
struct StopwordTests {
    // MARK: Lists

    /// The negations the lists must never contain, by language.
    static let negations: [Language: [String]] = [
        .english: ["not", "no", "never", "nor", "none", "nothing", "nobody", "neither", "without", "don't", "isn't",
                   "can't", "won't", "doesn’t", "wasn't", "cannot"],
        .german: ["nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie", "niemals", "nichts", "ohne"],
        .french: ["ne", "n'", "pas", "jamais", "rien", "aucun", "aucune", "personne", "sans", "ni", "n'est", "n’a"],
        .spanish: ["no", "nunca", "nada", "nadie", "ningún", "ninguno", "ninguna", "sin", "tampoco"],
        .portuguese: ["não", "nunca", "nada", "ninguém", "nenhum", "nenhuma", "sem"],
        .italian: ["non", "mai", "niente", "nulla", "nessuno", "nessuna", "senza"],
        .dutch: ["niet", "geen", "nooit", "niets", "niemand", "zonder"],
        .russian: ["не", "нет", "ни", "никогда", "ничего", "никто", "без"],
    ]

    @Test("Every language has both levels; light is part of full; the literals hold no negation",
          arguments: Language.withStopwords)
    func lists(language: Language) throws {
        let stopwords = try #require(Stopwords(language))
        let light = Set(stopwords.words(at: .light))
        let full = Set(stopwords.words(at: .full))
        #expect(!light.isEmpty && light.isStrictSubset(of: full), "\(light.count) light, \(full.count) full")
        for list in [Stopwords._lightList(language), Stopwords._fullList(language)] {
            let negations = Stopwords._split(list).map { String(decoding: $0, as: UTF8.self) }.filter(Stopwords.isNegation)
            #expect(negations.isEmpty, "\(language) lists negations: \(negations)")
        }
        for word in full { #expect(word == word.lowercased(), "\(word) is not lowercase") }
        print("Stopwords: \(language): \(light.count) light, \(full.count) full")
    }

    @Test("Negations of all eight languages are never stopwords, in any language or level",
          arguments: Language.withStopwords)
    func negationsNeverStopwords(language: Language) throws {
        for word in Self.negations[language]! {
            #expect(Stopwords.isNegation(word), "\(word)")
            #expect(Stopwords.isNegation(word.uppercased()), "\(word.uppercased())")
            for other in Language.withStopwords {
                #expect(!Stopwords(other)!.contains(word, at: .full), "\(word) is a stopword of \(other)")
            }
        }
    }

    @Test("Case-insensitive with Unicode lowercasing; ’ matches '; no lists for CJK and the others")
    func matching() throws {
        let english = try #require(Stopwords(.english))
        #expect(english.contains("The", at: .light) && english.contains("THE", at: .light))
        #expect(!english.contains("of", at: .light) && english.contains("of", at: .full))
        #expect(english.contains("it’s", at: .full) && english.contains("IT'S", at: .full))
        #expect(!english.contains("theory", at: .full) && !english.contains("", at: .full))
        #expect(Stopwords(.german)!.contains("DER", at: .light) && Stopwords(.german)!.contains("Für", at: .full))
        #expect(Stopwords(.french)!.contains("À", at: .full) && Stopwords(.french)!.contains("TRÈS", at: .light))
        #expect(Stopwords(.spanish)!.contains("Él", at: .full))
        #expect(Stopwords(.russian)!.contains("ЭТО", at: .full) && Stopwords(.russian)!.contains("Очень", at: .light))
        #expect(Stopwords(.dutch)!.contains("HET", at: .light))
        for language in [Language.cjk, .otherScript, .otherLanguage, .unknown] {
            #expect(Stopwords(language) == nil)
            #expect(!language.hasStopwords)
        }
        let invalid: [UInt8] = [0x74, 0x68, 0xFF]
        #expect(!invalid.withUnsafeBufferPointer { english.contains(utf8: $0, at: .full) })
    }

    @Test("The byte-level lowercasing matches String.lowercased() on seeded random words")
    func lowercasingFastPath() {
        let alphabet = Array("aZqÀÉÞßàéÿ×ЀЏАПРЯаяѐџёЁ’'-İẞΣσÆŒœĲ\u{301}")
        var generator = SeededGenerator(seed: 42)
        var key: [UInt8] = []
        for _ in 0..<20_000 {
            let word = String((0..<Int.random(in: 1...12, using: &generator)).map { _ in
                alphabet.randomElement(using: &generator)!
            })
            var utf8 = word
            let fast = utf8.withUTF8 { WordKey.make($0, into: &key) ? key : nil }
            #expect(fast == WordKey.make(word), "\(word)")
        }
    }

    // MARK: Known answers

    static let knownAnswers: [(Language, String, light: String, full: String)] = [
        (.english, "This is not the answer, and it is very simple.",
         "This is not answer, and it is simple.", "not answer, simple."),
        (.english, "The cat sat on the mat. It was really a very good mat, and we don't know why.",
         "The cat sat on mat. It was good mat, and we don't know why.", "cat sat mat. good mat, don't know why."),
        (.german, "Das ist nicht der Fall. Der Hund hat eine Katze gesehen, und sie ist sehr schnell weggelaufen.",
         "Das ist nicht Fall. Der Hund hat Katze gesehen, und sie ist schnell weggelaufen.",
         "nicht Fall. Hund Katze gesehen, schnell weggelaufen."),
        (.french, "Ce n'est pas le cas. Le chat a vu une souris dans la cuisine et il est très content.",
         "Ce n'est pas cas. Le chat a vu souris dans cuisine et il est content.",
         "n'est pas cas. chat vu souris cuisine content."),
        (.spanish, "No es el caso. El gato vio un ratón en la cocina y está muy contento.",
         "No es caso. El gato vio ratón en cocina y está contento.", "No caso. gato vio ratón cocina contento."),
        (.portuguese, "Não é o caso. O gato viu um rato na cozinha e está muito contente com a sua casa.",
         "Não é caso. O gato viu rato na cozinha e está contente com sua casa.",
         "Não caso. gato viu rato cozinha contente casa."),
        (.italian, "Non è il caso. Il gatto ha visto un topo nella cucina ed è molto contento.",
         "Non è caso. Il gatto ha visto topo nella cucina ed è contento.", "Non caso. gatto visto topo cucina contento."),
        (.dutch, "Dat is niet het geval. De kat heeft een muis in de keuken gezien en is erg blij.",
         "Dat is niet geval. De kat heeft muis in keuken gezien en is erg blij.",
         "niet geval. kat muis keuken gezien erg blij."),
        (.russian, "Это не так. Кошка увидела мышь на кухне, и она очень довольна этим.",
         "Это не так. Кошка увидела мышь на кухне, и она довольна этим.", "не так. Кошка увидела мышь кухне, довольна."),
        // Capitals inside a sentence are names; brackets and quotes; a word alone on its line.
        (.english, "We visited The Hague and the museum (the big one) with a friend.\nThe end\nthe\n  the cat",
         "We visited The Hague and museum (big one) with friend.\nThe end\nthe\n  the cat",
         "visited The Hague museum (big one) friend.\nend\nthe\n  cat"),
        // Hyphenated words stay whole; the space before goes at a line end and before punctuation.
        (.english, "It is state-of-the-art work, the \"best\" of the lot; the end of the line the\nX of the\n",
         "It is state-of-the-art work, \"best\" of lot; end of line\nX of\n",
         "state-of-the-art work, \"best\" lot; end line\nX the\n"),
        (.german, "Wir fahren mit der Bahn nach Die Zeit.", "Wir fahren mit Bahn nach Die Zeit.", "fahren Bahn Die Zeit."),
        (.french, "« Le chat » est là, le chien aussi.", "« Le chat » est là, chien aussi.", "« chat » là, chien."),
        (.spanish, "¿Es el gato de Juan? ¡Sí, el gato!", "¿Es gato de Juan? ¡Sí, gato!", "¿gato Juan? ¡Sí, gato!"),
    ]

    @Test("Known answers at light and full", arguments: knownAnswers)
    func knownAnswer(language: Language, text: String, light: String, full: String) throws {
        #expect(try StopwordPruner(language: language, level: .light).prune(text) == light)
        #expect(try StopwordPruner(language: language, level: .full).prune(text) == full)
    }

    @Test("Negations are kept in sentences of all eight languages", arguments: [
        (Language.english, "This is not the answer, and it isn't the question; nobody knows, none of them never did.",
         ["not", "isn't", "nobody", "none", "never"]),
        (.german, "Das ist nicht der Fall, und keine der Antworten ist ohne Fehler; nie, niemals, nichts.",
         ["nicht", "keine", "ohne", "nie", "niemals", "nichts"]),
        (.french, "Ce n'est pas le cas, et il ne sait rien, jamais, sans aucune aide, ni la personne.",
         ["n'est", "pas", "ne", "rien", "jamais", "sans", "aucune", "ni", "personne"]),
        (.spanish, "No es el caso, y nunca hay nada sin ningún problema, ni nadie tampoco.",
         ["No", "nunca", "nada", "sin", "ningún", "ni", "nadie", "tampoco"]),
        (.portuguese, "Não é o caso, e nunca há nada sem nenhum problema, nem ninguém.",
         ["Não", "nunca", "nada", "sem", "nenhum", "nem", "ninguém"]),
        (.italian, "Non è il caso, e non c'è mai niente senza nessuno, né nulla.",
         ["Non", "non", "mai", "niente", "senza", "nessuno", "né", "nulla"]),
        (.dutch, "Dat is niet het geval, en er is nooit geen niets zonder niemand.",
         ["niet", "nooit", "geen", "niets", "zonder", "niemand"]),
        (.russian, "Это не так, и нет ничего без него, никто никогда ни за что.",
         ["не", "нет", "ничего", "без", "никто", "никогда", "ни"]),
    ])
    func negationsKept(language: Language, text: String, negations: [String]) throws {
        for level in Stopwords.Level.allCases {
            let pruned = try StopwordPruner(language: language, level: level).prune(text)
            let words = try Segmenter(locale: language.rawValue).words(in: pruned)
            let bytes = Array(pruned.utf8)
            let kept = words.filter(\.isWord).map { String(decoding: bytes[$0.range], as: UTF8.self) }
            for negation in negations {
                #expect(kept.filter { $0 == negation }.count == text.components(separatedBy: " ")
                    .filter { $0.trimmingCharacters(in: .punctuationCharacters) == negation }.count,
                        "\(level): \(negation) lost in \(pruned)")
            }
        }
    }

    @Test("A misdetected paragraph keeps its negations: Spanish pruned with Portuguese lists")
    func misdetection() throws {
        let text = "No es el caso, y no hay nada."
        let pruned = try StopwordPruner(language: .portuguese, level: .full).prune(text, segmenter: Segmenter(locale: "es"))
        #expect(pruned.hasPrefix("No ") && pruned.contains(" no ") && pruned.contains("nada"), "\(pruned)")
    }

    @Test("Levels: light keeps a sentence's first word; full drops it only before a word")
    func sentenceStarts() throws {
        let light = StopwordPruner(language: .english, level: .light)
        let full = StopwordPruner(language: .english, level: .full)
        #expect(try light.prune("The cat. A dog.") == "The cat. A dog.")
        #expect(try full.prune("The cat. A dog.") == "cat. dog.")
        #expect(try full.prune("And the — cat.") == "the — cat.")
        #expect(try full.prune("The, cat.") == "The, cat.")
        #expect(try full.prune("\"The cat\" and it.") == "\"cat\" it.")
        #expect(try full.prune("Ok. the") == "Ok. the")
        #expect(try full.prune("the") == "the")
        #expect(try full.prune("of the cat") == "cat")
    }

    // MARK: Protected ranges

    @Test("Protected ranges are untouched; a drop that would touch one is not made")
    func protectedRanges() throws {
        let text = "Use the API and the SDK with the key."
        let bytes = Array(text.utf8)
        let words = try Segmenter().words(in: bytes)
        let pruner = StopwordPruner(language: .english, level: .full)
        #expect(String(decoding: StopwordPruner.render(bytes, dropping: pruner.drops(in: bytes, words: words)),
                       as: UTF8.self) == "Use API SDK key.")
        let protected = [4..<11, 28..<29, 30..<30]  // "the API", the space after "with", an empty range
        let drops = pruner.drops(in: bytes, words: words, protected: protected)
        #expect(String(decoding: StopwordPruner.render(bytes, dropping: drops), as: UTF8.self) == "Use the API SDK with key.")
        for drop in drops {
            #expect(!protected.contains { $0.overlaps(drop) }, "\(drop)")
        }
    }

    // MARK: Edge cases

    @Test("Empty text, invalid UTF-8, languages without lists")
    func edgeCases() throws {
        let pruner = StopwordPruner(language: .english, level: .full)
        #expect(pruner.drops(in: [UInt8](), words: []).isEmpty)
        #expect(try pruner.prune("") == "")
        var bytes = Array("the cat and the ".utf8) + [0xFF, 0xC3] + Array(" of the dog".utf8)
        bytes.insert(0xE2, at: 4)
        let words = try Segmenter().words(in: bytes)
        let drops = pruner.drops(in: bytes, words: words)
        let rendered = StopwordPruner.render(bytes, dropping: drops)
        #expect(Self.isSubsequence(rendered, of: bytes))
        #expect(rendered.filter { $0 >= 0x80 } == [0xE2, 0xFF, 0xC3], "invalid bytes are never dropped")
        #expect(rendered == Array("the ".utf8) + [0xE2] + Array("cat ".utf8) + [0xFF, 0xC3] + Array(" dog".utf8),
                "\(String(decoding: rendered, as: UTF8.self))")
        for language in [Language.cjk, .otherScript, .otherLanguage, .unknown] {
            let text = "the cat and the dog 我们今天去北京。"
            #expect(try StopwordPruner(language: language, level: .full).prune(text) == text)
        }
        // The first is a sentence's first word; the last has no space of its own left.
        let many = String(repeating: "the ", count: 1000)
        #expect(try StopwordPruner(language: .english, level: .light).prune(many) == "the the ")
    }

    @Test("Deterministic")
    func deterministic() throws {
        let text = LanguageSamples.all.map(\.1).joined(separator: "\n\n")
        for language in Language.withStopwords {
            let pruner = StopwordPruner(language: language, level: .full)
            #expect(try pruner.prune(text) == pruner.prune(text))
        }
    }

    // MARK: Essays

    @Test("Essays at light and full: byte subsequence, no glued words, no new double spaces, lines kept; token savings",
          arguments: Stopwords.Level.allCases)
    func essays(level: Stopwords.Level) throws {
        guard let essays = try TestData.essays() else {
            if TestData.strict { Issue.record("no essays: set TERSIFY_DATA") }
            return
        }
        let tokenizer: Tokenizer? = TestTokenizers.cl100k
        let pruner = StopwordPruner(language: .english, level: level)
        let segmenter = Segmenter(locale: "en")
        var before = 0, after = 0, bytesBefore = 0, bytesAfter = 0, dropped = 0
        for essay in essays {
            let words = try segmenter.words(in: essay)
            let drops = pruner.drops(in: essay, words: words)
            let rendered = StopwordPruner.render(essay, dropping: drops)
            Self.checkRendering(essay, words: words, drops: drops, rendered: rendered)
            try Self.checkSentenceStarts(essay, drops: drops, segmenter: segmenter)
            dropped += drops.count
            bytesBefore += essay.count
            bytesAfter += rendered.count
            if let tokenizer {
                before += tokenizer.count(bytes: essay)
                after += tokenizer.count(bytes: rendered)
            }
        }
        let tokens = tokenizer == nil ? "no cl100k_base vocabulary"
            : "tokens \(before) → \(after) (\(String(format: "%.1f", Double(before - after) * 100 / Double(before)))% saved)"
        print("Stopwords: essays at \(level): \(essays.count) essays, \(dropped) words dropped, bytes \(bytesBefore) → "
            + "\(bytesAfter) (\(String(format: "%.1f", Double(bytesBefore - bytesAfter) * 100 / Double(bytesBefore)))%), \(tokens)")
        #expect(dropped > 0)
    }

    @Test("Essays with random protected ranges: nothing inside them is dropped")
    func essaysProtected() throws {
        guard let essays = try TestData.essays() else { return }
        var generator = SeededGenerator(seed: 7)
        for essay in essays.prefix(10) {
            var protected: [Range<Int>] = []
            var start = 0
            while start < essay.count {
                let lower = start + Int.random(in: 0..<400, using: &generator)
                let upper = min(essay.count, lower + Int.random(in: 0..<120, using: &generator))
                if lower < upper { protected.append(lower..<upper) }
                start = upper + 1
            }
            let words = try Segmenter().words(in: essay)
            let drops = StopwordPruner(language: .english, level: .full).drops(in: essay, words: words, protected: protected)
            for drop in drops {
                #expect(!protected.contains { $0.overlaps(drop) }, "\(drop)")
            }
            Self.checkRendering(essay, words: words, drops: drops, rendered: StopwordPruner.render(essay, dropping: drops))
        }
    }

    @Test("Debian manuals in German, French and Russian at full: the same checks; token savings")
    func manuals() throws {
        guard let (paragraphs, labels) = try LanguageDetectionTests.multilingual() else { return }
        let tokenizer: Tokenizer? = TestTokenizers.cl100k
        for (label, language) in [("de", Language.german), ("fr", .french), ("ru", .russian)] {
            // The first 2,000 paragraphs of the language, as one text.
            let text = Array(zip(paragraphs, labels).filter { $0.1 == label }.prefix(2000)
                .map(\.0).joined(separator: Array("\n\n".utf8)))
            let segmenter = Segmenter(locale: language.rawValue)
            let words = try segmenter.words(in: text)
            var report = "Stopwords: \(label) manuals, \(text.count) bytes:"
            for level in Stopwords.Level.allCases {
                let drops = StopwordPruner(language: language, level: level).drops(in: text, words: words)
                let rendered = StopwordPruner.render(text, dropping: drops)
                Self.checkRendering(text, words: words, drops: drops, rendered: rendered)
                try Self.checkSentenceStarts(text, drops: drops, segmenter: segmenter)
                report += " \(level) \(drops.count) words"
                if let tokenizer {
                    let before = tokenizer.count(bytes: text), after = tokenizer.count(bytes: rendered)
                    report += ", tokens \(before) → \(after) (\(String(format: "%.1f", Double(before - after) * 100 / Double(before)))%)"
                }
                report += ";"
            }
            print(report)
        }
    }

    // MARK: Checks

    /// Checks a rendering: a byte subsequence; each drop is one letters word
    /// and one run of spaces or tabs on one side; line breaks kept; between
    /// two kept words the rendered gap is not empty when the source's was not;
    /// when a word was dropped between them, it has a space or line break, or
    /// else is exactly the punctuation between them in the source (the source
    /// had no space there either: "needs it?This" → "needs?This"); and it has
    /// two spaces in a row only where the source gap had.
    static func checkRendering(_ text: [UInt8], words: [Word], drops: [Range<Int>], rendered: [UInt8],
                               sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(isSubsequence(rendered, of: text), sourceLocation: sourceLocation)
        #expect(rendered.count(where: { $0 == 0x0A }) == text.count(where: { $0 == 0x0A }), sourceLocation: sourceLocation)
        var droppedWord = Set<Int>()
        var wordIndex = 0
        for drop in drops {
            while wordIndex < words.count, words[wordIndex].range.upperBound <= drop.lowerBound { wordIndex += 1 }
            let inside = words[wordIndex...].prefix { $0.range.lowerBound < drop.upperBound }.filter(\.isWord)
            guard inside.count == 1, let word = inside.first, word.kind == .letters else {
                Issue.record("drop \(drop) holds \(inside)", sourceLocation: sourceLocation)
                continue
            }
            droppedWord.insert(word.range.lowerBound)
            let left = text[drop.lowerBound..<word.range.lowerBound]
            let right = text[word.range.upperBound..<drop.upperBound]
            let spaces = left.isEmpty ? right : left
            #expect(left.isEmpty != right.isEmpty && spaces.allSatisfy { $0 == 0x20 || $0 == 0x09 },
                    "drop \(drop): '\(String(decoding: text[drop], as: UTF8.self))'", sourceLocation: sourceLocation)
        }
        // Gaps between kept words.
        let isDropped = { (index: Int) -> Bool in
            var low = 0, high = drops.count
            while low < high {
                let mid = (low + high) / 2
                if drops[mid].upperBound <= index { low = mid + 1 } else { high = mid }
            }
            return low < drops.count && drops[low].contains(index)
        }
        let kept = words.indices.filter { words[$0].isWord && !droppedWord.contains(words[$0].range.lowerBound) }
        var failures = 0
        for (i, j) in zip(kept, kept.dropFirst()) {
            let a = words[i], b = words[j]
            let source = Array(text[a.range.upperBound..<b.range.lowerBound])
            let gap = (a.range.upperBound..<b.range.lowerBound).filter { !isDropped($0) }.map { text[$0] }
            var ok = source.isEmpty || !gap.isEmpty
            if gap.count != source.count, !gap.contains(where: isWhitespace) {
                // Without a space, the gap must be the source's punctuation, all of it:
                // "needs it?This" → "needs?This", "asked."I don't" → "asked."don't".
                let punctuation = words[(i + 1)..<j].filter { !$0.isWord }.flatMap { text[$0.range] }
                    .filter { !isWhitespace($0) }
                ok = ok && gap == punctuation
            }
            if containsDoubleSpace(gap) { ok = ok && containsDoubleSpace(source) }
            if !ok, failures < 5 {
                failures += 1
                let message = "between '\(String(decoding: text[a.range], as: UTF8.self))' and "
                    + "'\(String(decoding: text[b.range], as: UTF8.self))': source '\(String(decoding: source, as: UTF8.self))', "
                    + "rendered '\(String(decoding: gap, as: UTF8.self))'"
                Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
            }
        }
    }

    /// Checks that no ICU sentence whose first visible byte was a letter or
    /// digit starts with anything else once the drops are made.
    static func checkSentenceStarts(_ text: [UInt8], drops: [Range<Int>], segmenter: Segmenter,
                                    sourceLocation: SourceLocation = #_sourceLocation) throws {
        var dropIndex = 0
        var failures = 0
        for sentence in try segmenter.sentences(in: text) {
            guard let first = sentence.first(where: { !isWhitespace(text[$0]) }), isAlphanumeric(text[first]) else { continue }
            var index = first
            while dropIndex < drops.count, drops[dropIndex].upperBound <= index { dropIndex += 1 }
            while index < sentence.upperBound {
                if dropIndex < drops.count, drops[dropIndex].contains(index) {
                    index = drops[dropIndex].upperBound
                    dropIndex += 1
                } else if isWhitespace(text[index]) {
                    index += 1
                } else {
                    break
                }
            }
            guard index < sentence.upperBound else { continue }
            if !isAlphanumeric(text[index]) && text[index] < 0x80, failures < 5 {
                failures += 1
                let message = "sentence '\(String(decoding: text[sentence].prefix(60), as: UTF8.self))' starts with "
                    + "'\(String(decoding: text[index..<min(index + 10, text.count)], as: UTF8.self))'"
                Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
            }
        }
    }

    static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || (0x0A...0x0D).contains(byte) }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10
    }

    static func containsDoubleSpace(_ bytes: [UInt8]) -> Bool {
        zip(bytes, bytes.dropFirst()).contains { $0 == 0x20 && $1 == 0x20 }
    }

    static func isSubsequence(_ small: [UInt8], of large: [UInt8]) -> Bool {
        var index = 0
        for byte in large where index < small.count && small[index] == byte { index += 1 }
        return index == small.count
    }
}
