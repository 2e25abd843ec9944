import Foundation
import PromptTokenizer
import Testing

/// Token-for-token parity with Hugging Face tokenizers 0.23.3 running the
/// `tokenizer.json` files of Qwen 2.5, Qwen 3 and DeepSeek V3
/// (`scripts/hf-tokenizers-reference.py`), and the split scanners against
/// its pre-tokenizers. Without a file in the cache its tests are skipped,
/// and fail under `TERSIFY_STRICT_TESTS=1`.
@Suite("Parity with Hugging Face tokenizers", .serialized)
struct HuggingFaceParityTests {
    static let names = ["qwen2.5", "qwen3", "deepseek-v3"]

    static func path(_ name: String) -> String { Tokenizer.defaultCacheDirectory + "/\(name).tokenizer.json" }

    static var tokenizers: [String: Tokenizer] { TestTokenizers.huggingFace }

    /// Where the three patterns part from the ones of tiktoken's encodings:
    /// numbers one by one (Qwen) or by three apart from what precedes them
    /// (DeepSeek), kana and ideograph runs, ASCII punctuation before
    /// letters, marks in words, white space before numbers and ideographs,
    /// text NFC changes, and the added tokens.
    static let edges: [ParityCase] = {
        var cases: [ParityCase] = []
        let heads = ["", "a", "word", "12", "!", "x.", "don't", " ", "  ", "\n", "日本", "カタカナ", "ア・イ", "\u{3000}"]
        let tails = ["", "1", "123456", "b", ".com", "_id", "$x", "日本語", "ひらがな", "゛", "\u{0301}x", "\u{200B}y",
                     "\u{0000}\u{0001}z", "١٢٣٤", "Ⅻ", "  x", "\t\n", " ...", "—", "😀👍🏽", "\u{FE0F}"]
        for head in heads {
            for tail in tails {
                cases.append(ParityCase(group: "edges", text: head + tail))
                cases.append(ParityCase(group: "edges", text: head + " " + tail + " end"))
            }
        }
        let nfc = ["e\u{0301}", "a\u{0328}\u{0301}", "\u{212B}", "\u{2126}", "\u{F900}", "\u{1100}\u{1161}\u{11A8}",
                   "\u{0958}", "q\u{0307}\u{0323}", "\u{1E0A}\u{0323}", "x\u{1DF6}\u{0301}", "\u{0915}\u{093C}",
                   "\u{11099}\u{110BA}", "Å", "ﬁ", "\u{0344}", "\u{FB2C}",
                   // A two-byte base below U+0300 that a mark composes with: ø + ◌́ is ǿ.
                   "\u{00F8}\u{0301}", "Ær\u{00F8}\u{0301}", "\u{00C5}\u{0301}x"]
        for text in nfc {
            cases.append(ParityCase(group: "nfc", text: text))
            cases.append(ParityCase(group: "nfc", text: "word" + text + "word " + text + " 12" + text))
        }
        cases.append(ParityCase(group: "special", text: "<|im_start|>user\nHi<|im_end|>\n<think>\n</think><|endoftext|>", allowSpecial: true))
        cases.append(ParityCase(group: "special", text: "<｜begin▁of▁sentence｜>Hi<｜User｜>x<｜Assistant｜><think>", allowSpecial: true))
        cases.append(ParityCase(group: "special", text: "<|im_start|>é\u{0301}<|im_end|>e\u{0301}<|fim_prefix|>", allowSpecial: true))
        return cases
    }()

    /// Every code point below U+30000 and the variation selectors of plane
    /// 14 in contexts where their class changes the pieces, 4096 to a case.
    static let codePoints: [ParityCase] = {
        var cases: [ParityCase] = []
        var text = ""
        for value in Array(0..<0x30000) + Array(0xE0000..<0xE0200) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let c = String(Character(scalar))
            text += "x\(c)y \(c)\(c)1.\(c)\n"
            if value % 4096 == 4095 {
                cases.append(ParityCase(group: "codepoints#\(value >> 12)", text: text))
                text = ""
            }
        }
        if !text.isEmpty { cases.append(ParityCase(group: "codepoints", text: text)) }
        return cases
    }()

    static func cases(_ tokenizer: Tokenizer) -> [ParityCase] {
        ParityCases.addingCorpora(to: edges + ParityCases.generated() + ParityCases.classBoundaries() + ParityCases.crossings(tokenizer)).cases
    }

    static func required(_ name: String) -> Tokenizer? {
        TestEnvironment.required(tokenizers[name], file: "\(name).tokenizer.json")
    }

    @Test("the files, their patterns, normalization and added tokens", arguments: names)
    func loads(_ name: String) throws {
        guard let tokenizer = Self.required(name) else { return }
        switch name {
        case "deepseek-v3":
            #expect(tokenizer.splitPattern == .deepSeekV3 && tokenizer.normalization == .none)
            #expect(tokenizer.mergeableTokenCount == 127_997 && tokenizer.vocabularySize == 128_815)
            #expect(tokenizer.specialTokens["<｜begin▁of▁sentence｜>"] == 0 && tokenizer.specialTokens.count == 818)
        default:
            #expect(tokenizer.splitPattern == .qwen2 && tokenizer.normalization == .nfc)
            #expect(tokenizer.mergeableTokenCount == 151_643)
            #expect(tokenizer.specialTokens["<|endoftext|>"] == 151_643 && tokenizer.specialTokens["<|im_start|>"] == 151_644)
        }
        // By path, the same file is recognized by its content and SHA-256
        // (once: loading costs seconds in a debug build).
        if name == "deepseek-v3" {
            let byPath = try Tokenizer(contentsOf: Self.path(name))
            #expect(byPath.name == name && byPath.splitPattern == tokenizer.splitPattern)
            #expect(byPath.encodeOrdinary("Hello, world! 12345") == tokenizer.encodeOrdinary("Hello, world! 12345"))
        }
    }

    /// Qwen 2.5's vocab and merges are Qwen 3's (only the added tokens differ).
    @Test("every token a merge makes is BPE's whole encoding of its bytes", arguments: ["qwen3", "deepseek-v3"])
    func tokensAreReachable(_ name: String) throws {
        guard Self.required(name) != nil else { return }
        // The check `Tokenizer.named` skips for the pinned files: the encoder
        // merges by rank over bytes, which equals merging by pair only so.
        #expect(try Tokenizer._unreachableTokens(tokenizerJSON: Self.path(name)).isEmpty)
    }

    @Test("matches the reference on every case, when tokenizers is installed", arguments: names)
    func matchesReference(_ name: String) throws {
        guard let tokenizer = Self.required(name) else { return }
        var cases = Self.cases(tokenizer)
        // The sweep checks NFC and the class tables: Qwen 2.5's are Qwen 3's.
        if name != "qwen2.5" { cases += Self.codePoints }
        guard let reference = try HuggingFaceReference.encode(cases, file: Self.path(name)) else {
            TestEnvironment.referenceMissing("tokenizers")
            return
        }
        ParityComparison.expectSame(tokenizer, cases, reference: reference, name: name)
    }

    @Test("splits like the reference's pre-tokenizer", arguments: names)
    func splitMatchesReference(_ name: String) throws {
        guard let tokenizer = Self.required(name) else { return }
        // Text NFC leaves alone: the reference's pieces are of the normalized text.
        let cases = (Self.edges + ParityCases.generated(count: 5_000) + ParityCases.classBoundaries(count: 5_000))
            .filter { !$0.allowSpecial && $0.text.precomposedStringWithCanonicalMapping.utf8.elementsEqual($0.text.utf8) }
        guard let reference = try HuggingFaceReference.pieceEnds(cases, file: Self.path(name)) else {
            TestEnvironment.referenceMissing("tokenizers")
            return
        }
        ParityComparison.expectSameSplits(tokenizer, cases, reference: reference, name: name)
    }
}
