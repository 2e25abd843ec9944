import ArgumentParser
import Foundation
import PromptCompression
import PromptTokenizer

/// `tersify-benchmarks compression`: time to compress a long context to a
/// budget, against the time to merely tokenize it, with the time of each
/// stage and the single-stage path (coarse stage off) in the same run.
struct CompressionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compression",
        abstract: "Compress the essays of the shared corpora (about 150,000 tokens) with a question; compare with tokenizing them."
    )

    @OptionGroup var dataOptions: DataOptions

    @Option(help: "Token budget.")
    var budget: Int = 4000

    @Option(help: "Timed runs after a warm-up.")
    var runs: Int = 7

    @Option(help: "Candidate volume of the coarse stage, in budgets (Compressor.coarseCandidateFactor).")
    var candidateFactor: Int = 3

    @Flag(help: "Skip the single-stage (coarse stage off) rows.")
    var noSingleStage = false

    func run() throws {
        if !isOptimized {
            FileHandle.standardError.write(Data("warning: debug build; use swift run -c release\n".utf8))
        }
        let tokenizer = try Tokenizer.named("cl100k_base")
        let bytes = try dataOptions.loadEssays()
        let question = "What is the best way to find startup ideas?"
        let options = CompressionOptions(target: .tokens(budget), query: question)
        let tokens = tokenizer.count(bytes: bytes)
        var twoStage = Compressor(tokenizer: tokenizer)
        let times = StageTimes()
        twoStage.stageTimes = times
        twoStage.coarseCandidateFactor = candidateFactor
        var singleStage = Compressor(tokenizer: tokenizer)
        singleStage.coarseMinimumTokens = .max / 4
        var unstemmed = twoStage
        unstemmed.stageTimes = nil
        unstemmed.stemming = false

        // Interleaved: each run times tokenizing, then the two compressions,
        // so that load on the machine hits all of them alike.
        var tokenize: [Double] = [], document: [Double] = [], compress: [Double] = [], single: [Double] = []
        var onThisThread: [Double] = [], cpu: [Double] = [], withStems: [Double] = [], withoutStems: [Double] = []
        var plain = twoStage
        plain.stageTimes = nil
        var stages: [String: [Double]] = [:], stageOrder: [String] = []
        var result: CompressionResult? = nil, singleResult: CompressionResult? = nil
        var sheds = 0
        for run in 0...runs {
            let t0 = now()
            consume(tokenizer.encodeOrdinary(bytes: bytes).count)
            let t1 = now()
            times.reset()
            let c1 = cpuNow()
            let built = try PromptDocument(text: bytes, tokenizer: tokenizer)
            let t2 = now()
            result = try twoStage.compress(built, options: options)
            let t3 = now()
            let c3 = cpuNow()
            consume(result!.tokensAfter)
            var t5 = t3, t4 = t3
            if !noSingleStage {
                t4 = now()
                singleResult = try singleStage.compress(PromptDocument(text: bytes, tokenizer: tokenizer), options: options)
                t5 = now()
                consume(singleResult!.tokensAfter)
            }
            // Everything on this thread: the input's count too.
            let t6 = now()
            let alone = try plain.compress(PromptDocument(text: bytes, tokenizer: tokenizer, countInBackground: false), options: options)
            let t7 = now()
            guard alone.bytes == result!.bytes else { throw BenchmarkError("the count's thread changed the output") }
            // The ranking's words as written (`stemming = false`) against the
            // default, back to back, which goes first alternating run by run.
            var pair: [Double] = []
            for variant in run % 2 == 0 ? [plain, unstemmed] : [unstemmed, plain] {
                let t8 = now()
                consume(try variant.compress(PromptDocument(text: bytes, tokenizer: tokenizer), options: options).tokensAfter)
                pair.append(now() - t8)
            }
            guard run > 0 else { continue }  // warm-up
            withStems.append(run % 2 == 0 ? pair[0] : pair[1])
            withoutStems.append(run % 2 == 0 ? pair[1] : pair[0])
            onThisThread.append(t7 - t6)
            cpu.append(c3 - c1)
            tokenize.append(t1 - t0)
            document.append(t2 - t1)
            compress.append(t3 - t1)
            single.append(t5 - t4)
            sheds = times.shedCounts
            for (stage, seconds) in times.entries {
                if stages[stage] == nil { stageOrder.append(stage) }
                stages[stage, default: []].append(seconds)
            }
        }
        guard let result else { throw BenchmarkError("compression failed") }
        let reference = median(tokenize)
        func row(_ name: String, _ seconds: Double) -> String {
            "| \(name) | \(fixed(seconds * 1000, 2)) | \(fixed(seconds / reference, 2))x |"
        }
        print("| case | ms | ratio to tokenizing |")
        print("|---|---:|---:|")
        print(row("tokenize \(tokens) tokens (\(bytes.count) bytes)", reference))
        print(row("compress \(tokens) → \(result.tokensAfter) tokens (budget \(budget)), with a question, two stages", median(compress)))
        print(row("the same, CPU time of all threads (the input's count on a second one)", median(cpu)))
        print(row("the same, everything on one thread (`countInBackground: false`)", median(onThisThread)))
        print(row("the same, words not stemmed (`stemming = false`)", median(withoutStems)))
        let stemRatios = zip(withStems, withoutStems).map { $0 / $1 }
        print("| stemmed over not stemmed, median of the per-run ratios | \(fixed(median(stemRatios), 3)) | |")
        if let singleResult, !noSingleStage {
            print(row("compress \(tokens) → \(singleResult.tokensAfter) tokens, single stage (coarse stage off)", median(single)))
        }
        print("\nStages of the two-stage compression (medians; they need not add up to the total's median):\n")
        print("| stage | ms | ratio to tokenizing |")
        print("|---|---:|---:|")
        print(row("document: structure (its token count goes on in the background)", median(document)))
        for stage in stageOrder { print(row(stage, median(stages[stage]!))) }
        print("\nExact-budget shed iterations (renders and counts of the output): \(sheds)")
        if let singleResult, !noSingleStage {
            let overlap = keptOverlap(result.bytes, singleResult.bytes)
            print("Kept-sentence overlap with the single-stage output: \(fixed(overlap * 100, 1)) % of the single-stage output's lines")
        }
        print("\n\(ProcessInfo.processInfo.activeProcessorCount) cores; medians of \(runs) interleaved runs after a warm-up; tokenize = encodeOrdinary (ids), single thread.")
    }

    func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
    /// CPU time of the process (all threads), in seconds.
    func cpuNow() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
    func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    /// The share of the single-stage output's non-empty lines that the two-stage output also holds.
    func keptOverlap(_ a: [UInt8], _ b: [UInt8]) -> Double {
        let lines = { (bytes: [UInt8]) in bytes.split(separator: UInt8(ascii: "\n")).map { Array($0) }.filter { $0.count > 20 } }
        let mine = Set(lines(a)), theirs = lines(b)
        guard !theirs.isEmpty else { return 1 }
        return Double(theirs.filter { mine.contains($0) }.count) / Double(theirs.count)
    }
}

/// The Paul Graham essays of the shared corpora, concatenated in name order.
func essays(in data: String) throws -> [UInt8] {
    let folder = URL(fileURLWithPath: data).appendingPathComponent("haystack/PaulGrahamEssays")
    var bytes: [UInt8] = []
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
        bytes += Array(try Data(contentsOf: folder.appendingPathComponent(name)))
    }
    return bytes
}
