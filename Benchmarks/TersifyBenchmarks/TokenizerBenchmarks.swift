import Foundation
import PromptTokenizer

/// Encode, count and decode speed on real text, a size sweep and worst cases.
///
/// The reference (tiktoken, or Hugging Face tokenizers for a
/// `tokenizer.json`) is measured in the same run on the same files,
/// interleaved: each timed run of ours is followed by one of the
/// reference's (a Python process answering timing requests), and the ratio
/// reported is the median of the per-pair ratios, so that a slower or
/// faster period of a shared machine affects both sides alike.
struct TokenizerBenchmarks {
    let tokenizer: Tokenizer
    let corpusFolder: String
    let runs: Int
    /// Measure the reference too (needs python3 with tiktoken 0.14.0, or
    /// tokenizers 0.23.3 for a `tokenizer.json`, on PATH).
    let withReference: Bool
    let vocabularyPath: String
    let kinds: [String]

    /// The encoding in case names: `cl100k`, `o200k`.
    var short: String {
        tokenizer.name.hasSuffix("_base") ? String(tokenizer.name.dropLast(5)) : tokenizer.name
    }

    struct Row {
        var name: String
        var bytes: Int
        var tokens: Int
        var seconds: Double
        var referenceSeconds: Double? = nil
        var ratio: Double? = nil
        var mbps: Double { Double(bytes) / seconds / 1e6 }
        var tokensPerSecond: Double { Double(tokens) / seconds }
        var referenceMBps: Double? { referenceSeconds.map { Double(bytes) / $0 / 1e6 } }
    }

    func run() throws -> [Row] {
        var rows: [Row] = []
        let reference = withReference ? try Reference(vocabularyPath: vocabularyPath, encoding: tokenizer.name) : nil
        defer { reference?.close() }

        for kind in kinds {
            let path = "\(corpusFolder)/\(kind).txt"
            guard let data = FileManager.default.contents(atPath: path) else {
                throw BenchmarkError("missing \(path): run corpora/bench/build.sh first")
            }
            let text = String(decoding: data, as: UTF8.self)
            let bytes = data.count
            let ids = tokenizer.encodeOrdinary(text)
            if let reference {
                let theirs = try reference.time("encode", path)
                guard theirs.tokens == ids.count else {
                    throw BenchmarkError("\(kind): \(ids.count) tokens, the reference \(theirs.tokens): not the same encoding")
                }
            }
            func paired(_ name: String, _ op: String?, _ body: () -> Int) throws -> Row {
                consume(body())  // warm-up
                var ours: [Double] = [], theirs: [Double] = [], ratios: [Double] = []
                for _ in 0..<runs {
                    let start = DispatchTime.now().uptimeNanoseconds
                    consume(body())
                    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                    ours.append(seconds)
                    if let reference, let op {
                        let other = try reference.time(op, path).seconds
                        theirs.append(other)
                        ratios.append(other / seconds)
                    }
                }
                return Row(name: name, bytes: bytes, tokens: ids.count, seconds: median(ours),
                           referenceSeconds: theirs.isEmpty ? nil : median(theirs),
                           ratio: ratios.isEmpty ? nil : median(ratios))
            }
            let size = fixed(Double(bytes) / 1e6, 1)
            rows.append(try paired("encode \(short) \(kind) \(size) MB", "encode") { tokenizer.encodeOrdinary(text).count })
            rows.append(try paired("count \(short) \(kind)", "encode") { tokenizer.count(text) })
            rows.append(try paired("decode \(short) \(kind)", "decode") { (try? tokenizer.decodeBytes(ids).count) ?? 0 })
            rows.append(try paired("encode parallel \(short) \(kind)", "encode") { tokenizer.encodeOrdinaryParallel(text).count })
        }

        // The sweeps need the English corpus: they run with the three default kinds only.
        guard Set(kinds) == ["english", "code", "multilingual"] else { return rows }
        // Size sweep on English prose, 10 B to 10 KB: many short calls.
        guard let englishData = FileManager.default.contents(atPath: "\(corpusFolder)/english.txt") else {
            throw BenchmarkError("missing \(corpusFolder)/english.txt: run corpora/bench/build.sh first")
        }
        let english = Array(englishData)
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
            rows.append(Row(name: "encode \(short) english \(size) B x\(pieces.count)", bytes: bytes, tokens: tokens,
                            seconds: timing.median))
        }

        // Worst cases (seeded, the same bytes every run).
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let worst: [(String, [UInt8])] = [
            ("1 MiB one repeated letter", Array(repeating: UInt8(ascii: "a"), count: 1 << 20)),
            ("1 MiB letters without spaces", (0..<(1 << 20)).map { _ in UInt8(ascii: "a") + UInt8(next() % 26) }),
            ("1 MiB random bytes", (0..<(1 << 20)).map { _ in UInt8(truncatingIfNeeded: next()) }),
            ("1 MiB spaces", Array(repeating: UInt8(ascii: " "), count: 1 << 20)),
        ]
        for (name, bytes) in worst {
            let tokens = tokenizer.encodeOrdinary(bytes: bytes).count
            let timing = measure(runs: max(1, runs / 2)) { tokenizer.encodeOrdinary(bytes: bytes).count }
            rows.append(Row(name: "encode \(short) \(name)", bytes: bytes.count, tokens: tokens, seconds: timing.median))
        }
        return rows
    }

    func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    /// `Benchmarks/reference/tiktoken_bench.py --serve`, or
    /// `hf_tokenizers_bench.py --serve` for a `tokenizer.json`: one timed
    /// call of the reference per request.
    final class Reference {
        let process = Process()
        let input = Pipe()
        let output = Pipe()
        var buffer = Data()

        init(vocabularyPath: String, encoding: String) throws {
            let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("reference")
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            if vocabularyPath.hasSuffix(".json") {
                let script = folder.appendingPathComponent("hf_tokenizers_bench.py").path
                process.arguments = ["python3", script, "--tokenizer", vocabularyPath, "--serve"]
            } else {
                let script = folder.appendingPathComponent("tiktoken_bench.py").path
                process.arguments = ["python3", script, "--vocab", vocabularyPath, "--encoding", encoding, "--serve"]
            }
            process.standardInput = input
            process.standardOutput = output
            try process.run()
        }

        func time(_ op: String, _ path: String) throws -> (seconds: Double, tokens: Int) {
            input.fileHandleForWriting.write(Data("\(op) \(path)\n".utf8))
            while !buffer.contains(UInt8(ascii: "\n")) {
                let chunk = output.fileHandleForReading.availableData
                guard !chunk.isEmpty else { throw BenchmarkError("the reference stopped (is tiktoken 0.14.0 or tokenizers 0.23.3 installed?)") }
                buffer.append(chunk)
            }
            let end = buffer.firstIndex(of: UInt8(ascii: "\n"))!
            let line = buffer[buffer.startIndex..<end]
            buffer = Data(buffer[(end + 1)...])
            guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                let seconds = object["seconds"] as? Double, let tokens = object["tokens"] as? Int
            else { throw BenchmarkError("the reference: bad answer \(String(decoding: line, as: UTF8.self))") }
            return (seconds, tokens)
        }

        func close() {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
