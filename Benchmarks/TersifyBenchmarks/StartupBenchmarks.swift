import ArgumentParser
import Foundation
import PromptTokenizer
import TersifyUtilities

/// `tersify-benchmarks startup`: the cost of a process's first tokens.
///
/// Each sample is a fresh process (`startup-case`) that times, with the
/// monotonic clock, `Tokenizer.named(NAME)` and then the first
/// `count(bytes:)` of a prompt (the first 64 KB of the essays by default),
/// so that no table a previous sample built is warm in memory; the table
/// file in the cache folder is written by one untimed load first. With
/// `--no-tables` the samples run with `TERSIFY_NO_TABLES=1`. The whole
/// `tersify count` process is timed by `perf stat` in docs/performance.md.
struct StartupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "startup",
        abstract: "Tokenizer.named + the first count, in a fresh process per sample, per tokenizer."
    )

    @Option(help: "Tokenizers, comma-separated.")
    var tokenizers: String = Tokenizer.knownEncodings.joined(separator: ",")

    @Option(help: "The prompt file; by default the first 64 KB of the essays of the shared corpora.")
    var prompt: String?

    @OptionGroup var dataOptions: DataOptions

    @Option(help: "Samples (processes) per tokenizer; the minimum and the median are reported.")
    var runs: Int = 11

    @Flag(help: "Leave the table files unread and unwritten (TERSIFY_NO_TABLES=1).")
    var noTables = false

    func run() throws {
        if !isOptimized {
            FileHandle.standardError.write(Data("warning: debug build; use swift run -c release\n".utf8))
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        let promptPath = try prompt ?? defaultPrompt()
        print("| tokenizer | tables | named ms (min / median) | first count ms | both ms (min / median) | tokens |")
        print("|---|---|---:|---:|---:|---:|")
        for name in tokenizers.split(separator: ",").map(String.init) {
            let environment = noTables ? ["TERSIFY_NO_TABLES": "1"] : [:]
            _ = try runProcess(executable, ["startup-case", name, promptPath], environment: environment)
            var named: [Double] = [], counts: [Double] = [], both: [Double] = []
            var tokens = ""
            for _ in 0..<runs {
                let result = try runProcess(executable, ["startup-case", name, promptPath], environment: environment)
                let fields = result.text.split(separator: " ")
                guard result.status == 0, fields.count == 3, let a = Double(fields[0]), let b = Double(fields[1]) else {
                    throw ValidationError("startup-case \(name) failed: \(result.errorText)")
                }
                named.append(a)
                counts.append(b)
                both.append(a + b)
                tokens = String(fields[2]).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            func summary(_ values: [Double]) -> String {
                let sorted = values.sorted()
                return "\(fixed(sorted[0], 2)) / \(fixed(sorted[sorted.count / 2], 2))"
            }
            print("| \(name) | \(noTables ? "no" : "yes") | \(summary(named)) | \(summary(counts)) | \(summary(both)) | \(tokens) |")
        }
        print("\n\(runs) processes per tokenizer; prompt \(promptPath).")
    }

    func defaultPrompt() throws -> String {
        let essays = URL(fileURLWithPath: dataOptions.data).appendingPathComponent("haystack/PaulGrahamEssays")
        var text = Data()
        for name in try FileManager.default.contentsOfDirectory(atPath: essays.path).sorted() where text.count < 65_536 {
            text += try Data(contentsOf: essays.appendingPathComponent(name))
        }
        // 64 KB, cut at a character boundary.
        var end = min(65_536, text.count)
        while end > 0 && end < text.count && text[end] & 0xC0 == 0x80 { end -= 1 }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tersify-startup-prompt.txt").path
        try text.prefix(end).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// One sample of `startup`: prints the milliseconds of `Tokenizer.named`,
/// of the first count, and the count.
struct StartupCaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "startup-case", shouldDisplay: false)

    @Argument var name: String
    @Argument var prompt: String

    func run() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: prompt)))
        let start = DispatchTime.now().uptimeNanoseconds
        let tokenizer = try Tokenizer.named(name)
        let loaded = DispatchTime.now().uptimeNanoseconds
        let count = tokenizer.count(bytes: bytes)
        let counted = DispatchTime.now().uptimeNanoseconds
        print("\(Double(loaded - start) / 1e6) \(Double(counted - loaded) / 1e6) \(count)")
    }
}
