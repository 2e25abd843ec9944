import Foundation
import PromptTokenizer
import TersifyTestSupport
import Testing
@testable import TersifyBench

/// The manifest and the SHA-256 check that guards every run.
@Suite("Data manifest")
struct ManifestTests {
    /// A temporary folder with one file, and a manifest line for it.
    static func fixture(_ content: String) throws -> (folder: String, line: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tersify-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(content.utf8).write(to: URL(fileURLWithPath: folder + "/data.txt"))
        let hash = DataManifest.sha256Hex(Data(content.utf8))
        return (folder, "data.txt\t\(content.utf8.count)\t\(hash)\torigin\tMIT")
    }

    @Test("SHA-256 of known input")
    func knownHash() {
        #expect(DataManifest.sha256Hex(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(DataManifest.sha256Hex(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("A matching file is read")
    func matching() throws {
        let (folder, line) = try Self.fixture("hello")
        let manifest = try DataManifest(text: "file\tsize\tsha256\torigin\tlicense\n" + line + "\n")
        #expect(try manifest.verifiedContents(of: "data.txt", in: folder) == Array("hello".utf8))
    }

    @Test("A SHA-256 mismatch is rejected, with both hashes")
    func mismatch() throws {
        let (folder, _) = try Self.fixture("hellO")
        let expected = DataManifest.sha256Hex(Data("hello".utf8))
        let manifest = try DataManifest(text: "data.txt\t5\t\(expected)\torigin\tMIT\n")
        #expect(throws: BenchError.checksumMismatch(file: "data.txt", expected: expected, actual: DataManifest.sha256Hex(Data("hellO".utf8)))) {
            try manifest.verifiedContents(of: "data.txt", in: folder)
        }
    }

    @Test("A size mismatch, a missing file and an unlisted file are rejected")
    func otherErrors() throws {
        let (folder, line) = try Self.fixture("hello")
        let wrongSize = try DataManifest(text: line.replacingOccurrences(of: "\t5\t", with: "\t6\t"))
        #expect(throws: BenchError.sizeMismatch(file: "data.txt", expected: 6, actual: 5)) {
            try wrongSize.verifiedContents(of: "data.txt", in: folder)
        }
        let manifest = try DataManifest(text: line + "\n" + line.replacingOccurrences(of: "data.txt", with: "gone.txt"))
        #expect(throws: BenchError.dataMissing(file: "gone.txt", folder: folder)) {
            try manifest.verifiedContents(of: "gone.txt", in: folder)
        }
        #expect(throws: BenchError.notInManifest(file: "other.txt")) {
            try manifest.verifiedContents(of: "other.txt", in: folder)
        }
    }

    @Test("Malformed manifest lines are rejected with their line number")
    func malformed() {
        #expect(throws: BenchError.malformedManifest(line: 2, reason: "3 fields, expected 5 (file size sha256 origin license)")) {
            try DataManifest(text: "file\tsize\tsha256\torigin\tlicense\na\t1\tb\n")
        }
        #expect(throws: BenchError.self) { try DataManifest(text: "a\tx\t\(String(repeating: "0", count: 64))\to\tl\n") }
        #expect(throws: BenchError.self) { try DataManifest(text: "a\t1\tnothex\to\tl\n") }
    }

    @Test("The shipped manifest matches the shared data")
    func shippedManifest() throws {
        let manifest = try DataManifest(contentsOf: TestPaths.root.appendingPathComponent("corpora/eval/manifest.tsv").path)
        #expect(manifest.entries.count == 53)
        guard let folder = TestPaths.dataDirectory else {
            #expect(!TestPaths.strict, "corpora missing")
            return
        }
        for entry in manifest.entries {
            #expect(throws: Never.self) { try manifest.verifiedContents(of: entry.file, in: folder.path) }
        }
    }

    @Test("Gzip: round trip through the system gzip, and bad input rejected")
    func gzip() throws {
        let compressed = try runProcess("/bin/gzip", ["-c"], stdin: Data("hello\nworld\n".utf8)).stdout
        #expect(try Gzip.decompress(Array(compressed), file: "x.gz") == Array("hello\nworld\n".utf8))
        #expect(throws: BenchError.self) { try Gzip.decompress(Array("not gzip".utf8), file: "x.gz") }
    }
}

extension ManifestTests {
    @Test("The harness stops before any work on a tampered manifest or a missing data folder")
    func harnessRejects() throws {
        guard let folder = TestPaths.dataDirectory, case let tokenizer = TestTokenizers.cl100k else {
            #expect(!TestPaths.strict, "corpora or vocabulary missing")
            return
        }
        let shipped = try String(contentsOf: TestPaths.root.appendingPathComponent("corpora/eval/manifest.tsv"), encoding: .utf8)
        let real = "6a7f72b846f663a133ef952244e5a4e43f06bcf190afe34e8fbe687ce0d1653e"
        let fake = String(repeating: "0", count: 64)
        #expect(shipped.contains(real))
        let tampered = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID().uuidString).tsv")
        try Data(shipped.replacingOccurrences(of: real, with: fake).utf8).write(to: tampered)
        var settings = QualityBench.Settings(dataFolder: folder.path, manifestPath: tampered.path, tasks: [.nq20], quick: true)
        #expect(throws: BenchError.checksumMismatch(file: "nq-open-oracle.jsonl.gz", expected: fake, actual: real)) {
            try QualityBench.run(settings, tokenizer: tokenizer)
        }
        settings.manifestPath = TestPaths.root.appendingPathComponent("corpora/eval/manifest.tsv").path
        settings.dataFolder = "/nonexistent-tersify-data"
        #expect(throws: BenchError.dataMissing(file: "nq-open-oracle.jsonl.gz", folder: "/nonexistent-tersify-data")) {
            try QualityBench.run(settings, tokenizer: tokenizer)
        }
    }
}
