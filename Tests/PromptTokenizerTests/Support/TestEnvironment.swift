import Foundation
import PromptTokenizer
@_exported import TersifyTestSupport

/// Paths and shared objects of the test suite.
enum TestEnvironment {
    /// The package's root folder.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let fixtures = root.appendingPathComponent("Tests/PromptTokenizerTests/Fixtures")

    /// The evaluation data: `$TERSIFY_DATA`, else `../shared/corpora` next to the package.
    static let dataDirectory: URL? = {
        var candidates: [String] = []
        if let path = ProcessInfo.processInfo.environment["TERSIFY_DATA"], !path.isEmpty { candidates.append(path) }
        candidates.append(root.deletingLastPathComponent().appendingPathComponent("shared/corpora").path)
        return candidates.map { URL(fileURLWithPath: $0) }.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("SHA256SUMS").path)
        }
    }()

    /// Whether a missing reference or missing data must fail the suite (set by CI).
    static let strict = ProcessInfo.processInfo.environment["TERSIFY_STRICT_TESTS"] == "1"

    static let vocabularyPath = Tokenizer.defaultCacheDirectory + "/cl100k_base.tiktoken"

    /// cl100k_base, loaded once.
    static let cl100k: Tokenizer = {
        do {
            return try Tokenizer.named("cl100k_base")
        } catch {
            fatalError("cl100k_base is needed by the tests: \(error); run scripts/fetch-vocabulary.sh")
        }
    }()

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
