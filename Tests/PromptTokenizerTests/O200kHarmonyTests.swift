import Foundation
import PromptTokenizer
import Testing

/// o200k_harmony (gpt-oss): o200k_base's ranks and pattern with the
/// harmony chat format's special tokens, token for token as tiktoken
/// 0.14.0's `get_encoding("o200k_harmony")` on the cached o200k_base file.
/// The ranks are o200k_base's, checked on every case there; this suite
/// checks the special tokens, in chat-formatted text and in seeded strings.
@Suite("Parity with tiktoken on o200k_harmony", .serialized)
struct O200kHarmonyTests {
    static let tokenizer: Tokenizer? = TestTokenizers.o200kHarmony

    /// Every special token alone, the harmony chat format, and seeded strings
    /// with special tokens between them.
    static let cases: [ParityCase] = {
        guard let tokenizer else { return [] }
        let specials = tokenizer.specialTokens.keys.sorted()
        var cases = specials.map { ParityCase(group: "special", text: $0, allowSpecial: true) }
        let chat = """
            <|start|>system<|message|>You are ChatGPT.\nReasoning: high<|end|>\
            <|start|>user<|message|>What's 2+2?<|end|>\
            <|start|>assistant<|channel|>analysis<|message|>Simple.<|end|>\
            <|start|>assistant<|channel|>commentary to=functions.add <|constrain|>json<|message|>{"a":2,"b":2}<|call|>\
            <|start|>assistant<|channel|>final<|message|>4<|return|>
            """
        cases.append(ParityCase(group: "chat", text: chat, allowSpecial: true))
        cases.append(ParityCase(group: "chat", text: chat, allowSpecial: false))
        cases.append(ParityCase(group: "chat", text: "<|startoftext|><|endofprompt|><|reserved_200018|><|reserved_201087|><|reserved_201088|>", allowSpecial: true))
        var rng = SeededGenerator(seed: 0x4A2B_0055_2026_1207)
        for (index, item) in ParityCases.generated(count: 3_000).enumerated() {
            var text = item.text
            for _ in 0..<(1 + rng.below(3)) {
                let offset = rng.below(text.unicodeScalars.count + 1)
                let at = text.unicodeScalars.index(text.unicodeScalars.startIndex, offsetBy: offset)
                text.unicodeScalars.insert(contentsOf: rng.pick(specials).unicodeScalars, at: at)
            }
            cases.append(ParityCase(group: "generated#\(index / 100)", text: text, allowSpecial: index % 4 != 3))
        }
        return cases
    }()

    static func required() -> Tokenizer? {
        TestEnvironment.required(tokenizer, file: "o200k_base.tiktoken")
    }

    @Test("o200k_base's file and pattern, harmony's special tokens")
    func loads() throws {
        guard let tokenizer = Self.required() else { return }
        #expect(tokenizer.name == "o200k_harmony" && tokenizer.splitPattern == .o200k)
        #expect(tokenizer.vocabularySize == 201_088 && tokenizer.specialTokens.count == 1_091)
        #expect(tokenizer.specialTokens["<|start|>"] == 200_006 && tokenizer.specialTokens["<|message|>"] == 200_008)
        #expect(tokenizer.specialTokens["<|call|>"] == 200_012 && tokenizer.specialTokens["<|reserved_201087|>"] == 201_087)
        // 200,018 has two texts; the shorter decodes, as tiktoken's decoder gives.
        #expect(tokenizer.specialTokens["<|endofprompt|>"] == 200_018 && tokenizer.specialTokens["<|reserved_200018|>"] == 200_018)
        #expect(try tokenizer.decode([200_018]) == "<|endofprompt|>")
        // The file by path is o200k_base's: the first name in order of those that share it.
        #expect(try Tokenizer(contentsOf: TestEnvironment.o200kVocabularyPath).name == "o200k_base")
    }

    @Test("matches tiktoken on special tokens and seeded strings, when tiktoken is installed")
    func matchesTiktoken() throws {
        guard let tokenizer = Self.required() else { return }
        try ParityComparison.expectSameAsTiktoken(
            tokenizer, Self.cases, encoding: "o200k_harmony", vocabulary: TestEnvironment.o200kVocabularyPath)
    }
}
