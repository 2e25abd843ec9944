import Foundation
import TersifyTestSupport
import Testing

/// Every command with `--tokenizer o200k_base`. Skipped when the vocabulary
/// is not in the cache, a failure under `TERSIFY_STRICT_TESTS=1`.
@Suite("tersify --tokenizer o200k_base")
struct O200kCLITests {
    let cli = CLITests()
    let o = ["--tokenizer", "o200k_base"]

    func run(_ arguments: [String], stdin: Data = Data()) throws -> ProcessOutput {
        try cli.run(arguments, stdin: stdin)
    }

    /// Whether o200k_base is in the cache; records a failure under strict tests when not.
    func available() throws -> Bool {
        let probe = try run(["count"] + o, stdin: Data("x".utf8))
        if probe.status == 0 { return true }
        #expect(probe.errorText.contains("o200k_base.tiktoken: no such file (run scripts/fetch-vocabulary.sh o200k_base"), "\(probe.errorText)")
        #expect(!TestPaths.strict, "TERSIFY_STRICT_TESTS=1 but o200k_base.tiktoken is not in the cache")
        return false
    }

    @Test("count, encode and decode give tiktoken's o200k_base ids")
    func countEncodeDecode() throws {
        guard try available() else { return }
        let text = Data("Hello, world! HelloWorld".utf8)
        #expect(try run(["count"] + o, stdin: text).text == "6\n")
        let json = try run(["encode", "--json"] + o, stdin: text)
        #expect(json.status == 0 && json.text == "[13225,11,2375,0,32949,13046]\n")
        let decoded = try run(["decode"] + o, stdin: json.stdout)
        #expect(decoded.status == 0 && decoded.stdout == text)
        let special = Data("hi<|endoftext|><|endofprompt|>".utf8)
        #expect(try run(["encode", "--json", "--allow-special"] + o, stdin: special).text == "[3686,199999,200018]\n")
        #expect(try run(["decode"] + o, stdin: Data("3686 199999".utf8)).text == "hi<|endoftext|>")
        // cl100k_base's end of text is not an o200k_base token.
        let unknown = try run(["decode"] + o, stdin: Data("100257 199998".utf8))
        #expect(unknown.status == 1 && unknown.errorText.contains("token id 199998 is not in the vocabulary"))
    }

    @Test("compress counts the budget in o200k_base tokens")
    func compress() throws {
        guard try available() else { return }
        let sample = CompressCLITests.samplePath
        let result = try run(["--budget", "150", "--stats"] + o + [sample])
        #expect(result.status == 0, "\(result.errorText)")
        let count = Int(try run(["count"] + o, stdin: result.stdout).text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        #expect(count > 0 && count <= 150)
        #expect(result.text.contains(CompressCLITests.question))
        let whole = Int(try run(["count"] + o + [sample]).text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        #expect(result.errorText.hasPrefix("tersify: \(whole) → "), "\(result.errorText)")
    }

    @Test("bench runs the needle task with o200k_base")
    func bench() throws {
        guard try available(), let data = TestPaths.dataDirectory else { return }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("tersify-o200k-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try run(["bench", "--quick", "--tasks", "needle", "--ratios", "4", "--budgets", "none",
                              "--data", data.path, "--out", out.path] + o)
        #expect(result.status == 0, "\(result.errorText)")
        let report = try String(contentsOf: out.appendingPathComponent("results.md"), encoding: .utf8)
        #expect(report.contains("tokenizer o200k_base"))
    }
}
