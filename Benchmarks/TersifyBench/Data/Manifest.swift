import PromptTokenizer
import Foundation

/// The list of evaluation files the suite may read, with their size and
/// SHA-256: `corpora/eval/manifest.tsv`, one file a line, tab-separated
/// `file size sha256 origin license` under a header line.
///
/// The harness checks every file it reads against it before use and
/// rejects a mismatch, so a run is on exactly the data it claims.
public struct DataManifest: Sendable {
    /// One listed file.
    public struct Entry: Sendable, Hashable {
        /// The path relative to the data folder.
        public var file: String
        public var size: Int
        /// Lowercase hexadecimal SHA-256.
        public var sha256: String
        public var origin: String
        public var license: String
    }

    public var entries: [Entry]

    /// Parses manifest text.
    ///
    /// - Throws: `BenchError.malformedManifest` for a line without five
    ///   fields, a size that is not a number or a hash that is not 64 hex digits.
    public init(text: String) throws(BenchError) {
        var entries: [Entry] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            if line.isEmpty || (number == 1 && line.hasPrefix("file\t")) { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 5 else {
                throw .malformedManifest(line: number, reason: "\(fields.count) fields, expected 5 (file size sha256 origin license)")
            }
            guard let size = Int(fields[1]), size >= 0 else { throw .malformedManifest(line: number, reason: "size '\(fields[1])' is not a number") }
            let hash = fields[2].lowercased()
            guard hash.count == 64, hash.allSatisfy(\.isHexDigit) else {
                throw .malformedManifest(line: number, reason: "'\(fields[2])' is not a SHA-256")
            }
            entries.append(Entry(file: fields[0], size: size, sha256: hash, origin: fields[3], license: fields[4]))
        }
        self.entries = entries
    }

    /// Reads a manifest file.
    public init(contentsOf path: String) throws(BenchError) {
        guard let data = FileManager.default.contents(atPath: path) else { throw .manifestMissing(path: path) }
        try self.init(text: String(decoding: data, as: UTF8.self))
    }

    /// The manifest shipped with the package (`corpora/eval/manifest.tsv`,
    /// found next to this source file, else under the current folder).
    public static func defaultPath() -> String {
        let fromSource = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("corpora/eval/manifest.tsv").path
        if FileManager.default.fileExists(atPath: fromSource) { return fromSource }
        return "corpora/eval/manifest.tsv"
    }

    /// The entry of `file`.
    public func entry(_ file: String) throws(BenchError) -> Entry {
        guard let entry = entries.first(where: { $0.file == file }) else { throw .notInManifest(file: file) }
        return entry
    }

    /// Reads `file` from `folder` and checks its size and SHA-256.
    ///
    /// - Returns: The file's bytes, verified.
    /// - Throws: `BenchError.notInManifest`, `.dataMissing`, `.sizeMismatch`, `.checksumMismatch`.
    public func verifiedContents(of file: String, in folder: String) throws(BenchError) -> [UInt8] {
        let entry = try entry(file)
        let path = (folder as NSString).appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: path) else { throw .dataMissing(file: file, folder: folder) }
        guard data.count == entry.size else { throw .sizeMismatch(file: file, expected: entry.size, actual: data.count) }
        let actual = Self.sha256Hex(data)
        guard actual == entry.sha256 else { throw .checksumMismatch(file: file, expected: entry.sha256, actual: actual) }
        return Array(data)
    }

    /// Lowercase hexadecimal SHA-256 of `data`.
    public static func sha256Hex(_ data: some DataProtocol) -> String {
        SHA256Digest.hex(Array(data))
    }
}
