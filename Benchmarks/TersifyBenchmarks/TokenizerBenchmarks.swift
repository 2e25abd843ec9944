import Foundation
import PromptTokenizer

/// Encode, count and decode speed on real text, a size sweep and worst cases,
/// with tiktoken measured in the same run on the same files.
struct TokenizerBenchmarks {
    let tokenizer: Tokenizer
    let corpusFolder: String
    let runs: Int
    /// Measure tiktoken too (needs python3 with tiktoken on PATH).
    let withReference: Bool
    let vocabularyPath: String

    struct Row {
        var name: String
        var bytes: Int
        var tokens: Int
        var seconds: Double
        var reference: Double?
        var mbps: Double { Double(bytes) / seconds / 1e6 }
        var tokensPerSecond: Double { Double(tokens) / seconds }
        var referenceMBps: Double? { reference.map { Double(bytes) / $0 / 1e6 } }
    }

    func run() throws -> [Row] {
        var rows: [Row] = []
        let kinds = ["english", "code", "multilingual"]
        var texts: [(String, String)] = []
        for kind in kinds {
            let path = "\(corpusFolder)/\(kind).txt"
            guard let data = FileManager.default.contents(atPath: path) else {
                throw BenchmarkError("missing \(path): run corpora/bench/build.sh first")
            }
            texts.append((kind, String(decoding: data, as: UTF8.self)))
        }
        let reference = try tiktokenReference(files: kinds.map { "\(corpusFolder)/\($0).txt" })

        for (kind, text) in texts {
            let bytes = text.utf8.count
            let ids = tokenizer.encodeOrdinary(text)
            let ref = reference["\(corpusFolder)/\(kind).txt"]
            if let ref, ref.tokens != ids.count {
                throw BenchmarkError("\(kind): \(ids.count) tokens, tiktoken \(ref.tokens): not the same encoding")
            }
            let encode = measure(runs: runs) { tokenizer.encodeOrdinary(text).count }
            rows.append(Row(name: "encode cl100k \(kind) \(bytes / 1_000_000)MB", bytes: bytes, tokens: ids.count,
                            seconds: encode.median, reference: ref.map { Double($0.bytes) / ($0.encodeMBps * 1e6) }))
            let count = measure(runs: runs) { tokenizer.count(text) }
            rows.append(Row(name: "count cl100k \(kind)", bytes: bytes, tokens: ids.count, seconds: count.median,
                            reference: ref.map { Double($0.bytes) / ($0.encodeMBps * 1e6) }))
            let decode = measure(runs: runs) { (try? tokenizer.decodeBytes(ids).count) ?? 0 }
            rows.append(Row(name: "decode cl100k \(kind)", bytes: bytes, tokens: ids.count, seconds: decode.median,
                            reference: ref.map { Double($0.bytes) / ($0.decodeMBps * 1e6) }))
            let parallel = measure(runs: runs) { tokenizer.encodeOrdinaryParallel(text).count }
            rows.append(Row(name: "encode parallel cl100k \(kind)", bytes: bytes, tokens: ids.count,
                            seconds: parallel.median, reference: nil))
        }

        // Size sweep on English prose, 10 B to 10 KB: many short calls.
        let english = Array(texts[0].1.utf8)
        for size in [10, 100, 1000, 10_000] {
            var pieces: [String] = []
            var offset = 0
            while pieces.count < 2000 && offset + size < english.count {
                var end = offset + size
                while end < english.count && english[end] & 0xC0 == 0x80 { end += 1 }
                pieces.append(String(decoding: english[offset..<end], as: UTF8.self))
                offset = end
            }
            let bytes = pieces.reduce(0) { $0 + $1.utf8.count }
            let tokens = pieces.reduce(0) { $0 + tokenizer.count($1) }
            let timing = measure(runs: runs) { pieces.reduce(0) { $0 + tokenizer.encodeOrdinary($1).count } }
            rows.append(Row(name: "encode cl100k english \(size)B x\(pieces.count)", bytes: bytes, tokens: tokens,
                            seconds: timing.median, reference: nil))
        }

        // Worst cases.
        var rng = SystemRandomNumberGenerator()
        let worst: [(String, [UInt8])] = [
            ("1MB one repeated letter", Array(repeating: UInt8(ascii: "a"), count: 1 << 20)),
            ("1MB letters without spaces", (0..<(1 << 20)).map { _ in UInt8(ascii: "a") + UInt8.random(in: 0..<26, using: &rng) }),
            ("1MB random bytes", (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &rng) }),
        ]
        for (name, bytes) in worst {
            let tokens = tokenizer.encodeOrdinary(bytes: bytes).count
            let timing = measure(runs: max(1, runs / 2)) { tokenizer.encodeOrdinary(bytes: bytes).count }
            rows.append(Row(name: "encode cl100k \(name)", bytes: bytes.count, tokens: tokens, seconds: timing.median,
                            reference: nil))
        }
        return rows
    }

    struct Reference { var bytes: Int; var tokens: Int; var encodeMBps: Double; var decodeMBps: Double }

    /// Runs `Benchmarks/reference/tiktoken_bench.py` on the same files.
    func tiktokenReference(files: [String]) throws -> [String: Reference] {
        guard withReference else { return [:] }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("reference/tiktoken_bench.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--vocab", vocabularyPath, "--runs", String(runs)] + files
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchmarkError("tiktoken_bench.py failed") }
        var result: [String: Reference] = [:]
        for line in output.split(separator: UInt8(ascii: "\n")) {
            guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                let file = object["file"] as? String
            else { continue }
            result[file] = Reference(
                bytes: object["bytes"] as? Int ?? 0, tokens: object["tokens"] as? Int ?? 0,
                encodeMBps: object["encode_mbps_median"] as? Double ?? 0,
                decodeMBps: object["decode_mbps_median"] as? Double ?? 0)
        }
        return result
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
