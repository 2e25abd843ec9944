import Foundation
@testable import PromptCompression
import Testing
import TersifyTestSupport

/// Known stems of the light suffix strippers (`Stemmer`), their edge cases,
/// and the hashes the ranking keys stems by.
@Suite("Stemmer: known stems per language, edge cases, stem hashes")
struct StemmerTests {
    /// Inflected forms that must share one stem, and that stem.
    static let groups: [(Language, String, [String])] = [
        (.english, "match", ["matches", "matching", "matched", "match", "Matches"]),
        (.english, "file", ["files", "file", "filing", "filed"]),
        (.english, "run", ["running", "runs", "run"]),
        (.english, "hope", ["hoping", "hopes", "hope", "hoped"]),
        (.english, "cri", ["cries", "cried", "crying"]),
        (.english, "poison", ["Poison's", "poison", "POISONS", "poisons'", "poison’s"]),
        (.english, "agre", ["agreed", "agree", "agrees"]),
        (.english, "payment", ["payments", "payment"]),
        (.english, "retri", ["retried", "retries", "retry"]),
        (.german, "datei", ["Dateien", "Datei"]),
        (.german, "treff", ["Treffern", "Treffer"]),
        (.german, "nam", ["Namen", "Name", "namen"]),
        (.german, "haus", ["Häuser", "Haus", "Hause", "HÄUSER"]),
        (.german, "strass", ["Straße", "Strasse", "Straßen"]),
        (.german, "zeitung", ["Zeitungen", "Zeitung"]),
        (.german, "kenntnis", ["Kenntnisse", "Kenntnis"]),
        (.dutch, "boek", ["boeken", "boek"]),
        (.dutch, "kat", ["katten", "kat"]),
        (.dutch, "mogelijk", ["mogelijkheden", "mogelijkheid"]),
        (.dutch, "man", ["manen", "maan"]),
        (.french, "fichi", ["fichiers", "fichier"]),
        (.french, "homm", ["hommes", "homme", "l'homme", "l’homme"]),
        (.french, "national", ["nationales", "nationale", "national"]),
        (.french, "rapid", ["rapidement", "rapide"]),
        (.french, "cheval", ["chevaux", "cheval"]),
        (.french, "continu", ["continuer", "continué", "continuation"]),
        (.spanish, "archiv", ["archivos", "archivo"]),
        (.spanish, "niñ", ["niños", "niña", "niño"]),
        (.spanish, "cancion", ["canciones", "canción"]),
        (.spanish, "nombr", ["nombres", "nombre"]),
        (.portuguese, "arquiv", ["arquivos", "arquivo"]),
        (.portuguese, "cidad", ["cidades", "cidade"]),
        (.portuguese, "fal", ["falando", "falar"]),
        (.portuguese, "nom", ["nomes", "nome"]),
        (.italian, "abbandon", ["abbandonata", "abbandonate", "abbandonare"]),
        (.italian, "amic", ["amici", "amico"]),
        (.italian, "nom", ["nomi", "nome"]),
        (.italian, "anno", ["dell'anno", "anno"]),
        (.russian, "файл", ["файлы", "файлов", "файл"]),
        (.russian, "книг", ["книги", "книга", "книгой"]),
        (.russian, "красив", ["красивая", "красивый"]),
        (.russian, "елк", ["ёлка", "елки"]),
    ]

    /// Words of different meaning that must keep different stems.
    static let distinct: [(Language, String, String)] = [
        (.english, "hoping", "hopping"),
        (.english, "news", "new"),
        (.english, "university", "universe"),
        (.english, "care", "car"),
        (.german, "Armut", "Arm"),
        (.german, "Hase", "Haus"),
        (.dutch, "boeken", "boer"),
        (.french, "pain", "peine"),
        (.spanish, "pero", "perro"),
        (.portuguese, "pato", "prato"),
        (.italian, "pane", "panno"),
        (.russian, "мирный", "мир"),
    ]

    @Test("inflected forms share a stem", arguments: groups.indices)
    func collapse(_ index: Int) throws {
        let (language, stem, words) = Self.groups[index]
        let stemmer = try #require(Stemmer(language))
        for word in words { #expect(stemmer.stem(word) == stem, "\(language) \(word)") }
    }

    @Test("different words keep different stems", arguments: distinct.indices)
    func keepApart(_ index: Int) throws {
        let (language, a, b) = Self.distinct[index]
        let stemmer = try #require(Stemmer(language))
        #expect(stemmer.stem(a) != stemmer.stem(b), "\(language) \(a) \(b)")
    }

    @Test("only the eight stopword languages have a stemmer")
    func languages() {
        for language in Language.allCases { #expect((Stemmer(language) != nil) == language.hasStopwords) }
    }

    @Test("edge cases: empty, one letter, non-letters, mixed scripts, long words")
    func edgeCases() throws {
        for language in Language.withStopwords {
            let stemmer = try #require(Stemmer(language))
            #expect(stemmer.stem("") == "")
            #expect(stemmer.stem("a") == "a")
            // Fewer than `minimumLetters` letters: as written.
            #expect(stemmer.stem("Я") == "Я", "\(language)")
            // Digits and joiners: not stemmed (the word as written).
            for word in ["1990s", "3.14", "e.g", "COVID-19", "x86_64"] { #expect(stemmer.stem(word) == word, "\(language) \(word)") }
            // Longer than `maximumBytes`: as written.
            let long = String(repeating: "Donaudampfschifffahrtsgesellschaften", count: 2)
            #expect(stemmer.stem(long) == long)
            // Mixed scripts are stemmed as bytes, without a crash.
            for word in ["Tokyo東京", "東京", "Αθήνα", "naïveté", "Москваs", "'", "''s", "’"] { _ = stemmer.stem(word) }
        }
        #expect(Stemmer(.english)!.stem("東京ss") == "東京ss")
        // Three letters are not stemmed, four are.
        #expect(Stemmer(.english)!.stem("its") == "its" && Stemmer(.english)!.stem("cats") == "cat")
        #expect(Stemmer(.russian)!.stem("мир") == "мир" && Stemmer(.russian)!.stem("мира") == "мир")
        // Invalid UTF-8 is not stemmed.
        let stemmer = Stemmer(.german)!
        let invalid: [UInt8] = [0x61, 0xFF, 0x65, 0x6E]
        let length = invalid.withUnsafeBufferPointer { word in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Stemmer.scratchBytes) { stemmer.stem(word, into: $0.baseAddress!) }
        }
        #expect(length == nil)
    }

    @Test("random bytes: no crash, stems within the scratch, deterministic")
    func randomBytes() throws {
        var rng = SeededGenerator(seed: 7)
        let alphabet = Array("aeiouyäöüéèàçñõãßsnrtlmdgkhIUY'’-1 ".unicodeScalars).map { Array(String($0).utf8) }
            + Array("аеиоуыэюяйнвшсьёлт".unicodeScalars).map { Array(String($0).utf8) }
        for _ in 0..<20_000 {
            var word: [UInt8] = []
            let letters = rng.below(24)
            for _ in 0..<letters { word += rng.below(8) == 0 ? [UInt8(truncatingIfNeeded: rng.next())] : rng.pick(alphabet) }
            for language in Language.withStopwords {
                let stemmer = Stemmer(language)!
                let (first, second) = word.withUnsafeBufferPointer { word in
                    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Stemmer.scratchBytes) { scratch -> ([UInt8]?, [UInt8]?) in
                        let base = scratch.baseAddress!
                        let a = stemmer.stem(word, into: base).map { Array(UnsafeBufferPointer(start: base, count: $0)) }
                        let b = stemmer.stem(word, into: base).map { Array(UnsafeBufferPointer(start: base, count: $0)) }
                        return (a, b)
                    }
                }
                #expect(first == second)
                if let first { #expect(first.count <= word.count + 1, "\(language) \(word)") }
            }
        }
    }

    @Test("a stem's hash is the one the coarse stage's word cursor gives the stem as a word")
    func stemHashes() throws {
        let words = ["match", "file", "treff", "datei", "strass", "niñ", "красив", "poison's", "aaaaaaaabbbbbbbbc", "Überschrift",
                     "continuellement", "ÉTÉ"]
        let segmenter = Segmenter(locale: "en")
        for word in words {
            let bytes = Array(word.utf8)
            let expected = bytes.withUnsafeBufferPointer { buffer in
                // Padded so that the eight-byte path reads it too.
                var cursor = WordCursor(buffer: buffer, range: 0..<buffer.count, segmenter: segmenter, asciiFastPath: false)
                return cursor.next()
            }
            #expect(bytes.withUnsafeBufferPointer { StemMemo.cursorHash($0) } == expected, "\(word)")
        }
        // Through the memo: "matches" gets the hash of "match", as the fast path reads it.
        let prefixes = Array("Which words match?".utf8).withUnsafeBufferPointer {
            QueryPrefixes(query: $0, stemmer: Stemmer(.english)!, segmenter: segmenter)
        }
        let memo = StemMemo(stemmer: Stemmer(.english)!, prefixes: prefixes)
        defer {
            memo.deallocate()
            prefixes.deallocate()
        }
        let text = Array("matches match matching, matched; the blue words stay, played.".utf8)
        let hashes = text.withUnsafeBufferPointer { buffer -> [UInt64] in
            var cursor = WordCursor(buffer: buffer, range: 0..<buffer.count, segmenter: segmenter, stems: memo)
            var hashes: [UInt64] = []
            while let hash = cursor.next() { hashes.append(hash) }
            return hashes
        }
        let plain = text.withUnsafeBufferPointer { buffer -> [UInt64] in
            var cursor = WordCursor(buffer: buffer, range: 0..<buffer.count, segmenter: segmenter)
            var hashes: [UInt64] = []
            while let hash = cursor.next() { hashes.append(hash) }
            return hashes
        }
        #expect(hashes.count == 9)
        #expect(Set(hashes[0..<4]).count == 1 && hashes[0] == plain[1])
        #expect(hashes[4] == plain[4] && hashes[5] == plain[5] && hashes[7] == plain[7])  // "the", "blue", "stay"
        #expect(hashes[6] != plain[6])  // "words" is "word"
        // "played" starts like no word of the question: as written.
        #expect(hashes[8] == plain[8])
    }

    @Test("the ranking vocabulary keys a word by its stem only with a stemmer, when it starts like a question word")
    func vocabulary() {
        let query = Array("Namen der Dateien mit Treffern".utf8)
        var stemmed = RankingVocabulary(stemmer: Stemmer(.german), query: query, segmenter: Segmenter(locale: "de"))
        #expect(stemmed.id(ArraySlice("Dateien".utf8)) == stemmed.id(ArraySlice("Datei".utf8)))
        #expect(stemmed.id(ArraySlice("Treffer".utf8)) == stemmed.id(ArraySlice("TREFFERN".utf8)))
        #expect(stemmed.id(ArraySlice("Dateien".utf8)) != stemmed.id(ArraySlice("Treffer".utf8)))
        // "Häuser" starts like no question word: its stem "haus" is not used.
        #expect(stemmed.id(ArraySlice("Häuser".utf8)) != stemmed.id(ArraySlice("Haus".utf8)))
        var plain = RankingVocabulary()
        #expect(plain.id(ArraySlice("Dateien".utf8)) != plain.id(ArraySlice("Datei".utf8)))
        #expect(plain.id(ArraySlice("DATEI".utf8)) == plain.id(ArraySlice("datei".utf8)))
    }

    @Test("the stem memo's size, set by the text's length, changes no word's identifier")
    func memoSize() throws {
        let query = Array("What did the early settlers trade with the neighbouring tribes?".utf8)
        // English words of a varied text, many starting like a question word,
        // read in the same order by a vocabulary of the smallest memo and one
        // of the largest: 256 slots meet many collisions, 4,096 fewer.
        var words: [String] = []
        for a in ["trad", "settl", "tribe", "neighbour", "earl", "what", "wit"] {
            for b in ["e", "es", "ed", "ing", "er", "ers", "ly", "ies", "ation", "ational", "ness"] { words.append(a + b) }
        }
        var generator = SeededGenerator(seed: 7)
        let text = (0..<5000).map { _ in generator.pick(words) }
        var small = RankingVocabulary(stemmer: Stemmer(.english), query: query, segmenter: Segmenter(locale: "en"), textCount: 100)
        var large = RankingVocabulary(stemmer: Stemmer(.english), query: query, segmenter: Segmenter(locale: "en"), textCount: 1 << 20)
        let smallIDs = text.map { small.id(ArraySlice($0.utf8)) }
        let largeIDs = text.map { large.id(ArraySlice($0.utf8)) }
        #expect(smallIDs == largeIDs)
        // Stems join some of the forms: fewer identifiers than words.
        #expect(Set(smallIDs).count < words.count)
    }

    @Test("the ranking language: the question and a sample of the text")
    func rankingLanguage() {
        func language(_ query: String, _ text: String) -> Language? {
            Array(query.utf8).withUnsafeBufferPointer { q in
                Array(text.utf8).withUnsafeBufferPointer { Stemmer.forRanking(query: q, text: $0)?.language }
            }
        }
        let german = "Die Ausgabe zeigt für jede Datei die Zeilen, in denen das Muster vorkommt, und nicht mehr."
        #expect(language("Namen der Dateien mit Treffern", german) == .german)
        #expect(language("How are failed payments retried?", "When a card payment fails, the charge is retried three times, once a day, and the account is then suspended.") == .english)
        #expect(language("Что это?", "Это не так, и мы знаем это.") == .russian)
        #expect(language("東京はどこ?", "東京は日本の首都です。") == nil)
        #expect(language("", "") == nil)
        // A long text is sampled: four pieces spread over it.
        let long = String(repeating: german + "\n", count: 400)
        #expect(language("?", long) == .german)
    }
}
