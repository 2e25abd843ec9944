import ArgumentParser
import CAllocationCount
import Foundation
import PromptCompression
import PromptTokenizer

/// `tersify-benchmarks prompts`: the time to compress one serving-sized
/// prompt (about 1k to 30k tokens) to a quarter of its tokens, warm, on one
/// thread, as `tersify compress` does (`Compressor.compress(prompt:options:)`
/// with the CLI's default passes and detector), against the time to
/// tokenize the same prompt (`encodeOrdinary`, cl100k_base) in the same run.
///
/// Each case (source, size) has `--prompts` distinct prompts
/// (`ServingPrompts`). After a warm-up round, each of `--rounds` rounds
/// tokenizes and then compresses every prompt once; p50 and p99 are over
/// all of a case's compressions, and the ratio to tokenizing is the median
/// of the per-prompt ratios (each compression against the tokenizing just
/// before it), so that a slower minute of a shared machine hits both alike.
///
/// Besides wall clock, the thread's CPU time of each compression and its
/// ratio to that of the tokenizing: a preemption on a shared machine does
/// not inflate it.
///
/// `--stages` adds, in separate rounds after the timed ones, the median
/// time of each stage (`Compressor.stageTimes`) and the heap allocations of
/// one compression (`CAllocationCount`, the calling thread's). `--check`
/// times nothing: it prints a SHA-256 of the outputs of every case at
/// several targets, to compare builds that must give the same bytes.
/// `--profile` times nothing either: it runs the compressions and the
/// encodings of each case inside two functions a profiler can select
/// (`callgrind --toggle-collect`). Prompt files given as arguments replace
/// the corpora's prompts; `--write-prompts` writes those as files.
struct PromptsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prompts",
        abstract: "Compress prompts of about 1k to 30k tokens (NQ and HotpotQA with a question, essays without) to a quarter of their tokens, one thread, against tokenizing them."
    )

    @OptionGroup var dataOptions: DataOptions

    @Option(help: "Prompt sizes in tokens, comma-separated.")
    var sizes: String = "1000,3000,10000,30000"

    @Option(help: "Sources, comma-separated: nq, hotpotqa, essays.")
    var sources: String = "nq,hotpotqa,essays"

    @Option(help: "Distinct prompts a case (source and size).")
    var prompts: Int = 8

    @Option(help: "Timed rounds after a warm-up round; each compresses every prompt of a case once.")
    var rounds: Int = 40

    @Option(help: "The budget is ⌊tokens / ratio⌋.")
    var ratio: Double = 4

    @Flag(help: "Also each stage's time and the heap allocations of one compression (separate rounds).")
    var stages = false

    @Flag(help: "Time nothing: print a SHA-256 of the outputs of every case at ratios 2, 4, 8 and budgets 256, 1024.")
    var check = false

    @Option(help: "Prompts a case with --check.")
    var checkPrompts: Int = 32

    @Flag(help: "Time nothing: compress every prompt once, then --rounds times inside profiledRounds, and tokenize them as often inside profiledTokenizing (for callgrind --toggle-collect).")
    var profile = false

    @Option(help: "Write the prompts into this folder (source-size-n.txt) and stop.")
    var writePrompts: String?

    @Option(help: "The seed of the prompts' choice.")
    var seed: UInt64 = 42

    @Argument(help: "Prompt files to compress instead of the corpora's prompts, each a case of its own.")
    var files: [String] = []

    func validate() throws {
        if sizeList.isEmpty || sizeList.contains(where: { $0 < 1 }) { throw ValidationError("--sizes: token counts of 1 or more") }
        if sourceList.count != sources.split(separator: ",").count {
            throw ValidationError("--sources: nq, hotpotqa or essays")
        }
        guard prompts >= 1, rounds >= 1, checkPrompts >= 1 else { throw ValidationError("--prompts, --rounds and --check-prompts must be 1 or more") }
        guard ratio >= 1, ratio.isFinite else { throw ValidationError("--ratio must be 1 or more") }
    }

    var sizeList: [Int] { sizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
    var sourceList: [ServingPrompts.Source] {
        sources.split(separator: ",").compactMap { ServingPrompts.Source(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
    }

    /// The compressor and options of `tersify compress --ratio R` with its defaults.
    static func cliCompressor(_ tokenizer: Tokenizer) -> Compressor {
        var compressor = Compressor(tokenizer: tokenizer)
        compressor.use(PassName.defaults, stopwords: .light, language: nil)
        return compressor
    }

    static func cliOptions(_ target: CompressionOptions.Target) throws -> PromptOptions {
        PromptOptions(target: target, query: nil, detectQuestion: true, keepInstructions: true,
                      detector: try ProtectedSpanDetector(rules: ProtectionRules(customPatterns: [])),
                      bestEffort: false, reorder: false, keepCode: false)
    }

    func run() throws {
        if !isOptimized {
            FileHandle.standardError.write(Data("warning: debug build; use swift run -c release\n".utf8))
        }
        let tokenizer = try Tokenizer.named("cl100k_base")
        let compressor = Self.cliCompressor(tokenizer)
        let options = try Self.cliOptions(.ratio(ratio))
        var cases: [(source: String, size: String, prompts: [ServingPrompts.Prompt])] = []
        if files.isEmpty {
            let corpus = try ServingPrompts(data: dataOptions.data, tokenizer: tokenizer, seed: seed)
            if check { return try runCheck(corpus, tokenizer: tokenizer) }
            for source in sourceList {
                for size in sizeList { cases.append((source.rawValue, "\(size)", corpus.prompts(source, size: size, count: prompts))) }
            }
        } else {
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { throw BenchmarkError("cannot read \(file)") }
                let bytes = Array(data)
                cases.append((URL(fileURLWithPath: file).lastPathComponent, "file", [.init(bytes: bytes, tokens: tokenizer.count(bytes: bytes))]))
            }
        }
        if let folder = writePrompts {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for (source, size, set) in cases {
                for (n, prompt) in set.enumerated() {
                    try Data(prompt.bytes).write(to: URL(fileURLWithPath: folder).appendingPathComponent("\(source)-\(size)-\(n).txt"))
                }
            }
            return
        }
        if profile {
            for (source, size, set) in cases {
                for prompt in set { consume(try compressor.compress(prompt: prompt.bytes, options: options).result.tokensAfter) }
                try profiledRounds(set, compressor: compressor, options: options)
                profiledTokenizing(set, tokenizer: tokenizer)
                print("\(source) \(size): \(rounds * set.count) compressions of \(set.reduce(0) { $0 + $1.tokens } / set.count) tokens profiled")
            }
            return
        }

        var rows: [String] = []
        var stageTables: [(title: String, rows: [(stage: String, seconds: Double)], allocations: Double, bytes: Double)] = []
        for (source, size, set) in cases {
            var times: [Double] = [], ratios: [Double] = [], tokenizing: [Double] = []
            var cpuTimes: [Double] = [], cpuRatios: [Double] = []
            var outTokens = 0
            for round in 0...rounds {
                for prompt in set {
                    let (t0, c0) = (now(), threadCPUNow())
                    consume(tokenizer.encodeOrdinary(bytes: prompt.bytes).count)
                    let (t1, c1) = (now(), threadCPUNow())
                    let out = try compressor.compress(prompt: prompt.bytes, options: options)
                    let (t2, c2) = (now(), threadCPUNow())
                    consume(out.result.tokensAfter)
                    guard round > 0 else { continue }  // warm-up
                    if round == 1 { outTokens += out.result.tokensAfter }
                    times.append(t2 - t1)
                    tokenizing.append(t1 - t0)
                    ratios.append((t2 - t1) / (t1 - t0))
                    cpuTimes.append(c2 - c1)
                    cpuRatios.append((c2 - c1) / Swift.max(c1 - c0, 1e-9))
                }
            }
            let tokensIn = set.reduce(0) { $0 + $1.tokens } / set.count
            let p50 = percentile(times, 0.5), p99 = percentile(times, 0.99)
            rows.append("| \(source) | \(size) | \(tokensIn) | \(outTokens / set.count) | \(fixed(p50 * 1e3, 3)) | \(fixed(p99 * 1e3, 3)) | \(fixed(percentile(cpuTimes, 0.5) * 1e3, 3)) | \(fixed(Double(tokensIn) / p50 / 1e6, 2)) | \(fixed(percentile(tokenizing, 0.5) * 1e3, 3)) | \(fixed(percentile(ratios, 0.5), 2))x | \(fixed(percentile(cpuRatios, 0.5), 2))x |")
            if stages {
                let (stageRows, allocations, bytes) = try measureStages(set, compressor: compressor, options: options)
                stageTables.append(("\(source) \(size)", stageRows, allocations, bytes))
            }
        }
        print("| source | size | tokens in | tokens out | p50 ms | p99 ms | CPU p50 ms | M tokens/s (p50) | tokenize p50 ms | ratio to tokenizing | CPU ratio |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for row in rows { print(row) }
        let perCase = files.isEmpty ? prompts : 1
        print("\n\(perCase) prompt(s) a case, \(rounds) timed rounds after a warm-up (\(perCase * rounds) compressions a case); budget ⌊tokens / \(Self.describe(ratio))⌋; one thread; wall-clock times but for CPU (the thread's CPU time: what a shared machine's preemptions leave out); tokenize = encodeOrdinary, cl100k_base; ratio = median over compressions of its time / the time of tokenizing its prompt just before.")
        if stages { printStages(stageTables) }
    }

    /// The compressions a profiler counts: `rounds` of `set`.
    @inline(never)
    func profiledRounds(_ set: [ServingPrompts.Prompt], compressor: Compressor, options: PromptOptions) throws {
        for _ in 0..<rounds {
            for prompt in set { consume(try compressor.compress(prompt: prompt.bytes, options: options).result.tokensAfter) }
        }
    }

    /// The tokenizing a profiler counts beside `profiledRounds`: `rounds` of
    /// `set`, `encodeOrdinary`.
    @inline(never)
    func profiledTokenizing(_ set: [ServingPrompts.Prompt], tokenizer: Tokenizer) {
        for _ in 0..<rounds {
            for prompt in set { consume(tokenizer.encodeOrdinary(bytes: prompt.bytes).count) }
        }
    }

    /// Stage medians and allocations of one compression of `set`'s prompts.
    func measureStages(_ set: [ServingPrompts.Prompt], compressor base: Compressor, options: PromptOptions) throws
        -> (rows: [(stage: String, seconds: Double)], allocations: Double, bytes: Double)
    {
        var compressor = base
        let times = StageTimes()
        compressor.stageTimes = times
        var samples: [String: [Double]] = [:], order: [String] = [], totals: [Double] = []
        for round in 0...max(rounds / 4, 5) {
            for prompt in set {
                times.reset()
                let start = now()
                consume(try compressor.compress(prompt: prompt.bytes, options: options).result.tokensAfter)
                let elapsed = now() - start
                guard round > 0 else { continue }
                totals.append(elapsed)
                var seen: Set<String> = []
                for (stage, seconds) in times.entries {
                    if samples[stage] == nil { order.append(stage) }
                    samples[stage, default: []].append(seconds)
                    seen.insert(stage)
                }
                // A stage that did not run took no time.
                for stage in order where !seen.contains(stage) { samples[stage]!.append(0) }
            }
        }
        // Allocations: the plain compressor, no stage clock.
        var allocations: UInt64 = 0, bytes: UInt64 = 0
        for prompt in set {
            let (a0, b0) = (tersify_thread_allocations(), tersify_thread_allocated_bytes())
            consume(try base.compress(prompt: prompt.bytes, options: options).result.tokensAfter)
            allocations += tersify_thread_allocations() - a0
            bytes += tersify_thread_allocated_bytes() - b0
        }
        var rows = order.map { ($0, percentile(samples[$0]!, 0.5)) }
        rows.append(("whole compression (with the stage clock)", percentile(totals, 0.5)))
        return (rows, Double(allocations) / Double(set.count), Double(bytes) / Double(set.count))
    }

    func printStages(_ tables: [(title: String, rows: [(stage: String, seconds: Double)], allocations: Double, bytes: Double)]) {
        print("\nStages (median µs of one compression; a stage that did not run counts 0) and heap allocations of one compression:\n")
        var stageNames: [String] = []
        for table in tables {
            for row in table.rows where !stageNames.contains(row.stage) { stageNames.append(row.stage) }
        }
        print("| stage | " + tables.map(\.title).joined(separator: " | ") + " |")
        print("|---|" + String(repeating: "---:|", count: tables.count))
        for stage in stageNames {
            let cells = tables.map { table in table.rows.first { $0.stage == stage }.map { fixed($0.seconds * 1e6, 1) } ?? "–" }
            print("| \(stage) | " + cells.joined(separator: " | ") + " |")
        }
        let counted = tables.contains { $0.allocations > 0 }
        print("| heap allocations | " + tables.map { counted ? fixed($0.allocations, 0) : "–" }.joined(separator: " | ") + " |")
        print("| heap KB asked for | " + tables.map { counted ? fixed($0.bytes / 1024, 0) : "–" }.joined(separator: " | ") + " |")
    }

    /// Prints a digest of every case's outputs and of its reports (drops,
    /// pass savings, question and instructions found), then of all of them.
    func runCheck(_ corpus: ServingPrompts, tokenizer: Tokenizer) throws {
        let compressor = Self.cliCompressor(tokenizer)
        let targets: [(String, CompressionOptions.Target)] = [
            ("ratio 2", .ratio(2)), ("ratio 4", .ratio(4)), ("ratio 8", .ratio(8)), ("256 tok", .tokens(256)), ("1024 tok", .tokens(1024)),
        ]
        var allOutputs: [UInt8] = [], allReports: [UInt8] = []
        print("| source | size | target | prompts | tokens out | output SHA-256 | report SHA-256 |")
        print("|---|---:|---|---:|---:|---|---|")
        for source in sourceList {
            for size in sizeList {
                let set = corpus.prompts(source, size: size, count: checkPrompts)
                for (name, target) in targets {
                    let options = try Self.cliOptions(target)
                    var outputs: [UInt8] = [], reports: [UInt8] = []
                    var tokens = 0
                    for prompt in set {
                        do {
                            let out = try compressor.compress(prompt: prompt.bytes, options: options)
                            let result = out.result
                            tokens += result.tokensAfter
                            outputs += result.bytes + Array("\u{0}\(result.tokensAfter)\u{0}".utf8)
                            var report = "\(result.tokensBefore) \(result.budget) \(result.overBudget) \(result.cutUnits)"
                            report += " q\(String(describing: out.question)) i\(String(describing: out.instructions)) \(out.query ?? "-")\n"
                            for pass in result.passes { report += "\(pass.pass) \(pass.tokensSaved) \(pass.drops)\n" }
                            for drop in result.drops { report += "\(drop.range) \(drop.reason.pass) \(drop.reason.detail)\n" }
                            reports += Array(report.utf8)
                        } catch {
                            outputs += Array("error: \(error)\u{0}".utf8)
                            reports += Array("error: \(error)\n".utf8)
                        }
                    }
                    allOutputs += outputs
                    allReports += reports
                    print("| \(source.rawValue) | \(size) | \(name) | \(set.count) | \(tokens) | \(SHA256Digest.hex(outputs).prefix(16)) | \(SHA256Digest.hex(reports).prefix(16)) |")
                }
            }
        }
        print("\nall outputs: \(SHA256Digest.hex(allOutputs))")
        print("all reports: \(SHA256Digest.hex(allReports))")
    }

    func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// CPU time of the calling thread, in seconds.
    func threadCPUNow() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// The value at `fraction` of the sorted values (nearest rank).
    func percentile(_ values: [Double], _ fraction: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
    }

    static func describe(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : "\(value)"
    }
}
