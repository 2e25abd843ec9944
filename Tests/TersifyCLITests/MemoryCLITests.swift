import Foundation
import TersifyTestSupport
import Testing

/// Peak memory of the `tersify` binary on large prose, read by GNU time
/// (`%M`, the maximum resident set of the process alone).
///
/// The bound the README states: above the fixed tables (the vocabulary and
/// the tokenizer's, measured on a 100 KB input of the same text), the peak
/// stays under 4x the input, to a ratio and to a budget. Copying the input
/// per pass and keeping rendered copies for counts once reached 5.8x on
/// 100 MB of prose at `--ratio 4`.
@Suite("tersify CLI: peak memory")
struct MemoryCLITests {
    let cli = CLITests()
    static let time = "/usr/bin/time"

    /// Numbered copies of the essays (so that exact deduplication leaves
    /// them), paragraphs separated by blank lines, `bytes` long.
    static func prose(bytes: Int) throws -> [UInt8]? {
        guard let data = TestPaths.dataDirectory else { return nil }
        let folder = data.appendingPathComponent("haystack/PaulGrahamEssays")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let texts = try names.map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes + 100_000)
        var copy = 0
        while output.count < bytes {
            for text in texts where output.count < bytes {
                output += Array("Copy \(copy). ".utf8)
                output += Array(text.replacingOccurrences(of: "\n\n", with: "\n\n(\(copy)) ").utf8)
                output += Array("\n\n".utf8)
                copy += 1
            }
        }
        return Array(output.prefix(bytes))
    }

    /// Tab-separated records, a port number on every line (a protected
    /// span each), with no blank line and no sentence end: one paragraph
    /// of `bytes`, as `/etc/services` repeated.
    static func records(bytes: Int) -> [UInt8] {
        let words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]
        var output: [UInt8] = []
        output.reserveCapacity(bytes + 100)
        var line = 0
        while output.count < bytes {
            output += Array("\(words[line % 10])\(line)\t\(line * 7919 % 65_536)/tcp\t\t\(words[line * 7 % 10]) \(words[line / 10 % 10])\n".utf8)
            line += 1
        }
        return Array(output.prefix(bytes))
    }

    /// The peak resident set in bytes of `tersify ARGUMENTS FILE`, which must succeed.
    func peak(_ arguments: [String], file: String) throws -> Int {
        let report = try cli.temporaryFile(Data(), name: "time.txt")
        let result = try runProcess(Self.time, ["-f", "%M", "-o", report, CLITests.binary] + arguments + [file, "-o", "/dev/null"])
        #expect(result.status == 0, "\(arguments): \(result.errorText)")
        let kilobytes = try String(contentsOfFile: report, encoding: .utf8)
            .split(whereSeparator: \.isNewline).last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return (kilobytes ?? 0) * 1024
    }

    /// Expects the peak of `tersify TARGET` on `large` to exceed its peak
    /// on `small` (the fixed tables) by under `bound` times the difference.
    func expectPeak(_ target: [String], large: [UInt8], small: [UInt8], under bound: Int) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.time) else {
            if TestPaths.strict { Issue.record("GNU time not found at \(Self.time)") }
            return
        }
        let fixed = try peak(target, file: cli.temporaryFile(Data(small)))
        let total = try peak(target, file: cli.temporaryFile(Data(large)))
        #expect(fixed > 0 && total > 0)
        let above = total - fixed
        #expect(above < bound * (large.count - small.count),
                "\(target): \(total >> 20) MiB peak, \(fixed >> 20) MiB on 100 KB: \(Double(above) / Double(large.count - small.count))x the input")
    }

    @Test("prose to a 4x ratio and to a budget: under 4x the input above the fixed tables",
          arguments: [["--ratio", "4"], ["--budget", "4000"]])
    func proseUnderFourTimes(target: [String]) throws {
        guard let large = try Self.prose(bytes: 4_000_000), let small = try Self.prose(bytes: 100_000) else {
            if TestPaths.strict { Issue.record("no evaluation data (TERSIFY_DATA)") }
            return
        }
        try expectPeak(target, large: large, small: small, under: 4)
    }

    // Each span was once copied four times over (sorting, merging, the
    // document's atomic ranges, the coarse stage's union of spans): 9x the
    // input above the tables to a budget, now 3.6x (4.1x in a debug build).
    // To a ratio the near-duplicate check's shingle arrays still hold 7x on
    // lines this short (docs/performance.md), so only the budget is bound.
    @Test("records with a span on every line, to a budget: under 5x the input above the fixed tables")
    func recordsToABudget() throws {
        try expectPeak(["--budget", "4000", "--query", "Which port does delta3 use?"],
                       large: Self.records(bytes: 4_000_000), small: Self.records(bytes: 100_000), under: 5)
    }
}
