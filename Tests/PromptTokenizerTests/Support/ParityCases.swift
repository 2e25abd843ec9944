import Foundation
import PromptTokenizer

/// One text to encode with both tokenizers.
struct ParityCase {
    /// Cases are checked against the golden file by group.
    let group: String
    let text: String
    /// Encode with every special token allowed instead of as ordinary text.
    var allowSpecial = false
}

/// The texts of the parity suite: seeded generated strings, a sweep of every
/// code point in contexts that reveal its class, and the evaluation corpora.
enum ParityCases {
    // MARK: Generated

    static let latin = [
        "café", "naïve", "Straße", "über", "Ångström", "résumé", "jalapeño", "Łódź", "İstanbul", "ǅemal",
        "façade", "Øresund", "ÆSIR", "coöperate", "señor", "Ærø", "ﬁne", "ŉ", "Ǳ", "ß", "ẞ",
    ]
    static let cyrillic = ["Привет", "мир", "не", "ЁЖИК", "съешь", "ещё", "этих", "мягких", "Їжак", "ґанок"]
    static let greek = ["Καλημέρα", "κόσμε", "ΣΊΣΥΦΟΣ", "ψυχή", "ἀρχή", "ὦ", "Ω", "µ"]
    static let cjk = [
        "漢字", "日本語のテキスト", "中文分词", "한국어", "ｶﾀｶﾅ", "東京都", "これは", "。", "、", "「引用」",
        "我们", "的", "𠀋", "𪚲", "ㄅㄆ", "〇", "々",
    ]
    static let arabic = ["مرحبا", "بالعالم", "١٢٣", "۴۵۶", "ﷺ", "العربية", "\u{200F}"]
    static let devanagari = ["नमस्ते", "हिन्दी", "१२३", "क्षत्रिय", "ॐ", "ग़"]
    static let emoji = [
        "👍", "👍🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈", "❤️", "🇩🇪", "🧑🏿‍💻", "😀", "🤷‍♀️", "©", "™", "\u{FE0F}",
        "🫠", "🔥🔥🔥",
    ]
    static let combining = ["e\u{0301}", "a\u{0308}\u{0304}", "n\u{0303}", "Z\u{0351}\u{036B}\u{0343}\u{036A}\u{0334}\u{0319}", "\u{0301}", "\u{20DD}", "\u{093F}"]
    static let numbers = [
        "0", "7", "42", "123", "2024", "12345", "3.14159", "1,000,000", "٣", "①", "Ⅻ", "½", "²", "𝟙𝟚𝟛",
        "1e-9", "0x1F", "१२३४", "٠١٢٣٤",
    ]
    static let whitespace = [
        " ", "  ", "   ", "    ", "\t", "\t\t", "\n", "\n\n", "\r\n", "\r", "\r\r\n", " \n ", "\n  ", "  \n",
        "\u{00A0}", "\u{2003}", "\u{3000}", "\u{200B}", "\u{2028}", "\u{0085}", "\u{000B}", "\u{000C}",
        "\u{1680}", "\u{202F}", " \u{00A0}", "\u{00A0} ", " \t ", "\n\t", "\t\n",
    ]
    static let contractions = [
        "'s", "'S", "'t", "'T", "'re", "'RE", "'Re", "'rE", "'ve", "'VE", "'ll", "'LL", "'lL", "'d", "'D", "'m",
        "'M", "don't", "I'M", "'ſ", "'ſt", "’s", "'", "''", "'x", "'l", "'v", "'r", "y'all", "rock'n'roll",
        "we're", "THEY'LL", "it's", "O'Neil",
    ]
    static let punctuation = [
        ".", ",", "!?", "...", "—", "“", "”", "«", "»", "(", ")", "{}", "<|endoftext|>", "<|fim_prefix|>",
        "<|endofprompt|>", "<|fim_middle|>", "<|fim_suffix|>", "<|", "|>", "#", "@", "$", "%", "&&", "->", "==",
        "/*", "*/", "\\", "|", "~", "`", "^", "_", "-", "•", "€", "¿", "¡", "§", "…", "\u{0000}", "\u{001B}",
        "\u{FEFF}", "\u{FFFD}", "\u{E000}", "\u{10FFFF}", "\u{FFFE}",
    ]
    static let code = [
        "func foo(_ x: Int) -> Int {", "if (a && b) { return; }", "x += 1", "    ", "\tindent", "#include <stdio.h>",
        "let y = [1, 2, 3]", "print(\"hi\\n\")", "}\n", "});", "<div class=\"a\">", "SELECT * FROM t;",
        "https://example.com/a?b=c&d=e", "user@example.org", "a_b_c", "camelCaseWord", "snake_case_42",
    ]
    static let asciiLetters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

    /// `count` seeded strings mixing scripts, digits, white space and punctuation.
    static func generated(count: Int = 20_000, seed: UInt64 = 0x7E25_1F1E_2026_1128) -> [ParityCase] {
        var rng = SeededGenerator(seed: seed)
        let pools = [latin, cyrillic, greek, cjk, arabic, devanagari, emoji, combining, numbers, whitespace,
                     contractions, punctuation, code]
        var cases: [ParityCase] = []
        cases.reserveCapacity(count)
        for index in 0..<count {
            var text = ""
            let kind = rng.below(10)
            let fragments = 1 + rng.below(kind == 0 ? 4 : 40)
            for _ in 0..<fragments {
                switch rng.below(12) {
                case 0, 1, 2:
                    // An ASCII word, sometimes long, sometimes one letter repeated.
                    let length = rng.below(20) == 0 ? 20 + rng.below(180) : 1 + rng.below(12)
                    if rng.below(6) == 0 {
                        text += String(repeating: rng.pick(asciiLetters), count: length)
                    } else {
                        text += String((0..<length).map { _ in rng.pick(asciiLetters) })
                    }
                case 3:
                    text += String((0..<(1 + rng.below(15))).map { _ in Character(String(rng.below(10))) })
                case 4:
                    text += String(repeating: rng.pick(rng.pick(pools)), count: 1 + rng.below(rng.below(8) == 0 ? 40 : 3))
                default:
                    text += rng.pick(rng.pick(pools))
                }
                if rng.below(3) == 0 { text += rng.pick(whitespace) }
            }
            cases.append(ParityCase(group: "generated#\(index / 100)", text: text, allowSpecial: index % 10 == 9))
        }
        return cases
    }

    // MARK: Character boundaries

    /// Seeded strings of the characters (below U+10000, three UTF-8 bytes)
    /// that some multi-character token holds, with other scripts' letters
    /// and punctuation between: the boundaries that the encoder's split at
    /// uncrossed character boundaries must not split.
    static func crossings(
        _ tokenizer: Tokenizer, group: String = "crossings", count: Int = 3_000, seed: UInt64 = 0xC205_5ED0_2026_1129
    ) -> [ParityCase] {
        // Code points, not `Character`s: canonically equivalent characters
        // (U+212B and U+00C5, CJK compatibility ideographs) are equal as
        // `Character`s, and which of two a set kept would vary between runs.
        var pool = Set<UInt32>()
        for id in 0..<TokenID(tokenizer.vocabularySize) where !tokenizer.specialTokens.values.contains(id) {
            guard let bytes = try? tokenizer.decodeBytes([id]),
                  let text = String(validating: bytes, as: UTF8.self), text.unicodeScalars.count >= 2 else { continue }
            for scalar in text.unicodeScalars where (0x800..<0x10000).contains(scalar.value) {
                pool.insert(scalar.value)
            }
        }
        let characters = pool.sorted().map { Character(Unicode.Scalar($0)!) }
        let others: [Character] = ["，", "。", "、", "「", "」", " ", "a", "1", "é", "ж", "😀", "ー", "の", "한", "\n"]
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { index in
            let length = 2 + rng.below(60)
            let text = String((0..<length).map { _ in rng.below(5) == 0 ? rng.pick(others) : rng.pick(characters) })
            return ParityCase(group: "\(group)#\(index / 100)", text: text)
        }
    }

    // MARK: Code points

    /// The cl100k contexts of a character `c`: where its class (letter,
    /// number, white space, other) changes the pieces.
    static func cl100kContext(_ c: String) -> String {
        "\(c)'s x\(c)y 1\(c)\(c)\(c)\(c) \(c)x\u{00A0}\(c)'ll\n"
    }

    /// The o200k contexts of `c`: where upper, lower and caseless letters,
    /// marks, numbers, white space and other characters split differently
    /// (`A\(c)B` joins U characters, `a\(c)Bc` L characters, `\(c)Ab` tells
    /// a caseless letter from a small one, `!!\(c).` a mark or other
    /// character from a letter, `.\(c)/` white space from other characters).
    static func o200kContext(_ c: String) -> String {
        "A\(c)B a\(c)Bc \(c)Ab !!\(c).\(c)/ 1\(c)\(c)\(c)\(c) \(c)'s\n"
    }

    /// Every code point but surrogates, 512 to a case, each in `context`.
    static func codePointSweep(group: String = "codepoints", context: (String) -> String = cl100kContext) -> [ParityCase] {
        var cases: [ParityCase] = []
        var text = ""
        for scalarValue in 0..<0x110000 {
            guard let scalar = Unicode.Scalar(scalarValue) else { continue }
            text += context(String(Character(scalar)))
            if scalarValue % 512 == 511 {
                cases.append(ParityCase(group: "\(group)#\(scalarValue / 0x10000)", text: text))
                text = ""
            }
        }
        return cases
    }

    // MARK: Class boundaries

    /// Characters of each class the o200k pattern tells apart, from scripts
    /// and blocks of long standing (their classes are the same in every
    /// Unicode version since 6, so that a regex engine of another version
    /// splits them alike).
    static let o200kClasses: [[String]] = [
        [".", ",", "!", "-", "(", "#", "\"", "`", "$", "@", "_", "~", "|", "<", "*"],  // ASCII punctuation
        ["/"],  // taken after a punctuation run
        ["'"],  // begins a contraction
        ["s", "t", "re", "ve", "m", "ll", "d", "S", "T", "RE", "Ve", "M", "LL", "D", "ſ"],  // contraction tails
        ["—", "«", "€", "©", "😀", "\u{200B}", "\u{00AD}", "。", "’", "\u{1F3FB}"],  // other non-ASCII
        ["A", "Z", "É", "Ж", "Σ", "ǅ", "ᾈ", "𝐀"],  // \p{Lu}, \p{Lt}
        ["a", "z", "é", "ж", "σ", "ß", "ŉ", "𝐚", "ﬁ"],  // \p{Ll}
        ["ʰ", "ー", "々", "中", "あ", "ا", "א", "ก", "𠀋", "ª", "ᴬ"],  // \p{Lm}, \p{Lo}
        ["\u{0301}", "\u{0903}", "\u{20DD}", "\u{093F}", "\u{FE0F}", "\u{0651}", "\u{E0100}", "\u{0E31}"],  // \p{M}
        ["0", "7", "٣", "Ⅻ", "½", "²", "𝟙", "①"],  // \p{N}
        ["\t", "\u{00A0}", "\u{3000}", "\u{2003}", "\u{000B}", "\u{000C}", "\u{0085}", "\u{2029}"],  // \s
        [" "],  // the ASCII space of ` ?[^\s\p{L}\p{N}]`
        ["\n", "\r", "\r\n"],  // line breaks
    ]

    /// Every sequence of one to three classes (seeded characters), alone and
    /// between letters and spaces, then `count` seeded sequences of two to
    /// ten: each boundary of one class with the next, in the contexts where
    /// backtracking, the prefix and the contraction apply.
    static func classBoundaries(count: Int = 20_000, seed: UInt64 = 0x0200_CA5E_B0D5_2026) -> [ParityCase] {
        var rng = SeededGenerator(seed: seed)
        let classes = o200kClasses
        var cases: [ParityCase] = []
        let contexts: [(String, String)] = [("", ""), ("Ab", " "), ("x", "y"), (" ", "Cd\n")]
        for a in classes.indices {
            for b in classes.indices {
                for c in classes.indices {
                    let text = rng.pick(classes[a]) + rng.pick(classes[b]) + rng.pick(classes[c])
                    for (before, after) in contexts {
                        cases.append(ParityCase(group: "boundaries#\(a)", text: before + text + after))
                    }
                }
                let pair = rng.pick(classes[a]) + rng.pick(classes[b])
                cases.append(ParityCase(group: "boundaries#\(a)", text: pair))
            }
            cases.append(ParityCase(group: "boundaries#\(a)", text: rng.pick(classes[a])))
        }
        for index in 0..<count {
            let length = 2 + rng.below(9)
            let text = (0..<length).map { _ in rng.pick(rng.pick(classes)) }.joined()
            cases.append(ParityCase(group: "sequences#\(index / 500)", text: text))
        }
        return cases
    }

    // MARK: Corpora

    /// `cases`, then the corpora's when they are found
    /// (`TestEnvironment.dataDirectory`), and whether they were.
    static func addingCorpora(to cases: [ParityCase]) -> (cases: [ParityCase], hasCorpora: Bool) {
        guard let folder = TestEnvironment.dataDirectory, let corpora = try? corpora(folder) else { return (cases, false) }
        return (cases + corpora, true)
    }

    /// Essays, NaturalQuestions passages and questions, HotpotQA paragraphs.
    static func corpora(_ folder: URL) throws -> [ParityCase] {
        var cases: [ParityCase] = []
        let essays = folder.appendingPathComponent("haystack/PaulGrahamEssays")
        for name in try FileManager.default.contentsOfDirectory(atPath: essays.path).sorted() {
            let data = try Data(contentsOf: essays.appendingPathComponent(name))
            cases.append(ParityCase(group: "essays/\(name)", text: String(decoding: data, as: UTF8.self)))
        }
        for (index, record) in try jsonLines(folder.appendingPathComponent("nq-open-oracle.jsonl.gz")).enumerated() {
            let question = record["question"] as? String ?? ""
            let contexts = record["ctxs"] as? [[String: Any]] ?? []
            let passages = contexts.map { "\($0["title"] as? String ?? "")\n\($0["text"] as? String ?? "")" }
            cases.append(ParityCase(group: "nq#\(index / 100)", text: (passages + ["Question: \(question)"]).joined(separator: "\n\n")))
        }
        for (index, record) in try jsonLines(folder.appendingPathComponent("hotpotqa-dev-distractor-500.jsonl.gz")).enumerated() {
            let contexts = record["contexts"] as? [[String: Any]] ?? []
            for context in contexts {
                let text = "\(context["title"] as? String ?? "")\n\(context["paragraph_text"] as? String ?? "")"
                cases.append(ParityCase(group: "hotpot#\(index / 50)", text: text))
            }
            cases.append(ParityCase(group: "hotpot#\(index / 50)", text: record["question_text"] as? String ?? ""))
        }
        return cases
    }

    static func jsonLines(_ url: URL) throws -> [[String: Any]] {
        let data = try TestEnvironment.gunzip(url)
        return try data.split(separator: UInt8(ascii: "\n")).map {
            guard let object = try JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] else {
                throw TestFailure("\(url.lastPathComponent): a line is not a JSON object")
            }
            return object
        }
    }
}
