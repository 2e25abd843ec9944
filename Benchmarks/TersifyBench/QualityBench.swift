import Foundation
import PromptCompression
import PromptTokenizer

/// The quality benchmark suite behind `tersify bench`: token savings
/// against quality proxies on real data, with baselines at the same budget.
///
/// For each task, every case is compressed by every method at every
/// target; the baselines get exactly the budget Tersify got. Cases run on
/// `jobs` threads; each method's wall time is measured around its own call,
/// on a document built once per case (building it is not timed).
public enum QualityBench {
    /// Everything a run depends on; printed with the results.
    public struct Settings: Sendable, Codable {
        public var dataFolder: String
        public var manifestPath: String
        public var tasks: [BenchTaskKind]
        public var targets: [BenchTarget]
        public var methods: [Method]
        public var seed: UInt64
        public var sizes: SampleSizes
        public var jobs: Int
        public var quick: Bool
        /// When set, the prompt and Tersify's output of every case where
        /// Tersify lost the headline metric are written under this folder.
        public var failuresFolder: String?

        public static let defaultTargets: [BenchTarget] = [.ratio(2), .ratio(4), .ratio(8), .tokens(256), .tokens(1024)]

        public init(
            dataFolder: String = Corpora.defaultFolder(), manifestPath: String = DataManifest.defaultPath(),
            tasks: [BenchTaskKind] = BenchTaskKind.allCases, targets: [BenchTarget] = defaultTargets,
            methods: [Method] = Method.allCases, seed: UInt64 = 42, quick: Bool = false,
            jobs: Int = ProcessInfo.processInfo.activeProcessorCount
        ) {
            self.dataFolder = dataFolder
            self.manifestPath = manifestPath
            self.tasks = tasks
            self.targets = targets
            self.methods = methods
            self.seed = seed
            self.quick = quick
            self.sizes = quick ? .quick : .full
            self.jobs = max(1, jobs)
        }
    }

    /// Runs the suite.
    ///
    /// - Parameters:
    ///   - progress: Told of each case done (`done`, `total`, task name).
    /// - Throws: `BenchError` for missing or mismatching data (checked
    ///   before use), `TokenizerError` for a missing vocabulary.
    public static func run(
        _ settings: Settings, tokenizer: Tokenizer, progress: (@Sendable (Int, Int, String) -> Void)? = nil
    ) throws -> BenchReport {
        let started = Date()
        var corpora = Corpora(folder: settings.dataFolder, manifest: try DataManifest(contentsOf: settings.manifestPath))
        let manifestHash = DataManifest.sha256Hex(FileManager.default.contents(atPath: settings.manifestPath) ?? Data())
        // Load and verify everything first, so a bad file stops the run before any work.
        var casesByTask: [(BenchTaskKind, [BenchCase])] = []
        var nq: [Corpora.NQRecord]?
        var hotpot: [Corpora.HotpotRecord]?
        var essays: [(name: String, text: String)]?
        for kind in settings.tasks {
            let sizes = settings.sizes
            switch kind {
            case .nq10, .nq20, .nq30:
                if nq == nil { nq = try corpora.naturalQuestions() }
                casesByTask.append((kind, CaseBuilders.naturalQuestions(nq!, k: kind.documents, count: min(sizes.nqQuestions, nq!.count), seed: settings.seed)))
            case .hotpotQA:
                if hotpot == nil { hotpot = try corpora.hotpotQA() }
                casesByTask.append((kind, CaseBuilders.hotpotQA(hotpot!, count: min(sizes.hotpotQuestions, hotpot!.count), seed: settings.seed)))
            case .keyValue:
                let records = try corpora.keyValue()
                casesByTask.append((kind, CaseBuilders.keyValue(records, count: min(sizes.kvRecords, records.count), seed: settings.seed)))
            case .needle:
                if essays == nil { essays = try corpora.essays() }
                let needle = try corpora.needle()
                casesByTask.append((kind, CaseBuilders.needle(essays: essays!, needle: needle, lengths: sizes.needleLengths,
                                                              depths: sizes.needleDepths, tokenizer: tokenizer)))
            case .essays:
                if essays == nil { essays = try corpora.essays() }
                casesByTask.append((kind, CaseBuilders.essays(essays!, count: min(sizes.essays, essays!.count), seed: settings.seed)))
            case .plainQA, .instructedQA:
                if nq == nil { nq = try corpora.naturalQuestions() }
                casesByTask.append((kind, CaseBuilders.promptQA(nq!, k: kind.documents, count: min(sizes.promptQuestions, nq!.count),
                                                                seed: settings.seed, instructed: kind == .instructedQA)))
            case .hotpotPlain:
                if hotpot == nil { hotpot = try corpora.hotpotQA() }
                casesByTask.append((kind, CaseBuilders.hotpotPlain(hotpot!, count: min(sizes.hotpotPlainQuestions, hotpot!.count), seed: settings.seed)))
            case .codeQA:
                casesByTask.append((kind, CaseBuilders.codeQA(try PythonSources.load(), count: sizes.codeQuestions, seed: settings.seed)))
            case .docQA:
                casesByTask.append((kind, CaseBuilders.docQA(try ManPages.load(), count: sizes.docQuestions, seed: settings.seed)))
            }
        }
        let total = casesByTask.reduce(0) { $0 + $1.1.count }
        let counter = Counter()
        var tasks: [TaskResult] = []
        for (kind, cases) in casesByTask {
            let taskStart = Date()
            var result = try runTask(kind, cases: cases, settings: settings, tokenizer: tokenizer) {
                progress?(counter.increment(), total, kind.rawValue)
            }
            result.wallSeconds = Date().timeIntervalSince(taskStart)
            tasks.append(result)
        }
        return BenchReport(
            settings: settings, data: corpora.verified.sorted { $0.key < $1.key }.map { DataFile(file: $0.key, sha256: $0.value) },
            manifestSHA256: manifestHash,
            tasks: tasks, wallSeconds: Date().timeIntervalSince(started),
            toolchain: "\(tokenizer.name); \(ProcessInfo.processInfo.operatingSystemVersionString)")
    }

    /// Runs one task's cases on `settings.jobs` threads and aggregates.
    static func runTask(
        _ kind: BenchTaskKind, cases: [BenchCase], settings: Settings, tokenizer: Tokenizer, caseDone: @Sendable () -> Void
    ) throws -> TaskResult {
        let compressor = Compressor(tokenizer: tokenizer)
        let detector = ProtectedSpanDetector()
        let targets = settings.targets, methods = settings.methods
        let cells = targets.count * methods.count
        let collected = Collected(cases: cases.count, cells: cells)
        let next = Counter()
        let workers = min(settings.jobs, max(cases.count, 1))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let index = next.increment() - 1
                guard index < cases.count else { return }
                let prepared: PreparedCase
                do { prepared = try prepare(cases[index], tokenizer: tokenizer, detector: detector) } catch {
                    collected.fail("\(cases[index].id): \(error)")
                    caseDone()
                    continue
                }
                var rows: [CaseRow] = []
                rows.reserveCapacity(cells)
                for target in targets {
                    let budget = target.budget(for: prepared.document.tokens)
                    for method in methods {
                        let outcome = run(method, on: prepared, budget: budget, compressor: compressor, seed: settings.seed)
                        let metrics = score(kind, prepared, outcome, tokenizer: tokenizer)
                        rows.append(CaseRow(tokensBefore: prepared.document.tokens, budget: budget, outcome: outcome, metrics: metrics))
                        if method == .tersify, let folder = settings.failuresFolder, case .hit(false) = metrics.first {
                            saveFailure(prepared, outcome, target: target, task: kind, folder: folder)
                        }
                    }
                }
                collected.store(rows, at: index)
                caseDone()
            }
        }
        if let failure = collected.failures.first {
            throw BenchError.malformedRecord(file: kind.rawValue, line: 0, reason: "cannot build the prompt of \(failure)")
        }
        var results: [MethodResult] = []
        for (t, target) in targets.enumerated() {
            for (m, method) in methods.enumerated() {
                let rows = collected.rows.compactMap { $0?[t * methods.count + m] }
                results.append(aggregate(rows, kind: kind, method: method, target: target))
            }
        }
        // The headline metric per group, in the order groups first appear.
        var groups: [String] = []
        // The first grouping (gold position, length) before the second (depth).
        for level in 0..<(cases.map(\.groups.count).max() ?? 0) {
            for spec in cases where spec.groups.count > level && !groups.contains(spec.groups[level]) { groups.append(spec.groups[level]) }
        }
        var breakdown: [GroupResult] = []
        for group in groups {
            let members = cases.indices.filter { cases[$0].groups.contains(group) }
            for (t, target) in targets.enumerated() {
                for (m, method) in methods.enumerated() {
                    let rows = members.compactMap { collected.rows[$0]?[t * methods.count + m] }
                    if let estimate = aggregate(rows, kind: kind, method: method, target: target).metrics[kind.metrics[0].name] {
                        breakdown.append(GroupResult(group: group, method: method, target: target, estimate: estimate))
                    }
                }
            }
        }
        return TaskResult(task: kind, summary: kind.summary, cases: cases.count,
                          metrics: kind.metrics.map(\.name), results: results, breakdown: breakdown)
    }

    /// Writes the query, the prompt and Tersify's output of a lost case.
    static func saveFailure(_ prepared: PreparedCase, _ outcome: Outcome, target: BenchTarget, task: BenchTaskKind, folder: String) {
        let directory = (folder as NSString).appendingPathComponent(task.rawValue)
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let name = prepared.spec.id.replacingOccurrences(of: "/", with: "_")
        let base = (directory as NSString).appendingPathComponent(name)
        let query: String
        if case .prompt = prepared.spec.input { query = "(the prompt's own)" } else { query = prepared.spec.query ?? "(none)" }
        let header = "query: \(query)\ntarget: \(target), \(outcome.tokens) tokens\n\n"
        try? Data((header + String(decoding: outcome.bytes, as: UTF8.self)).utf8)
            .write(to: URL(fileURLWithPath: base + "@" + target.description.replacingOccurrences(of: " ", with: "") + ".txt"))
        try? Data(prepared.document.bytes).write(to: URL(fileURLWithPath: base + ".prompt.txt"))
    }

    static func aggregate(_ rows: [CaseRow], kind: BenchTaskKind, method: Method, target: BenchTarget) -> MethodResult {
        let before = rows.reduce(0) { $0 + $1.tokensBefore }
        let after = rows.reduce(0) { $0 + $1.outcome.tokens }
        let budget = rows.reduce(0) { $0 + $1.budget }
        var estimates: [String: Estimate] = [:]
        for (index, metric) in kind.metrics.enumerated() {
            let samples = rows.compactMap { $0.metrics[index] }
            switch metric {
            case .proportion:
                let hits = samples.filter { if case .hit(true) = $0 { true } else { false } }.count
                estimates[metric.name] = Statistics.wilson(successes: hits, trials: samples.count)
            case .mean:
                estimates[metric.name] = Statistics.mean(samples.compactMap { if case let .fraction(v) = $0 { v } else { nil } })
            }
        }
        let latencies = rows.map { Double($0.outcome.nanoseconds) / 1e6 }
        return MethodResult(
            method: method, target: target, cases: rows.count, tokensBefore: before, tokensAfter: after, budgetTokens: budget,
            askedRatio: budget > 0 ? Double(before) / Double(budget) : .infinity,
            achievedRatio: after > 0 ? Double(before) / Double(after) : .infinity,
            tokensSaved: before - after, overBudget: rows.filter(\.outcome.overBudget).count,
            overBudgetProtected: rows.filter { $0.outcome.overBudget && $0.outcome.protectedOverBudget }.count,
            failed: rows.filter(\.outcome.failed).count, nonExtractive: rows.filter { $0.outcome.kept == nil }.count,
            metrics: estimates, latencyP50Milliseconds: Statistics.percentile(latencies, 50),
            latencyP99Milliseconds: Statistics.percentile(latencies, 99))
    }
}

/// One (target, method) cell of one case.
struct CaseRow: Sendable {
    var tokensBefore: Int
    var budget: Int
    var outcome: Outcome
    var metrics: [MetricSample?]
}

/// A thread-safe counter.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    /// Adds one; returns the new value.
    func increment() -> Int {
        lock.lock(); defer { lock.unlock() }
        value += 1
        return value
    }
}

/// Rows of every case, filled by the worker threads.
final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var rows: [[CaseRow]?]
    private(set) var failures: [String] = []
    init(cases: Int, cells: Int) { rows = Array(repeating: nil, count: cases) }
    func store(_ caseRows: [CaseRow], at index: Int) {
        lock.lock(); defer { lock.unlock() }
        rows[index] = caseRows
    }
    func fail(_ message: String) {
        lock.lock(); defer { lock.unlock() }
        failures.append(message)
    }
}
