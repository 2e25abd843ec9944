import Foundation
import TersifyTestSupport
import Testing

/// `--tokenizer qwen3` and `--tokenizer PATH` of a `tokenizer.json`.
/// Skipped when the file is not in the cache, a failure under
/// `TERSIFY_STRICT_TESTS=1`.
@Suite("tersify --tokenizer with a tokenizer.json")
struct HuggingFaceCLITests {
    let cli = CLITests()
    let path = (ProcessInfo.processInfo.environment["TERSIFY_CACHE"].flatMap { $0.isEmpty ? nil : $0 }
        ?? NSHomeDirectory() + "/.cache/tersify") + "/qwen3.tokenizer.json"

    func run(_ arguments: [String], stdin: Data = Data()) throws -> ProcessOutput {
        try cli.run(arguments, stdin: stdin)
    }

    @Test("count, encode, decode and compress by name and by path give Qwen 3's ids")
    func countEncodeDecode() throws {
        guard FileManager.default.fileExists(atPath: path) else {
            #expect(!TestPaths.strict, "TERSIFY_STRICT_TESTS=1 but qwen3.tokenizer.json is not in the cache")
            return
        }
        let text = Data("Hello, world! 12345".utf8)
        for tokenizer in [["--tokenizer", "qwen3"], ["--tokenizer", path]] {
            #expect(try run(["count"] + tokenizer, stdin: text).text == "10\n")
            let json = try run(["encode", "--json"] + tokenizer, stdin: text)
            #expect(json.status == 0 && json.text == "[9707,11,1879,0,220,16,17,18,19,20]\n")
            let decoded = try run(["decode"] + tokenizer, stdin: json.stdout)
            #expect(decoded.status == 0 && decoded.stdout == text)
            let special = try run(["encode", "--json", "--allow-special"] + tokenizer, stdin: Data("hi<|im_end|>".utf8))
            #expect(special.text == "[6023,151645]\n")
            let compressed = try run(["--budget", "3"] + tokenizer, stdin: Data("One sentence here. Another one there.".utf8))
            #expect(compressed.status == 0)
        }
    }
}
