import Foundation

/// Paths of the test data, the same rules as PromptTokenizerTests'
/// `TestEnvironment` (kept separate so those tests stay untouched).
enum TestData {
    /// The package's root folder.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The evaluation data: `$TERSIFY_DATA`, else `../shared/corpora` next to the package.
    static let dataDirectory: URL? = {
        var candidates: [String] = []
        if let path = ProcessInfo.processInfo.environment["TERSIFY_DATA"], !path.isEmpty { candidates.append(path) }
        candidates.append(root.deletingLastPathComponent().appendingPathComponent("shared/corpora").path)
        return candidates.map { URL(fileURLWithPath: $0) }.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("SHA256SUMS").path)
        }
    }()

    /// Whether missing data must fail the suite (set by CI).
    static let strict = ProcessInfo.processInfo.environment["TERSIFY_STRICT_TESTS"] == "1"

    /// The Paul Graham essays of the shared corpora, in file-name order, or
    /// nil when the corpora are missing.
    static func essays() throws -> [[UInt8]]? {
        guard let folder = dataDirectory?.appendingPathComponent("haystack/PaulGrahamEssays") else { return nil }
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            .filter { $0.hasSuffix(".txt") }
            .map { Array(try Data(contentsOf: folder.appendingPathComponent($0))) }
    }
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
