import Foundation
import TersifyTestSupport
import Testing

/// `tersify tokenizers`, and `--tokenizer` given a name or the path of a
/// vocabulary file of each kind. The commands that need a cached file are
/// skipped without it, a failure under `TERSIFY_STRICT_TESTS=1`.
@Suite("tersify tokenizers and --tokenizer PATH")
struct TokenizersCLITests {
    let cli = CLITests()
    static let names = ["cl100k_base", "deepseek-v3", "llama3", "mistral-tekken", "o200k_base", "o200k_harmony", "qwen2.5", "qwen3"]
    static let cache = ProcessInfo.processInfo.environment["TERSIFY_CACHE"].flatMap { $0.isEmpty ? nil : $0 }
        ?? NSHomeDirectory() + "/.cache/tersify"

    func run(_ arguments: [String], stdin: Data = Data(), environment: [String: String] = [:]) throws -> ProcessOutput {
        try cli.run(arguments, stdin: stdin, environment: environment)
    }

    /// The path of a cached vocabulary file, or nil (a failure under strict tests).
    func cached(_ file: String) -> String? {
        let path = Self.cache + "/" + file
        if FileManager.default.fileExists(atPath: path) { return path }
        #expect(!TestPaths.strict, "TERSIFY_STRICT_TESTS=1 but \(file) is not in the cache")
        return nil
    }

    /// One line on standard error, nothing on standard output.
    func expectFailure(_ result: ProcessOutput, status: Int32, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == status, "stderr: \(result.errorText)", sourceLocation: sourceLocation)
        #expect(result.errorText.contains(message), "stderr: \(result.errorText)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
    }

    @Test("lists every name with its models, source and cache state, as text and JSON")
    func listing() throws {
        // An empty cache: every file missing.
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("tersify-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let text = try run(["tokenizers"], environment: ["TERSIFY_CACHE": empty.path])
        #expect(text.status == 0, "\(text.errorText)")
        let lines = text.text.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("NAME") == true && lines.last == "cache: \(empty.path)")
        for name in Self.names {
            #expect(lines.contains { $0.hasPrefix(name + " ") && $0.hasSuffix("  no") }, "\(name) in \(text.text)")
        }
        #expect(lines.contains { $0.hasPrefix("mistral-tekken ") && $0.contains("Mistral NeMo") && $0.contains("mistral-common==1.13.1") })
        #expect(lines.contains { $0.hasPrefix("o200k_harmony ") && $0.contains("gpt-oss-120b") })

        // A corrupt file, and a sound one.
        try Data("not a vocabulary\n".utf8).write(to: empty.appendingPathComponent("llama3.tiktoken"))
        if let cl100k = cached("cl100k_base.tiktoken") {
            try FileManager.default.copyItem(atPath: cl100k, toPath: empty.appendingPathComponent("cl100k_base.tiktoken").path)
        }
        let json = try run(["tokenizers", "--format", "json"], environment: ["TERSIFY_CACHE": empty.path])
        #expect(json.status == 0, "\(json.errorText)")
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        #expect(object["cache"] as? String == empty.path)
        let entries = try #require(object["tokenizers"] as? [[String: Any]])
        #expect(entries.compactMap { $0["name"] as? String } == Self.names)
        let byName = Dictionary(uniqueKeysWithValues: entries.map { ($0["name"] as! String, $0) })
        #expect(byName["llama3"]?["status"] as? String == "checksum-mismatch")
        #expect(byName["mistral-tekken"]?["status"] as? String == "missing")
        #expect(byName["mistral-tekken"]?["package"] as? String == "mistral-common==1.13.1")
        #expect(byName["mistral-tekken"]?["member"] as? String == "mistral_common/data/tekken_240911.json")
        #expect(byName["mistral-tekken"]?["special_tokens"] as? Int == 1_000)
        #expect(byName["o200k_harmony"]?["file"] as? String == empty.path + "/o200k_base.tiktoken")
        if TestPaths.strict || FileManager.default.fileExists(atPath: Self.cache + "/cl100k_base.tiktoken") {
            #expect(byName["cl100k_base"]?["status"] as? String == "ok")
        }
    }

    @Test("mistral-tekken and o200k_harmony by name: count, encode, decode")
    func namedEncodings() throws {
        if cached("mistral-tekken.json") != nil {
            let text = Data("Hello, world! don't 12345".utf8)
            #expect(try run(["count", "--tokenizer", "mistral-tekken"], stdin: text).text == "12\n")
            let ids = try run(["encode", "--json", "--tokenizer", "mistral-tekken"], stdin: Data("Hello, world!".utf8))
            #expect(ids.text == "[22177,1044,4304,1033]\n")
            let special = try run(["encode", "--json", "--allow-special", "--tokenizer", "mistral-tekken"], stdin: Data("<s>[INST]hi".utf8))
            #expect(special.text == "[1,3,8101]\n", "\(special.errorText)")
            #expect(try run(["decode", "--tokenizer", "mistral-tekken"], stdin: ids.stdout).text == "Hello, world!")
        }
        if cached("o200k_base.tiktoken") != nil {
            let chat = Data("<|start|>user<|message|>Hi<|end|>".utf8)
            let ids = try run(["encode", "--json", "--allow-special", "--tokenizer", "o200k_harmony"], stdin: chat)
            #expect(ids.text == "[200006,1428,200008,12194,200007]\n", "\(ids.errorText)")
            #expect(try run(["decode", "--tokenizer", "o200k_harmony"], stdin: ids.stdout).stdout == chat)
        }
    }

    @Test("--tokenizer PATH: a file of each kind is told by its content, whatever its name")
    func paths() throws {
        if let tekken = cached("mistral-tekken.json") {
            let copy = try cli.temporaryFile(try Data(contentsOf: URL(fileURLWithPath: tekken)), name: "vocabulary.bin")
            #expect(try run(["count", "--tokenizer", copy], stdin: Data("Hello, world!".utf8)).text == "4\n")
        }
        if let o200k = cached("o200k_base.tiktoken") {
            let copy = try cli.temporaryFile(try Data(contentsOf: URL(fileURLWithPath: o200k)), name: "renamed.tiktoken")
            let text = Data("HelloWorld don't 12345".utf8)
            // A known file takes its encoding's pattern; --pattern replaces it.
            let own = try run(["encode", "--json", "--tokenizer", copy], stdin: text)
            let named = try run(["encode", "--json", "--tokenizer", "o200k_base"], stdin: text)
            #expect(own.status == 0 && own.text == named.text)
            let cl100k = try run(["encode", "--json", "--tokenizer", copy, "--pattern", "cl100k_base"], stdin: text)
            #expect(cl100k.status == 0 && cl100k.text != named.text, "\(cl100k.errorText)")
        }
        if let cl100k = cached("cl100k_base.tiktoken") {
            // --pattern as a regular expression: a known pattern's gets its
            // scanner, any other is run by ICU.
            let copy = try cli.temporaryFile(try Data(contentsOf: URL(fileURLWithPath: cl100k)), name: "words.tiktoken")
            let text = Data("Hello, world! 12345".utf8)
            let named = try run(["encode", "--json", "--tokenizer", "cl100k_base"], stdin: text)
            let literal = try run(["encode", "--json", "--tokenizer", copy, "--pattern", #"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"#], stdin: text)
            #expect(literal.status == 0 && literal.text == named.text, "\(literal.errorText)")
            // "Hello," "world!" and "12345" whole, then merged: cl100k's ids of a split by white space.
            let words = try run(["encode", "--json", "--tokenizer", copy, "--pattern", #"\S+|\s+"#], stdin: text)
            #expect(words.status == 0 && words.text.hasPrefix("[9906,11,220,14957,0,220,4513,1774]"), "\(words.text) \(words.errorText)")
        }
        if let llama = cached("llama3.tiktoken") {
            let copy = try cli.temporaryFile(try Data(contentsOf: URL(fileURLWithPath: llama)), name: "tokenizer.model")
            let byPath = try run(["encode", "--json", "--tokenizer", copy], stdin: Data("Hello\n\n".utf8))
            let named = try run(["encode", "--json", "--tokenizer", "llama3"], stdin: Data("Hello\n\n".utf8))
            #expect(byPath.status == 0 && byPath.text == named.text)
        }
    }

    @Test("unknown content, patterns and names fail with one line")
    func failures() throws {
        let json = try cli.temporaryFile(Data(#"{"weights": []}"#.utf8), name: "weights.json")
        expectFailure(try run(["count", "--tokenizer", json], stdin: Data("x".utf8)), status: 1,
                      "Error: \(json): not a vocabulary file: a JSON object with keys 'weights', neither a Tekken file (config, vocab) nor a tokenizer.json (model)\n")
        let broken = try cli.temporaryFile(Data(#"{"config": {"pattern": 1"#.utf8), name: "tekken.json")
        expectFailure(try run(["count", "--tokenizer", broken], stdin: Data("x".utf8)), status: 1,
                      "Error: \(broken): byte 23: malformed vocabulary JSON: expected a string\n")
        let text = try cli.temporaryFile(Data("Just some words.\n".utf8), name: "notes.model")
        expectFailure(try run(["count", "--tokenizer", text], stdin: Data("x".utf8)), status: 1,
                      "\(text):1: malformed vocabulary line: rank is not a decimal number; the file is not a .tiktoken vocabulary, nor a Tekken or tokenizer.json file\n")
        expectFailure(try run(["count", "--tokenizer", "x.tiktoken", "--pattern", "(p50k"], stdin: Data("x".utf8)), status: 64,
                      "Error: --pattern '(p50k' is neither a known pattern (cl100k_base, o200k_base, tekken, llama3, qwen2, deepseek-v3) nor a regular expression (U_REGEX_MISMATCHED_PAREN).")
        expectFailure(try run(["count", "--tokenizer", "o200k_base", "--pattern", "cl100k_base"], stdin: Data("x".utf8)), status: 64,
                      "Error: --pattern applies to a vocabulary file; o200k_base has its own pattern.")
        expectFailure(try run(["count", "--tokenizer", "p50k_base"], stdin: Data("x".utf8)), status: 1,
                      "unknown encoding 'p50k_base' (known: \(Self.names.joined(separator: ", ")))")
    }
}
