import Foundation
import PromptTokenizer
import Testing

/// Tekken JSON files built here: the layout of identifiers, the cut of the
/// ranks, the special tokens, and each error with its payload.
@Suite("Tekken vocabulary loading")
struct TekkenLoadingTests {
    /// A Tekken file of the 256 bytes and `tokens`, with `specials` listed
    /// (nil: no `special_tokens` key).
    static func json(
        tokens: [String] = ["ab", "abc", "zz"], vocabularySize: Int = 261, specialCount: Int = 3,
        specials: [String]? = ["<unk>", "<s>", "</s>"], version: String = "v7", pattern: String = SplitPattern.tekken.regex
    ) -> String {
        let bytes = (0..<256).map { [UInt8($0)] } + tokens.map { Array($0.utf8) }
        let vocab = bytes.enumerated().map { #"{"rank": \#($0.offset), "token_bytes": "\#(Data($0.element).base64EncodedString())", "token_str": null}"# }
        let config = #"{"pattern": \#(String(reflecting: pattern)), "num_vocab_tokens": \#(bytes.count), "default_vocab_size": \#(vocabularySize), "default_num_special_tokens": \#(specialCount), "version": "\#(version)"}"#
        var text = "{\"config\": \(config),\n \"vocab\": [\(vocab.joined(separator: ",\n"))]"
        if let specials {
            let list = specials.enumerated().map { #"{"rank": \#($0.offset), "token_str": "\#($0.element)", "is_control": true}"# }
            text += ", \"special_tokens\": [\(list.joined(separator: ", "))]"
        }
        return text + "}\n"
    }

    static func file(_ text: String, name: String = "tekken.json") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tersify-tekken-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The error loading `path` throws, or nil when it loads.
    static func loadError(_ path: String) -> TokenizerError? {
        do {
            _ = try Tokenizer(contentsOf: path)
            return nil
        } catch {
            return error
        }
    }

    @Test("ranks follow the special tokens and stop at the vocabulary size")
    func layout() throws {
        // 3 special tokens, then ranks 0 ... 257 (`zz`, rank 258, is cut off).
        let tokenizer = try Tokenizer(contentsOf: try Self.file(Self.json(), name: "tiny.vocabulary"))
        #expect(tokenizer.name == "tiny.vocabulary")
        #expect(tokenizer.splitPattern == .tekken && tokenizer.vocabularySize == 261 && tokenizer.mergeableTokenCount == 258)
        #expect(tokenizer.specialTokens == ["<unk>": 0, "<s>": 1, "</s>": 2])
        #expect(tokenizer.encodeOrdinary("abc zz") == [260, 35, 125, 125])
        #expect(try tokenizer.encode("<s>ab", allowedSpecial: .all) == [1, 259])
        #expect(try tokenizer.decode([1, 259, 260]) == "<s>ababc")
        #expect(throws: TokenizerError.unknownToken(261)) { try tokenizer.decode([261]) }
    }

    @Test("a file without special tokens gets mistral-common's defaults and fillers")
    func defaultSpecialTokens() throws {
        let path = try Self.file(Self.json(vocabularySize: 1_258, specialCount: 1_000, specials: nil, version: "v3"))
        let tokenizer = try Tokenizer(contentsOf: path)
        #expect(tokenizer.specialTokens.count == 1_000 && tokenizer.specialTokens["[INST]"] == 3)
        #expect(tokenizer.specialTokens["[TOOL_CONTENT]"] == 19 && tokenizer.specialTokens["<SPECIAL_20>"] == 20)
        #expect(tokenizer.encodeOrdinary("ab") == [1_256])
        // A file of a later version must list its special tokens.
        let later = try Self.file(Self.json(specials: nil, version: "v11"))
        #expect(throws: TokenizerError.malformedJSON(path: later, offset: 0, reason: "no special_tokens, which a file of version v11 must list")) {
            try Tokenizer(contentsOf: later)
        }
    }

    @Test("each fault is reported with the file and where it shows")
    func faults() throws {
        let pattern = try Self.file(Self.json(pattern: #"\p{L}+|\s+|[^\p{L}\s"#))
        #expect(throws: TokenizerError.invalidSplitPattern(path: pattern, pattern: #"\p{L}+|\s+|[^\p{L}\s"#, reason: "U_REGEX_MISSING_CLOSE_BRACKET")) {
            try Tokenizer(contentsOf: pattern)
        }
        // A pattern no scanner knows is run by ICU.
        let other = try Tokenizer(contentsOf: Self.file(Self.json(pattern: #"\p{L}+|\s+"#)))
        #expect(other.splitPattern == nil && other.splitSteps == [SplitStep(#"\p{L}+|\s+"#)])
        let big = try Self.file(Self.json(vocabularySize: 300))
        #expect(throws: TokenizerError.self) { try Tokenizer(contentsOf: big) }
        let truncated = try Self.file(String(Self.json().prefix(5_000)))
        guard case let .malformedJSON(path, offset, _)? = Self.loadError(truncated) else {
            Issue.record("a truncated file: \(String(describing: Self.loadError(truncated)))")
            return
        }
        #expect(path == truncated && offset >= 4_900 && offset <= 5_000)
        let unknown = try Self.file(#"{"name": "x", "weights": []}"#)
        #expect(throws: TokenizerError.unrecognizedFormat(path: unknown, reason: "a JSON object with keys 'name', 'weights', neither a Tekken file (config, vocab) nor a tokenizer.json (model)")) {
            try Tokenizer(contentsOf: unknown)
        }
        #expect(TokenizerError.malformedJSON(path: "t.json", offset: 12, reason: "expected an object").description
            == "t.json: byte 12: malformed vocabulary JSON: expected an object")
        // JSON escapes in a special token's text.
        let escaped = try Self.file(Self.json(specials: ["<unk>", "<s>", #"<\/s\u00e9>"#]))
        #expect(try Tokenizer(contentsOf: escaped).specialTokens["</sé>"] == 2)
        let misranked = try Self.file(Self.json().replacingOccurrences(of: #""rank": 257"#, with: #""rank": 259"#))
        #expect(throws: TokenizerError.self) { try Tokenizer(contentsOf: misranked) }
    }
}
