import Foundation
import PromptTokenizer
import Testing

/// Token-for-token parity with Llama 3's reference tokenizer: tiktoken
/// 0.14.0 running an `Encoding` made of the file's ranks, Llama 3's pattern
/// and its 256 special tokens, as `llama_models/llama3/tokenizer.py` makes
/// it (`scripts/tiktoken-reference.py`); and the split scanner against the
/// pattern run by a regex engine. Without the vocabulary in the cache the
/// suite is skipped, and fails under `TERSIFY_STRICT_TESTS=1`.
@Suite("Parity with Llama 3's tokenizer", .serialized)
struct Llama3ParityTests {
    static let vocabularyPath = Tokenizer.defaultCacheDirectory + "/llama3.tiktoken"
    static let tokenizer: Tokenizer? = TestTokenizers.llama3

    /// Where the pattern parts from cl100k_base's: white space holding line
    /// breaks at the end of the text, and runs of every kind before it.
    static let whitespaceEnds: [ParityCase] = {
        let runs = ["\n", "\n\n", "\n ", "\n\n  ", " \n", "\t\n \t", "\r\n", "\r\n\r\n ", "\n\u{3000}", "\u{85}\n ", "  ", " "]
        var cases: [ParityCase] = []
        for run in runs {
            for head in ["", "a", "word", "12", "!", "x.", "don't", "日本"] {
                cases.append(ParityCase(group: "whitespace-ends", text: head + run, allowSpecial: false))
                cases.append(ParityCase(group: "whitespace-ends", text: head + run + "b", allowSpecial: false))
            }
        }
        cases.append(ParityCase(group: "special", text: "<|begin_of_text|>Hi<|eot_id|>\n<|reserved_special_token_245|>", allowSpecial: true))
        return cases
    }()

    static let cases: [ParityCase] = {
        guard let tokenizer else { return [] }
        // Not the code point sweep: the scanner and its class tables are
        // cl100k_base's, swept there; the merges are checked on the rest.
        return ParityCases.addingCorpora(to: whitespaceEnds + ParityCases.generated() + ParityCases.crossings(tokenizer)).cases
    }()

    static func required() -> Tokenizer? {
        TestEnvironment.required(tokenizer, file: "llama3.tiktoken")
    }

    @Test("the file, its pattern and its special tokens")
    func loads() throws {
        guard let tokenizer = Self.required() else { return }
        #expect(tokenizer.splitPattern == .llama3)
        #expect(tokenizer.mergeableTokenCount == 128_000 && tokenizer.vocabularySize == 128_256)
        #expect(tokenizer.specialTokens["<|begin_of_text|>"] == 128_000 && tokenizer.specialTokens["<|eot_id|>"] == 128_009)
        #expect(tokenizer.specialTokens["<|reserved_special_token_245|>"] == 128_255)
        // The same file by path takes Llama 3's pattern and tokens from its SHA-256.
        let byPath = try Tokenizer(contentsOf: Self.vocabularyPath)
        #expect(byPath.splitPattern == .llama3 && byPath.specialTokens.count == 256)
    }

    @Test("matches the reference on every case, when tiktoken is installed")
    func matchesReference() throws {
        guard let tokenizer = Self.required() else { return }
        try ParityComparison.expectSameAsTiktoken(tokenizer, Self.cases, encoding: "llama3", vocabulary: Self.vocabularyPath)
    }

    @Test("splits like the pattern run by a regex engine")
    func splitMatchesRegex() throws {
        guard let tokenizer = Self.required() else { return }
        let cases = Self.cases.filter { !$0.group.hasPrefix("codepoints") && !$0.allowSpecial }
        try ParityComparison.expectSameAsTiktoken(tokenizer, cases, encoding: "llama3", vocabulary: Self.vocabularyPath, pieces: true)
    }
}
