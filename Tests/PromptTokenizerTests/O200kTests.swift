import Foundation
import PromptTokenizer
import Testing

/// o200k_base: known answers from tiktoken, loading, special tokens, the
/// parallel encoder's cuts, a differential test against the ICU reference
/// encoder, and hostile input. Skipped without the vocabulary in the cache
/// (a failure under `TERSIFY_STRICT_TESTS=1`).
@Suite("o200k_base")
struct O200kTests {
    /// The tokenizer, or nil after recording a failure under strict tests.
    static func tokenizer() -> Tokenizer? {
        TestEnvironment.required(TestEnvironment.o200k, file: "o200k_base.tiktoken")
    }

    @Test("known o200k_base encodings (tiktoken 0.14.0)", arguments: [
        ("Hello, world!", [13225, 11, 2375, 0] as [TokenID]),
        ("hello world", [24912, 2375]),
        ("", []),
        ("  ", [256]),
        ("HelloWorld", [13225, 13046]),
        ("I'm here", [15390, 2105]),
        ("DON'T stop", [134882, 51532, 5666]),
        ("12345", [7633, 2548]),
        ("<|endoftext|>", [27, 91, 419, 1440, 919, 91, 29]),
        ("a/b.\n/c", [64, 7611, 118550, 66]),
        ("e\u{0301}t\u{00E9}", [68, 13430, 54949]),
        ("東京都の天気", [123558, 3385, 867, 25717]),
        ("x  \n  ", [87, 4066, 256]),
    ])
    func knownAnswers(text: String, expected: [TokenID]) throws {
        guard let o200k = Self.tokenizer() else { return }
        #expect(o200k.encodeOrdinary(text) == expected)
        #expect(o200k.count(text) == expected.count)
        #expect(try o200k.decode(expected) == text)
    }

    @Test("pieces: words split by case, contractions attached, slashes after punctuation, line breaks last")
    func pieces() throws {
        guard let o200k = Self.tokenizer() else { return }
        func split(_ text: String) -> [String] {
            let bytes = Array(text.utf8)
            var start = 0
            return o200k._pieceEnds(bytes).map { end in
                defer { start = end }
                return String(decoding: bytes[start..<end], as: UTF8.self)
            }
        }
        #expect(split("HelloWorld") == ["Hello", "World"])
        #expect(split("ABCdef") == ["ABCdef"])
        #expect(split("DON'T don't") == ["DON'T", " don't"])
        #expect(split("'s") == ["'s"])
        #expect(split("e\u{0301}te\u{0301}") == ["e\u{0301}te\u{0301}"])
        #expect(split("AB\u{0301}C x") == ["AB\u{0301}", "C", " x"])
        #expect(split("a/b.\n/c") == ["a", "/b", ".\n/", "c"])
        #expect(split("x  \n  ") == ["x", "  \n", "  "])
        #expect(split("\tfoo 123456") == ["\tfoo", " ", "123", "456"])
    }

    @Test func vocabularyShape() throws {
        guard let o200k = Self.tokenizer() else { return }
        #expect(o200k.name == "o200k_base")
        #expect(o200k.splitPattern == .o200k)
        #expect(o200k.mergeableTokenCount == 199_998)
        #expect(o200k.vocabularySize == 200_019)
        #expect(o200k.specialTokens == ["<|endoftext|>": 199_999, "<|endofprompt|>": 200_018])
        #expect(TestEnvironment.cl100k.splitPattern == .cl100k)
        #expect(Tokenizer.knownEncodings == [
            "cl100k_base", "deepseek-v3", "llama3", "mistral-tekken", "o200k_base", "o200k_harmony", "qwen2.5", "qwen3",
        ])
    }

    @Test("the file loaded by path is known by its SHA-256: name, pattern and special tokens")
    func loadByPath() throws {
        guard Self.tokenizer() != nil else { return }
        let byPath = try Tokenizer(contentsOf: TestEnvironment.o200kVocabularyPath)
        #expect(byPath.name == "o200k_base")
        #expect(byPath.splitPattern == .o200k)
        #expect(byPath.specialTokens["<|endofprompt|>"] == 200_018)
        #expect(byPath.encodeOrdinary("HelloWorld") == [13225, 13046])
        // Another file takes the pattern it is given (cl100k's by default).
        let tiny = try TinyVocabulary.file(TinyVocabulary.lines(["He", "llo", "Wo", "rld"]))
        #expect(try Tokenizer(contentsOf: tiny).splitPattern == .cl100k)
        let cased = try Tokenizer(contentsOf: tiny, splitPattern: .o200k)
        #expect(cased.splitPattern == .o200k)
        #expect(cased._pieceEnds(Array("HelloWorld".utf8)) == [5, 10])
        #expect(try Tokenizer(contentsOf: tiny)._pieceEnds(Array("HelloWorld".utf8)) == [10])
    }

    @Test func specialTokens() throws {
        guard let o200k = Self.tokenizer() else { return }
        let text = "hi<|endoftext|><|endofprompt|>"
        #expect(try o200k.encode(text, allowedSpecial: .all) == [3686, 199_999, 200_018])
        #expect(throws: TokenizerError.disallowedSpecialToken("<|endoftext|>")) { try o200k.encode(text) }
        #expect(throws: TokenizerError.unknownSpecialToken("<|fim_prefix|>")) {
            try o200k.encode(text, allowedSpecial: ["<|fim_prefix|>"])
        }
        #expect(try o200k.decode([3686, 199_999]) == "hi<|endoftext|>")
        #expect(throws: TokenizerError.unknownToken(199_998)) { try o200k.decode([199_998]) }
    }

    @Test("agrees with the ICU reference encoder on generated text and class boundaries")
    func agreesWithReference() throws {
        guard let o200k = Self.tokenizer() else { return }
        let reference = try ReferenceEncoder(tokenizer: o200k)
        for item in ParityCases.generated(count: 800, seed: 99) + ParityCases.classBoundaries(count: 1000, seed: 98) {
            let bytes = Array(item.text.utf8)
            var start = 0
            let pieces = o200k._pieceEnds(bytes).map { end in
                defer { start = end }
                return String(decoding: bytes[start..<end], as: UTF8.self)
            }
            #expect(pieces == reference.pieces(item.text), "\(String(reflecting: item.text))")
            #expect(o200k.encodeOrdinary(item.text) == reference.encode(item.text), "\(String(reflecting: item.text))")
        }
    }

    /// Text where the parallel encoder's cut search meets `\n/` first:
    /// o200k's punctuation runs take `[\r\n/]*`, so no piece may end there.
    static func slashText() -> String {
        var rng = SeededGenerator(seed: 11)
        var text = ""
        while text.utf8.count < 60_000 {
            switch rng.below(4) {
            case 0: text += ".\n/"
            case 1: text += "),\n//"
            case 2: text += "\n/x"
            default: text += " word\n"
            }
        }
        return text
    }

    @Test("parallel and batch encoding equal one-thread encoding (cuts never fall inside a piece)")
    func parallel() throws {
        guard let o200k = Self.tokenizer() else { return }
        let essays = ParityCases.generated(count: 300, seed: 5).map(\.text).joined(separator: "\n")
        for (index, text) in [Self.slashText(), essays, String(repeating: "HelloWorld don't\n", count: 5000)].enumerated() {
            for tokenizer in [o200k, TestEnvironment.cl100k] {
                let ids = tokenizer.encodeOrdinary(text), parallel = tokenizer.encodeOrdinaryParallel(text, chunkSize: 4096)
                let first = zip(ids, parallel).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(ids.count, parallel.count)
                #expect(first == ids.count && parallel.count == ids.count, "\(tokenizer.name), text \(index): differs at token \(first)")
            }
        }
        let texts = ParityCases.generated(count: 200, seed: 6).map(\.text)
        let same = o200k.encodeOrdinaryBatch(texts) == texts.map { o200k.encodeOrdinary($0) }
        #expect(same)
    }

    static let hostileInputs: [(String, [UInt8])] = {
        let mark: [UInt8] = Array(String(repeating: "\u{0301}", count: 1 << 19).utf8)
        let alternating: [UInt8] = Array(String(repeating: "aB", count: 1 << 18).utf8)
        let slashes: [UInt8] = Array(String(repeating: ".\n/", count: 1 << 17).utf8)
        let random: [UInt8] = (0..<(1 << 18)).map { (i: Int) -> UInt8 in UInt8(truncatingIfNeeded: (i &* 2_654_435_761) >> 13) }
        return [
            ("1 MB of one letter", [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20)),
            ("1 MB of capitals", [UInt8](repeating: UInt8(ascii: "Q"), count: 1 << 20)),
            ("1 MB of spaces", [UInt8](repeating: UInt8(ascii: " "), count: 1 << 20)),
            ("1 MB of a combining mark", mark),
            ("alternating case", alternating),
            ("slashes after a line break", slashes),
            ("random bytes", random),
        ]
    }()

    @Test("hostile input round-trips and counts", arguments: O200kTests.hostileInputs)
    func hostile(name: String, bytes: [UInt8]) throws {
        guard let o200k = Self.tokenizer() else { return }
        let ids = o200k.encodeOrdinary(bytes: bytes)
        #expect(try o200k.decodeBytes(ids) == bytes, "\(name)")
        #expect(o200k.count(bytes: bytes) == ids.count, "\(name)")
    }
}
