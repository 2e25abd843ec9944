import Foundation
import PromptTokenizer

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

    /// Runs a program and returns its standard output; throws on a non-zero exit.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], stdin: Data? = nil) throws -> (status: Int32, stdout: Data, stderr: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        let writer = Thread {
            if let stdin { input.fileHandleForWriting.write(stdin) }
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        // Read standard error on another thread so that neither pipe fills up.
        final class Box: @unchecked Sendable { var data = Data() }
        let stderrBox = Box()
        let done = DispatchSemaphore(value: 0)
        let errorHandle = err.fileHandleForReading
        Thread {
            stderrBox.data = errorHandle.readDataToEndOfFile()
            done.signal()
        }.start()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        let stderrData = stderrBox.data
        process.waitUntilExit()
        return (process.terminationStatus, stdoutData, stderrData)
    }

    /// The decompressed bytes of a gzip file.
    static func gunzip(_ url: URL) throws -> Data {
        let result = try run("/bin/gzip", ["-dc", url.path])
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

/// SplitMix64: small, seeded, the same sequence on every platform.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A number in `0..<bound`, without the platform's algorithm (stable across Swift versions).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
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
