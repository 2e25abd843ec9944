/// Everything that can go wrong in the quality benchmark suite, with the
/// context needed to fix it. Each case prints as one line.
public enum BenchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The manifest file is missing or unreadable.
    case manifestMissing(path: String)
    /// A manifest line does not have five tab-separated fields.
    case malformedManifest(line: Int, reason: String)
    /// A data file the manifest lists is not in the data folder.
    case dataMissing(file: String, folder: String)
    /// A source file of the `code-qa` task is not in its folder.
    case codeMissing(file: String, folder: String)
    /// A man page of the `doc-qa` task is not in its folder, or could not be rendered.
    case manPageMissing(file: String, folder: String, reason: String)
    /// A data file is not the size the manifest gives.
    case sizeMismatch(file: String, expected: Int, actual: Int)
    /// A data file's SHA-256 differs from the manifest's.
    case checksumMismatch(file: String, expected: String, actual: String)
    /// A file a task needs is not in the manifest.
    case notInManifest(file: String)
    /// gzip could not be run or the file is not valid gzip.
    case gzip(file: String, reason: String)
    /// A JSON line could not be decoded.
    case malformedRecord(file: String, line: Int, reason: String)
    /// An unknown task name.
    case unknownTask(String)
    /// A target below 1x or a budget below 1 token.
    case invalidTarget(String)
    /// The output folder could not be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .manifestMissing(path): "manifest not found: \(path)"
        case let .malformedManifest(line, reason): "manifest line \(line): \(reason)"
        case let .dataMissing(file, folder): "\(file): not found in \(folder) (set --data or TERSIFY_DATA)"
        case let .codeMissing(file, folder): "\(file): not found in \(folder) (install libpython3.11-stdlib or set TERSIFY_CODE)"
        case let .manPageMissing(file, folder, reason):
            "\(file) in \(folder): \(reason) (install man-db, bsdextrautils and the page's package, or set TERSIFY_MAN)"
        case let .sizeMismatch(file, expected, actual): "\(file): \(actual) bytes, the manifest says \(expected)"
        case let .checksumMismatch(file, expected, actual): "\(file): SHA-256 \(actual), the manifest says \(expected)"
        case let .notInManifest(file): "\(file): not listed in the manifest"
        case let .gzip(file, reason): "\(file): cannot decompress: \(reason)"
        case let .malformedRecord(file, line, reason): "\(file) line \(line): \(reason)"
        case let .unknownTask(name): "unknown task '\(name)' (known: \(BenchTaskKind.allCases.map(\.rawValue).joined(separator: ", ")))"
        case let .invalidTarget(target): "invalid target: \(target)"
        case let .cannotWrite(path, reason): "cannot write \(path): \(reason)"
        }
    }
}
