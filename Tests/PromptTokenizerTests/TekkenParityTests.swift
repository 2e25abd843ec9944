import Foundation
import PromptTokenizer
import Testing

/// Token-for-token parity with Mistral's Tekken tokenizer: mistral-common
/// 1.13.1's `Tekkenizer` on tekken_240911.json for ordinary text, and a
/// tiktoken `Encoding` of its ranks (offset by its 1,000 special tokens) and
/// special tokens for text with special tokens allowed
/// (`scripts/tiktoken-reference.py`); and the split scanner against the
/// file's pattern run by a regex engine. Without the file in the cache the
/// suite is skipped, and fails under `TERSIFY_STRICT_TESTS=1`.
@Suite("Parity with Mistral's Tekken tokenizer", .serialized)
struct TekkenParityTests {
    static let vocabularyPath = Tokenizer.defaultCacheDirectory + "/mistral-tekken.json"
    static let tokenizer: Tokenizer? = TestTokenizers.tekken

    /// Where Tekken's pattern parts from o200k_base's: contractions, digit
    /// runs; and its special tokens, which come before the ranks.
    static let differences: [ParityCase] = {
        var cases: [ParityCase] = []
        let texts = [
            "don't", "DON'T", "I'm", "we'll", "they've", "it's", "O'Neil's", "rock'n'roll", "'s", "x's'", "Straße's",
            "12345", "3.14159", "1,000,000", "٣٤٥", "x1y22z333", "2024-01-01", "Ⅻ½²", "①②③", "a1b2", "1a",
            "HelloWorld", "ABCdef", "ÉCOLE's", "日本語の'テキスト'",
        ]
        for text in texts {
            cases.append(ParityCase(group: "differences", text: text))
            cases.append(ParityCase(group: "differences", text: " " + text + "\n"))
        }
        for text in ["<s>[INST] Hi [/INST]</s>", "[TOOL_CALLS][{\"a\": 1}]<SPECIAL_999>", "<unk><pad>[IMG][IMG_BREAK]", "<|endoftext|><SPECIAL_20>"] {
            cases.append(ParityCase(group: "special", text: text, allowSpecial: true))
        }
        return cases
    }()

    static let cases: [ParityCase] = {
        guard let tokenizer else { return [] }
        // Not the code point sweep: the scanner and its class tables are
        // o200k_base's, swept there; the merges are checked on the rest.
        return ParityCases.addingCorpora(to: differences + ParityCases.generated() + ParityCases.crossings(tokenizer)).cases
    }()

    static func required() -> Tokenizer? {
        TestEnvironment.required(tokenizer, file: "mistral-tekken.json")
    }

    @Test("the file, its pattern, its 1,000 special tokens and its truncated ranks")
    func loads() throws {
        guard let tokenizer = Self.required() else { return }
        #expect(tokenizer.name == "mistral-tekken" && tokenizer.splitPattern == .tekken)
        // 150,000 ranks in the file, the first 130,072 used, after 1,000 special tokens.
        #expect(tokenizer.mergeableTokenCount == 130_072 && tokenizer.vocabularySize == 131_072)
        #expect(tokenizer.specialTokens.count == 1_000)
        #expect(tokenizer.specialTokens["<s>"] == 1 && tokenizer.specialTokens["[INST]"] == 3)
        #expect(tokenizer.specialTokens["<SPECIAL_999>"] == 999)
        #expect(try tokenizer.bytes(of: 1_000) == [0])
        #expect(try tokenizer.bytes(of: 1_255) == [255])
        #expect(throws: TokenizerError.unknownToken(131_072)) { try tokenizer.bytes(of: 131_072) }
        #expect(tokenizer.encodeOrdinary("Hello, world!") == [22177, 1044, 4304, 1033])
        // Told by its content, under any name.
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("tersify-tekken-\(getpid()).vocab").path
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: Self.vocabularyPath, toPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let byPath = try Tokenizer(contentsOf: copy)
        #expect(byPath.name == "mistral-tekken" && byPath.splitPattern == .tekken && byPath.vocabularySize == 131_072)
    }

    @Test("matches the reference on every case, when mistral-common is installed")
    func matchesReference() throws {
        guard let tokenizer = Self.required() else { return }
        try ParityComparison.expectSameAsTiktoken(
            tokenizer, Self.cases, encoding: "mistral-tekken", vocabulary: Self.vocabularyPath, missing: "mistral-common or tiktoken")
    }

    @Test("splits like the file's pattern run by a regex engine")
    func splitMatchesRegex() throws {
        guard let tokenizer = Self.required() else { return }
        let cases = Self.cases.filter { !$0.allowSpecial }
        try ParityComparison.expectSameAsTiktoken(
            tokenizer, cases, encoding: "mistral-tekken", vocabulary: Self.vocabularyPath, pieces: true, missing: "mistral-common or regex")
    }
}
