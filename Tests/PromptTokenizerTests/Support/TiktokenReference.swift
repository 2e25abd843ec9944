import Foundation
import PromptTokenizer

/// tiktoken 0.14.0 through `scripts/tiktoken-reference.py`: the token ids of
/// test cases, or the pieces its split pattern cuts them into.
enum TiktokenReference {
    /// tiktoken's ids for each case; nil when Python or tiktoken is missing.
    static func encode(_ cases: [ParityCase], encoding: String, vocabulary: String) throws -> [[TokenID]]? {
        try run(cases, arguments: ["--encoding", encoding, vocabulary])
    }

    /// The byte ends of the pieces of each case, by the Python `regex`
    /// module running tiktoken's pattern (as tiktoken's
    /// `_encode_only_native_bpe` does); nil when Python, tiktoken or regex
    /// is missing.
    static func pieceEnds(_ cases: [ParityCase], encoding: String, vocabulary: String) throws -> [[Int]]? {
        try run(cases, arguments: ["--pieces", "--encoding", encoding, vocabulary])?.map { $0.map(Int.init) }
    }

    /// Writes the cases, runs the script (in `scripts/`), reads one list of u32 a case.
    static func run(_ cases: [ParityCase], arguments: [String], script name: String = "tiktoken-reference.py") throws -> [[UInt32]]? {
        guard let python = TestEnvironment.python else { return nil }
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("tersify-parity-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var input = Data()
        for item in cases {
            let bytes = Array(item.text.utf8)
            input.append(item.allowSpecial ? 1 : 0)
            withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { input.append(contentsOf: $0) }
            input.append(contentsOf: bytes)
        }
        let casesURL = folder.appendingPathComponent("cases.bin"), outURL = folder.appendingPathComponent("out.bin")
        try input.write(to: casesURL)
        let script = TestEnvironment.root.appendingPathComponent("scripts/\(name)").path
        let result = try runProcess(python, [script] + arguments + [casesURL.path, outURL.path])
        if result.status == 3 { return nil }
        guard result.status == 0 else {
            throw TestFailure("\(name) failed: \(result.errorText)")
        }
        let output = try Data(contentsOf: outURL)
        let all = output.withUnsafeBytes { raw -> [[UInt32]] in
            var offset = 0
            var all: [[UInt32]] = []
            func next() -> UInt32 {
                defer { offset += 4 }
                return UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
            }
            while offset < raw.count {
                let count = Int(next())
                all.append((0..<count).map { _ in next() })
            }
            return all
        }
        guard all.count == cases.count else {
            throw TestFailure("\(name) answered \(all.count) cases of \(cases.count)")
        }
        return all
    }
}
