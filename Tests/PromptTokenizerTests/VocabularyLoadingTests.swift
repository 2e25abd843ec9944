import Foundation
import PromptTokenizer
import Testing

@Suite("Vocabulary loading")
struct VocabularyLoadingTests {
    @Test func missingFile() {
        #expect(throws: TokenizerError.unreadableFile(path: "/nonexistent/x.tiktoken", reason: "no such file")) {
            try Tokenizer(contentsOf: "/nonexistent/x.tiktoken")
        }
    }

    @Test("a path that cannot be a vocabulary says why, without reading it")
    func notAVocabularyFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tersify-vocab-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let empty = folder + "/empty.tiktoken"
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        let fifo = folder + "/fifo.tiktoken"
        #expect(mkfifo(fifo, 0o600) == 0)
        for (path, reason) in [
            (folder, "is a folder"), (empty, "is empty"), ("/dev/zero", "is not a regular file (character device)"),
            (fifo, "is not a regular file (FIFO)"), (empty + "/x", "no such file (a part of the path is not a folder)"),
        ] {
            #expect(throws: TokenizerError.unreadableFile(path: path, reason: reason)) { try Tokenizer(contentsOf: path) }
        }
        #expect(TokenizerError.unreadableFile(path: "/dev/zero", reason: "is not a regular file (character device)").description
            == "cannot read vocabulary /dev/zero: is not a regular file (character device)")
    }

    @Test("a malformed line is reported with its number", arguments: [
        ("@@@@ 256", "invalid base64 token"),
        ("YWI 256", "base64 token of 3 characters (not a multiple of 4)"),
        ("YWI= x1", "rank is not a decimal number"),
        ("YWI=", "no space between token and rank"),
        ("YWI= ", "missing rank"),
        ("YW=I 256", "invalid base64 token"),
    ])
    func malformedLine(line: String, reason: String) throws {
        var lines = TinyVocabulary.lines([])
        lines.insert(line, at: 3)
        let path = try TinyVocabulary.file(lines)
        #expect(throws: TokenizerError.malformedLine(path: path, line: 4, reason: reason)) {
            try Tokenizer(contentsOf: path)
        }
    }

    @Test func duplicateRank() throws {
        let path = try TinyVocabulary.file(TinyVocabulary.lines(["ab"]) + ["Y2Q= 256"])
        #expect(throws: TokenizerError.duplicateRank(path: path, line: 258, rank: 256)) {
            try Tokenizer(contentsOf: path)
        }
    }

    @Test func duplicateToken() throws {
        let path = try TinyVocabulary.file(TinyVocabulary.lines(["ab"]) + ["YWI= 300"])
        #expect(throws: TokenizerError.duplicateToken(path: path, line: 258)) {
            try Tokenizer(contentsOf: path)
        }
    }

    @Test func missingByte() throws {
        var lines = TinyVocabulary.lines([])
        lines.remove(at: 0x41)
        let path = try TinyVocabulary.file(lines)
        #expect(throws: TokenizerError.missingByteToken(path: path, byte: 0x41)) {
            try Tokenizer(contentsOf: path)
        }
    }

    @Test("a truncated copy of cl100k_base fails at the cut line")
    func truncatedFile() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestEnvironment.vocabularyPath))
        // Cut in the middle of line 50,001's base64 token.
        var newlines = 0
        var cut = 0
        for (index, byte) in data.enumerated() where byte == UInt8(ascii: "\n") {
            newlines += 1
            if newlines == 50_000 { cut = index + 3; break }
        }
        let path = try TinyVocabulary.file([], name: "cut.tiktoken")
        try data.prefix(cut).write(to: URL(fileURLWithPath: path))
        #expect(throws: TokenizerError.self) { try Tokenizer(contentsOf: path) }
        do {
            _ = try Tokenizer(contentsOf: path)
        } catch let .malformedLine(errorPath, line, _) {
            #expect(errorPath == path && line == 50_001)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("named(_:) checks the SHA-256 of the cached file")
    func checksumMismatch() throws {
        let folder = URL(fileURLWithPath: try TinyVocabulary.file([], name: "placeholder")).deletingLastPathComponent()
        let path = folder.appendingPathComponent("cl100k_base.tiktoken").path
        try (TinyVocabulary.lines(["ab"]).joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try Tokenizer.named("cl100k_base", cacheDirectory: folder.path)
        } throws: { error in
            guard case let .checksumMismatch(errorPath, expected, _) = error as? TokenizerError else { return false }
            return errorPath == path && expected.hasPrefix("223921b7")
        }
        #expect(throws: TokenizerError.unknownEncoding("p50k_nope")) { try Tokenizer.named("p50k_nope") }
    }

    @Test func errorMessagesAreOneLine() {
        let errors: [TokenizerError] = [
            .malformedLine(path: "v.tiktoken", line: 3, reason: "invalid base64 token"),
            .checksumMismatch(path: "v", expected: "a", actual: "b"), .unknownToken(7),
            .disallowedSpecialToken("<|endoftext|>"), .unknownEncoding("x"),
        ]
        for error in errors {
            #expect(!error.description.contains("\n") && !error.description.isEmpty)
        }
        #expect(TokenizerError.malformedLine(path: "v.tiktoken", line: 3, reason: "r").description == "v.tiktoken:3: malformed vocabulary line: r")
    }
}
