import ArgumentParser
import Foundation
import PromptTokenizer
import TersifyBench

/// `tersify bench`: how many tokens compression saves, and what it loses,
/// on real data, against baselines at the same budget.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure token savings against answer, passage and needle retention on real data.",
        discussion: """
            Prints a Markdown table on stdout and writes results.md, results.json and one SVG plot per
            task into --out. The data (NaturalQuestions-open, HotpotQA, key-value retrieval, Paul Graham
            essays) is read from --data and checked against corpora/eval/manifest.tsv (SHA-256) first.
            code-qa reads the Python standard library ($TERSIFY_CODE, else /usr/lib/python3.11), doc-qa
            man pages ($TERSIFY_MAN, else /usr/share/man) rendered by man; both check every file's SHA-256.

            Examples:
              tersify bench --quick                        CI-sized samples, under a minute
              tersify bench --tasks nq-20,needle --ratios 4,8 --budgets 512
            """
    )

    @Flag(help: "Small samples (CI): under a minute.")
    var quick = false

    @Option(help: "The evaluation data folder (default $TERSIFY_DATA, else ../shared/corpora).")
    var data: String?

    @Option(help: "The manifest of the data (default corpora/eval/manifest.tsv of the package).")
    var manifest: String?

    @Option(help: "Where to write results.md, results.json and the SVG plots.")
    var out = "bench-results"

    @Option(help: "The seed of every random choice.")
    var seed: UInt64 = 42

    @Option(help: "Comma-separated tasks (default all: \(BenchTaskKind.allCases.map(\.rawValue).joined(separator: ","))).")
    var tasks: String?

    @Option(help: "Comma-separated compression ratios (default 2,4,8).")
    var ratios = "2,4,8"

    @Option(help: "Comma-separated token budgets (default 256,1024; 'none' for none).")
    var budgets = "256,1024"

    @Option(help: "Worker threads (default: the number of cores).")
    var jobs: Int?

    @Option(help: "Write the prompt and Tersify's output of each case where Tersify lost the headline metric here.")
    var saveFailures: String?

    @OptionGroup var tokenizerOptions: TokenizerOptions

    func parsedTasks() throws -> [BenchTaskKind] {
        guard let tasks else { return BenchTaskKind.allCases }
        var kinds: [BenchTaskKind] = []
        for item in tasks.split(separator: ",") {
            let name = item.trimmingCharacters(in: .whitespaces)
            guard let kind = BenchTaskKind(rawValue: name) else { throw ValidationError(BenchError.unknownTask(name).description) }
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        guard !kinds.isEmpty else { throw ValidationError("--tasks: no task named") }
        return kinds
    }

    func parsedTargets() throws -> [BenchTarget] {
        var targets: [BenchTarget] = []
        for item in ratios.split(separator: ",") where !item.isEmpty {
            guard let ratio = Double(item.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "x", with: "")),
                  ratio >= 1, ratio.isFinite else { throw ValidationError("--ratios: '\(item)' is not a ratio of 1 or more") }
            targets.append(.ratio(ratio))
        }
        if budgets != "none" {
            for item in budgets.split(separator: ",") where !item.isEmpty {
                guard let budget = Int(item.trimmingCharacters(in: .whitespaces)), budget >= 1 else {
                    throw ValidationError("--budgets: '\(item)' is not a token count of 1 or more")
                }
                targets.append(.tokens(budget))
            }
        }
        guard !targets.isEmpty else { throw ValidationError("no --ratios or --budgets to run") }
        return targets
    }

    func validate() throws {
        _ = try parsedTasks()
        _ = try parsedTargets()
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be 1 or more") }
    }

    func run() throws {
        let tokenizer = try tokenizerOptions.load()
        var settings = QualityBench.Settings(
            dataFolder: data ?? Corpora.defaultFolder(), manifestPath: manifest ?? DataManifest.defaultPath(),
            tasks: try parsedTasks(), targets: try parsedTargets(), seed: seed, quick: quick)
        if let jobs { settings.jobs = jobs }
        settings.failuresFolder = saveFailures
        let bar = ProgressBar()
        let report = try QualityBench.run(settings, tokenizer: tokenizer) { done, total, task in
            bar.update(done, total, task)
        }
        bar.finish()
        try report.write(to: out)
        print(MarkdownReport.render(report))
        writeStandardError("wrote \(out)/results.md, results.json and \(report.tasks.count) SVG plots in \(String(format: "%.1f", report.wallSeconds)) s\n")
    }
}
