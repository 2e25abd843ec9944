import Foundation
import PromptCompression
import Testing

@Suite("LanguageDetection")
struct LanguageDetectionTests {
    let detector = LanguageDetector()

    // MARK: Known answers

    @Test("Written samples in eight languages are detected, confidently", arguments: LanguageSamples.all)
    func samples(language: Language, text: String) {
        let result = detector.detect(text)
        #expect(result.language == language, "\(result) for \(text.prefix(60))")
        #expect(result.isConfident, "\(result) for \(text.prefix(60))")
    }

    @Test("Sentences of the samples: most are detected, none confidently wrong but a few")
    func sampleSentences() throws {
        var total = 0, confident = 0, right = 0
        var wrong: [String] = []
        for (language, text) in LanguageSamples.all {
            let bytes = Array(text.utf8)
            for sentence in try Segmenter(locale: language.rawValue).sentences(in: text) {
                let result = detector.detect(utf8: Array(bytes[sentence]))
                total += 1
                guard result.isConfident else { continue }
                confident += 1
                if result.language == language {
                    right += 1
                } else {
                    wrong.append("\(language) as \(result): \(String(decoding: bytes[sentence], as: UTF8.self))")
                }
            }
        }
        print("LanguageDetection: sample sentences: \(total), confident \(confident), right \(right)")
        for line in wrong { print("  wrong: \(line)") }
        #expect(right * 100 >= total * 65, "\(right) of \(total) sentences right")
        #expect(wrong.count * 100 <= confident * 3, "\(wrong)")
    }

    @Test("Short, hard and other-script texts", arguments: [
        ("Das ist nicht der Fall, und wir wissen es nicht.", Language.german, true),
        ("Ce n'est pas le cas, et nous le savons bien.", .french, true),
        ("This is not the answer that we wanted to hear.", .english, true),
        ("Это не так, и мы это знаем.", .russian, true),
        ("我们今天去北京。", .cjk, true),
        ("今日は東京に行きます。", .cjk, true),
        ("오늘 서울에 갑니다.", .cjk, true),
        ("Αυτό δεν είναι η απάντηση που θέλαμε.", .otherScript, true),
        ("هذه ليست الإجابة التي أردناها.", .otherScript, true),
        ("Це не та відповідь, яку ми хотіли і чекали.", .otherLanguage, true),
        ("Zażółć gęślą jaźń, a potem idź spać, bo jest późno i ciemno.", .otherLanguage, true),
        ("OK", .unknown, false),
        ("", .unknown, false),
        ("1234 5678 90 + 42 = 5954", .unknown, false),
    ])
    func knownAnswers(text: String, language: Language, confident: Bool) {
        let result = detector.detect(text)
        if confident || language != .unknown {
            #expect(result.language == language, "\(result)")
        }
        #expect(result.isConfident == confident, "\(result)")
    }

    @Test("Too short or unclear text falls back to the caller's default")
    func fallback() {
        #expect(detector.language(of: "Hello", default: .german) == .german)
        #expect(detector.language(of: "let x = f(y) + 2;", default: .french) == .french)
        #expect(detector.language(of: "", default: .dutch) == .dutch)
        #expect(detector.language(of: "Der Hund und die Katze sind nicht hier.", default: .english) == .german)
        #expect(LanguageDetector(minimumLetters: 1000).language(of: LanguageSamples.dutch[0], default: .english)
            == .english)
    }

    @Test("Capitals and typographic apostrophes are read like lowercase and '")
    func caseAndApostrophes() {
        #expect(detector.detect("DAS IST NICHT DER FALL UND WIR WISSEN ES").language == .german)
        #expect(detector.detect("ÜBER DIE BRÜCKE UND DANN NACH LINKS, DAS IST ES").language == .german)
        #expect(detector.detect("It’s not what they’re saying, and it isn’t what we want.").language == .english)
    }

    @Test("Invalid UTF-8: no trap, the valid letters still count")
    func invalidUTF8() {
        var bytes = Array("Der Hund und die Katze sind nicht hier, das ist klar.".utf8)
        bytes.insert(0xFF, at: 10)
        bytes.insert(0xC3, at: 20)  // truncated two-byte sequence
        bytes.append(contentsOf: [0xE2, 0x80])  // truncated at the end
        #expect(detector.detect(utf8: bytes).language == .german)
        #expect(detector.detect(utf8: [0xFF, 0xFE, 0xC0, 0x80, 0xED, 0xA0, 0x80]).language == .unknown)
        #expect(detector.detect(utf8: [UInt8](repeating: 0x80, count: 1000)).language == .unknown)
    }

    @Test("Pathological input: 1 MiB of one letter, of random bytes, of one word repeated")
    func pathological() {
        #expect(detector.detect(String(repeating: "a", count: 1 << 20)).language == .unknown)
        var generator = SeededGenerator(seed: 3)
        let random = (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(!detector.detect(utf8: random).isConfident || detector.detect(utf8: random).language != .english)
        #expect(detector.detect(String(repeating: "und ", count: 1 << 18)).language == .german)
    }

    @Test("Deterministic, and the same for a String and its bytes")
    func deterministic() {
        for (_, text) in LanguageSamples.all {
            let a = detector.detect(text)
            #expect(detector.detect(text) == a)
            #expect(detector.detect(utf8: Array(text.utf8)) == a)
        }
    }

    // MARK: Real text

    /// Counts of one label's paragraphs.
    struct Tally {
        var paragraphs = 0
        /// Paragraphs with at least `minimumLetters` letters.
        var long = 0
        var confident = 0
        var confidentRight = 0
        /// Long paragraphs whose best guess (confident or not) is right.
        var longRight = 0
        var wrong: [Language: Int] = [:]

        mutating func add(_ result: LanguageDetector.Result, expected: Language, minimumLetters: Int) {
            paragraphs += 1
            if result.letterCount >= minimumLetters {
                long += 1
                if result.language == expected { longRight += 1 }
            }
            if result.isConfident {
                confident += 1
                if result.language == expected { confidentRight += 1 } else { wrong[result.language, default: 0] += 1 }
            }
        }

        func report(_ name: String) -> String {
            func percent(_ a: Int, _ b: Int) -> String { b == 0 ? "-" : String(format: "%.2f%%", Double(a) * 100 / Double(b)) }
            let errors = wrong.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            return "\(name): \(paragraphs) paragraphs, confident \(confident) (\(percent(confident, paragraphs))), "
                + "right when confident \(percent(confidentRight, confident)); \(long) long, best guess right "
                + "\(percent(longRight, long))" + (errors.isEmpty ? "" : "; confidently wrong: \(errors)")
        }
    }

    @Test("Debian manuals (de, fr, ja, zh, ru) and English essays: accuracy per language")
    func corpora() throws {
        var tallies: [String: Tally] = [:]
        var examples: [String: [String]] = [:]
        let expected: [String: Language] = ["de": .german, "fr": .french, "ja": .cjk, "zh": .cjk, "ru": .russian,
                                            "en": .english]
        if let (paragraphs, labels) = try Self.multilingual() {
            for (paragraph, label) in zip(paragraphs, labels) {
                let result = detector.detect(utf8: Array(paragraph))
                let language = expected[label]!
                tallies[label, default: Tally()].add(result, expected: language, minimumLetters: detector.minimumLetters)
                if result.isConfident, result.language != language, examples[label, default: []].count < 8 {
                    examples[label, default: []].append("\(result): \(String(decoding: paragraph.prefix(120), as: UTF8.self))")
                }
            }
        }
        if let essays = try TestData.essays() {
            for essay in essays {
                // The essays have no blank lines: chunks of five lines stand for paragraphs.
                let lines = essay.split(separator: UInt8(ascii: "\n"))
                for start in stride(from: 0, to: lines.count, by: 5) {
                    let chunk = Array(lines[start..<min(start + 5, lines.count)].joined(separator: [UInt8(ascii: "\n")]))
                    let result = detector.detect(utf8: chunk)
                    tallies["en (essays)", default: Tally()].add(result, expected: .english, minimumLetters: detector.minimumLetters)
                    if result.isConfident, result.language != .english, examples["en (essays)", default: []].count < 8 {
                        examples["en (essays)", default: []].append("\(result): \(String(decoding: chunk.prefix(120), as: UTF8.self))")
                    }
                }
                for line in lines {
                    tallies["en (lines)", default: Tally()].add(detector.detect(utf8: Array(line)), expected: .english,
                                                               minimumLetters: detector.minimumLetters)
                }
            }
        }
        guard !tallies.isEmpty else {
            if TestData.strict { Issue.record("no corpora: run corpora/bench/build.sh and labels.sh, and set TERSIFY_DATA") }
            return
        }
        for (label, tally) in tallies.sorted(by: { $0.key < $1.key }) {
            print("LanguageDetection: " + tally.report(label))
            for example in examples[label] ?? [] { print("    \(example)") }
        }
        for (label, tally) in tallies where label != "en (lines)" {
            #expect(tally.confidentRight * 1000 >= tally.confident * 995, "\(tally.report(label))")
            #expect(tally.confident * 100 >= tally.paragraphs * 50, "\(tally.report(label))")
        }
    }

    /// The paragraphs of multilingual.txt and their labels, or nil when
    /// either file is missing (corpora/bench/build.sh, labels.sh).
    static func multilingual() throws -> ([ArraySlice<UInt8>], [String])? {
        let cache = ProcessInfo.processInfo.environment["TERSIFY_CACHE"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/tersify")
        let corpus = cache.appendingPathComponent("bench/multilingual.txt")
        let labelFile = cache.appendingPathComponent("bench/multilingual-labels.txt")
        guard FileManager.default.fileExists(atPath: corpus.path),
              FileManager.default.fileExists(atPath: labelFile.path) else {
            print("LanguageDetection: no \(labelFile.path): run corpora/bench/build.sh and corpora/bench/labels.sh")
            return nil
        }
        var text = Array(try Data(contentsOf: corpus))
        while text.last == UInt8(ascii: "\n") { text.removeLast() }
        var paragraphs: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index + 1 < text.count {
            if text[index] == UInt8(ascii: "\n"), text[index + 1] == UInt8(ascii: "\n") {
                paragraphs.append(text[start..<index])
                index += 2
                start = index
            } else {
                index += 1
            }
        }
        paragraphs.append(text[start...])
        let labels = try String(contentsOf: labelFile, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(labels.count == paragraphs.count, "\(labels.count) labels for \(paragraphs.count) paragraphs")
        guard labels.count == paragraphs.count else { return nil }
        return (paragraphs, labels)
    }
}
