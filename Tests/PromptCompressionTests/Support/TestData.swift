import Foundation
@_exported import TersifyTestSupport

/// The shared evaluation data (paths from `TestPaths`).
enum TestData {
    static var dataDirectory: URL? { TestPaths.dataDirectory }
    static var strict: Bool { TestPaths.strict }

    /// The Paul Graham essays of the shared corpora, in file-name order, or
    /// nil when the corpora are missing.
    static func essays() throws -> [[UInt8]]? {
        guard let folder = dataDirectory?.appendingPathComponent("haystack/PaulGrahamEssays") else { return nil }
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            .filter { $0.hasSuffix(".txt") }
            .map { Array(try Data(contentsOf: folder.appendingPathComponent($0))) }
    }
}
