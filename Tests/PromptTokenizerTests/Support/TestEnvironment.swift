import Foundation
import PromptTokenizer
import Testing
@_exported import TersifyTestSupport

/// Paths and shared objects of the test suite.
enum TestEnvironment {
    static var root: URL { TestPaths.root }

    static let fixtures = root.appendingPathComponent("Tests/PromptTokenizerTests/Fixtures")

    static var dataDirectory: URL? { TestPaths.dataDirectory }

    static var strict: Bool { TestPaths.strict }

    static let vocabularyPath = Tokenizer.defaultCacheDirectory + "/cl100k_base.tiktoken"

    static let o200kVocabularyPath = Tokenizer.defaultCacheDirectory + "/o200k_base.tiktoken"

    /// cl100k_base, loaded once (`TestTokenizers`).
    static var cl100k: Tokenizer { TestTokenizers.cl100k }

    /// o200k_base, or nil when it is not in the cache (`TestTokenizers`).
    static var o200k: Tokenizer? { TestTokenizers.o200k }

    /// `value`, or nil when the vocabulary `file` it comes from is not in
    /// the cache: the test then returns early, and fails under
    /// `TERSIFY_STRICT_TESTS=1`.
    static func required<Value>(_ value: Value?, file: String, sourceLocation: SourceLocation = #_sourceLocation) -> Value? {
        if value == nil {
            #expect(!strict, "TERSIFY_STRICT_TESTS=1 but \(file) is not in the cache (run scripts/fetch-vocabulary.sh --all)",
                    sourceLocation: sourceLocation)
        }
        return value
    }

    /// Records that a reference (`what`: the Python packages) is not
    /// installed: the test then returns early, and fails under
    /// `TERSIFY_STRICT_TESTS=1`.
    static func referenceMissing(_ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!strict, "TERSIFY_STRICT_TESTS=1 but \(what) is not installed", sourceLocation: sourceLocation)
    }

    /// The decompressed bytes of a gzip file.
    static func gunzip(_ url: URL) throws -> Data {
        let result = try runProcess("/bin/gzip", ["-dc", url.path])
        guard result.status == 0 else { throw TestFailure("gzip -dc \(url.path) failed") }
        return result.stdout
    }

    /// The first python3 on PATH.
    static let python: String? = {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = "\(folder)/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// FNV-1a over token ids: a compact, stable digest for golden files.
func digest(_ ids: some Sequence<TokenID>, into hash: inout UInt64) {
    for id in ids {
        var value = id
        for _ in 0..<4 {
            hash = (hash ^ UInt64(value & 0xFF)) &* 0x100_0000_01B3
            value >>= 8
        }
    }
}
