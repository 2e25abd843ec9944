import Foundation

/// Where the tests find the package and the shared evaluation data.
public enum TestPaths {
    /// The package's root folder.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The evaluation data: `$TERSIFY_DATA`, else `../shared/corpora` next to the package.
    public static let dataDirectory: URL? = {
        var candidates: [String] = []
        if let path = ProcessInfo.processInfo.environment["TERSIFY_DATA"], !path.isEmpty { candidates.append(path) }
        candidates.append(root.deletingLastPathComponent().appendingPathComponent("shared/corpora").path)
        return candidates.map { URL(fileURLWithPath: $0) }.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("SHA256SUMS").path)
        }
    }()

    /// Whether a missing reference or missing data must fail the suite (set by CI).
    public static let strict = ProcessInfo.processInfo.environment["TERSIFY_STRICT_TESTS"] == "1"
}
