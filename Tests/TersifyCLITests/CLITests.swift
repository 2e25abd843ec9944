import Foundation
import TersifyTestSupport
import Testing

/// Runs the built `tersify` binary and checks standard output, standard error and the exit code.
@Suite("tersify CLI")
struct CLITests {
    static let binary: String = {
        // The test runner lives in the same products folder as the executable.
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [folder, folder.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("tersify").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return folder.appendingPathComponent("tersify").path
    }()

    static var root: URL { TestPaths.root }

    func run(_ arguments: [String], stdin: Data = Data(), environment: [String: String] = [:]) throws -> ProcessOutput {
        try runProcess(Self.binary, arguments, stdin: stdin, environment: environment)
    }

    /// Whether python3 can import `module`.
    static func python(has module: String) -> Bool {
        (try? runProcess("/usr/bin/env", ["python3", "-c", "import \(module)"]))?.status == 0
    }

    /// Runs `Scripts/NAME` with the binary and the sample prompt, and reads
    /// the JSON object its last line prints (what it saw, for the test to check).
    func observations(ofScript name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let script = Self.root.appendingPathComponent("Tests/TersifyCLITests/Scripts/\(name)").path
        let sample = Self.root.appendingPathComponent("corpora/samples/rag-prompt.txt").path
        let run = try runProcess("/usr/bin/env", ["python3", script, Self.binary, sample])
        #expect(run.status == 0, "\(run.errorText.suffix(3000))", sourceLocation: sourceLocation)
        let line = run.text.split(separator: "\n").last.map(String.init) ?? ""
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(run.text.suffix(2000))",
                            sourceLocation: sourceLocation)
    }

    func temporaryFile(_ contents: Data, name: String = "input.txt") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tersify-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try contents.write(to: url)
        return url.path
    }

    @Test func countFromStandardInput() throws {
        let result = try run(["count"], stdin: Data("Hello, world!".utf8))
        #expect(result.status == 0)
        #expect(result.text == "4\n")
        #expect(result.stderr.isEmpty)
        // `compress` is the default subcommand: without a budget only the lossless passes run.
        #expect(try run([], stdin: Data("Hello, world!".utf8)).text == "Hello, world!")
    }

    @Test func countSeveralFiles() throws {
        let a = try temporaryFile(Data("Hello, world!".utf8), name: "a.txt")
        let b = try temporaryFile(Data("hello world".utf8), name: "b.txt")
        let result = try run(["count", a, b])
        #expect(result.status == 0)
        #expect(result.text == "4\t\(a)\n2\t\(b)\n6\ttotal\n")
    }

    @Test func countTheSamplePrompt() throws {
        let sample = Self.root.appendingPathComponent("corpora/samples/rag-prompt.txt").path
        let result = try run(["count", sample])
        #expect(result.status == 0)
        #expect(Int(result.text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 > 300)
    }

    @Test func encodeAndDecode() throws {
        let lines = try run(["encode"], stdin: Data("Hello, world!".utf8))
        #expect(lines.status == 0 && lines.text == "9906\n11\n1917\n0\n")
        let json = try run(["encode", "--json"], stdin: Data("Hello, world!".utf8))
        #expect(json.text == "[9906,11,1917,0]\n")
        let decoded = try run(["decode"], stdin: json.stdout)
        #expect(decoded.status == 0 && decoded.text == "Hello, world!")
        #expect(try run(["decode"], stdin: lines.stdout).text == "Hello, world!")
    }

    @Test func specialTokens() throws {
        let text = Data("hi<|endoftext|>".utf8)
        #expect(try run(["encode", "--json", "--allow-special"], stdin: text).text == "[6151,100257]\n")
        #expect(try run(["encode", "--json"], stdin: text).text == "[6151,27,91,8862,728,428,91,29]\n")
    }

    @Test("invalid UTF-8 and binary data round-trip byte for byte")
    func invalidUTF8() throws {
        var bytes = Data([0xFF, 0xFE, 0x00, 0xC3, 0x28, 0xE2, 0x82])
        bytes.append(contentsOf: (0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 151) })
        let encoded = try run(["encode"], stdin: bytes)
        #expect(encoded.status == 0)
        let decoded = try run(["decode"], stdin: encoded.stdout)
        #expect(decoded.status == 0 && decoded.stdout == bytes)
        let special = try run(["encode", "--allow-special"], stdin: bytes)
        #expect(special.status == 1)
        #expect(special.errorText.contains("not valid UTF-8"))
    }

    @Test func emptyInput() throws {
        #expect(try run(["count"]).text == "0\n")
        let encoded = try run(["encode"])
        #expect(encoded.status == 0 && encoded.stdout.isEmpty)
        #expect(try run(["encode", "--json"]).text == "[]\n")
        let decoded = try run(["decode"])
        #expect(decoded.status == 0 && decoded.stdout.isEmpty)
    }

    @Test("bad input: one line on standard error and a non-zero exit", arguments: [
        (["count", "--no-such-flag"], Int32(64), "Unknown option '--no-such-flag'"),
        (["count", "/nonexistent/file.txt"], 1, "/nonexistent/file.txt: no such file"),
        (["count", "/tmp"], 1, "/tmp: is a directory"),
        (["count", "--tokenizer", "p50k_nope"], 1, "unknown encoding 'p50k_nope'"),
        (["frobnicate"], 1, "frobnicate: no such file"),
    ])
    func badArguments(arguments: [String], status: Int32, message: String) throws {
        let result = try run(arguments)
        #expect(result.status == status)
        #expect(result.errorText.contains(message), "stderr: \(result.errorText)")
        #expect(result.stdout.isEmpty)
    }

    @Test func badTokenIDs() throws {
        let unknown = try run(["decode"], stdin: Data("9906 100256".utf8))
        #expect(unknown.status == 1)
        #expect(unknown.errorText.contains("token id 100256 is not in the vocabulary"))
        let garbage = try run(["decode"], stdin: Data("12 x".utf8))
        #expect(garbage.status == 1)
        #expect(garbage.errorText.contains("expected token ids, found byte 0x78 at byte 4"))
    }

    @Test func missingAndCorruptVocabulary() throws {
        let missing = try run(["count"], stdin: Data("x".utf8), environment: ["TERSIFY_CACHE": "/nonexistent-cache"])
        #expect(missing.status == 1)
        #expect(missing.errorText.contains("/nonexistent-cache/cl100k_base.tiktoken: no such file (run scripts/fetch-vocabulary.sh"))
        let corrupt = try temporaryFile(Data("QQ== 0\nnot base64! 1\n".utf8), name: "bad.tiktoken")
        let result = try run(["count", "--tokenizer", corrupt], stdin: Data("x".utf8))
        #expect(result.status == 1)
        #expect(result.errorText.contains("\(corrupt):2: malformed vocabulary line"))
        #expect(result.errorText.split(separator: "\n").count == 1)
    }

    @Test func help() throws {
        let result = try run(["--help"])
        #expect(result.status == 0)
        #expect(result.text.contains("Examples:"))
        #expect(result.text.contains("count"))
    }
}
