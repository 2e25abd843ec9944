import Foundation

/// The Markdown tables of a report: the settings, a headline comparison of
/// Tersify with the best baseline, then one table per task.
public enum MarkdownReport {
    static func percent(_ value: Double) -> String { String(format: "%.1f", value * 100) }

    static func estimate(_ estimate: Estimate?) -> String {
        guard let estimate, estimate.n > 0 else { return "–" }
        return "\(percent(estimate.value)) [\(percent(estimate.low)), \(percent(estimate.high))]"
    }

    static func ratio(_ value: Double) -> String { value.isFinite ? String(format: "%.2fx", value) : "∞" }

    /// How Tersify's headline metric compares with the best baseline's.
    public enum Verdict: String, Sendable, Codable {
        /// Higher, and the 95 % intervals do not overlap.
        case above = "above"
        /// Higher, but the intervals overlap.
        case aboveOverlapping = "above (CIs overlap)"
        case tie = "tie"
        /// Lower, and the intervals overlap.
        case belowOverlapping = "below (CIs overlap)"
        case below = "below"

        /// The verdict as one mark, for the compact headline table.
        public var mark: String {
            switch self {
            case .above: "▲"
            case .aboveOverlapping: "△"
            case .tie: "="
            case .belowOverlapping: "▽"
            case .below: "▼"
            }
        }

        public static func of(_ tersify: Estimate, _ baseline: Estimate) -> Verdict {
            if abs(tersify.value - baseline.value) < 1e-9 { return .tie }
            if tersify.value > baseline.value { return tersify.low > baseline.high ? .above : .aboveOverlapping }
            return tersify.high < baseline.low ? .below : .belowOverlapping
        }
    }

    /// For each task and target: Tersify's headline metric, the best
    /// baseline's at the same budget, and the verdict.
    public static func headline(_ report: BenchReport) -> String {
        let targets = report.settings.targets
        var lines = [
            "| task (headline metric, %) | " + targets.map { "\($0)" }.joined(separator: " | ") + " |",
            "|---|" + String(repeating: "---:|", count: targets.count),
        ]
        for task in report.tasks {
            let metric = task.metrics[0]
            var cells: [String] = []
            for target in targets {
                guard let tersify = task.result(.tersify, target), let ours = tersify.metrics[metric], ours.n > 0 else {
                    cells.append("–")
                    continue
                }
                let baselines = Method.allCases.filter(\.isBaseline).compactMap { task.result($0, target) }
                guard let best = baselines.max(by: { ($0.metrics[metric]?.value ?? -1) < ($1.metrics[metric]?.value ?? -1) }),
                      let theirs = best.metrics[metric] else {
                    cells.append(percent(ours.value))
                    continue
                }
                cells.append("\(percent(ours.value)) vs \(percent(theirs.value)) \(Verdict.of(ours, theirs).mark)")
            }
            lines.append("| \(task.task.rawValue) (\(metric)) | " + cells.joined(separator: " | ") + " |")
        }
        lines.append("")
        lines.append("Each cell: Tersify vs the best baseline given the same budget (head, tail, head+tail, random sentences); "
                     + "▲ above with disjoint 95 % intervals, △ above within them, = tie, ▽ below within them, ▼ below.")
        return lines.joined(separator: "\n")
    }

    /// One table per task: every method at every target.
    public static func details(_ report: BenchReport) -> String {
        var out: [String] = []
        for task in report.tasks {
            out.append("### \(task.task.rawValue): \(task.summary) (\(task.cases) cases, \(String(format: "%.1f", task.wallSeconds)) s)\n")
            let metricHeads = task.metrics.map { "\($0) % [95 % CI]" }
            out.append("| target | method | asked | achieved | " + metricHeads.joined(separator: " | ")
                       + " | tokens saved | over budget | p50 ms | p99 ms |")
            out.append("|---|---|---:|---:|" + String(repeating: "---:|", count: task.metrics.count) + "---:|---:|---:|---:|")
            for target in report.settings.targets {
                for method in report.settings.methods {
                    guard let result = task.result(method, target) else { continue }
                    let metrics = task.metrics.map { estimate(result.metrics[$0]) }
                    var flags = "\(result.overBudget)"
                    if let protected = result.overBudgetProtected, protected > 0 { flags += " (\(protected) protected alone)" }
                    if result.failed > 0 { flags += ", \(result.failed) failed" }
                    if result.nonExtractive > 0 { flags += ", \(result.nonExtractive) not extractive" }
                    out.append("| \(target) | \(method.name) | \(ratio(result.askedRatio)) | \(ratio(result.achievedRatio)) | "
                               + metrics.joined(separator: " | ")
                               + " | \(result.tokensSaved) | \(flags) | \(String(format: "%.2f", result.latencyP50Milliseconds)) | \(String(format: "%.2f", result.latencyP99Milliseconds)) |")
                }
            }
            out.append("")
            if !task.breakdown.isEmpty {
                out.append(breakdown(task, targets: report.settings.targets))
                out.append("")
            }
        }
        return out.joined(separator: "\n")
    }

    /// Tersify's headline metric per group (rows) and target (columns),
    /// with the best baseline's after a slash.
    static func breakdown(_ task: TaskResult, targets: [BenchTarget]) -> String {
        var groups: [String] = []
        for result in task.breakdown where !groups.contains(result.group) { groups.append(result.group) }
        var lines = ["\(task.task.rawValue), \(task.metrics[0]) by group: tersify % / best baseline %\n",
                     "| group | " + targets.map(\.description).joined(separator: " | ") + " |",
                     "|---|" + String(repeating: "---:|", count: targets.count)]
        for group in groups {
            let cells = targets.map { target -> String in
                let rows = task.breakdown.filter { $0.group == group && $0.target == target }
                guard let ours = rows.first(where: { $0.method == .tersify }) else { return "–" }
                let best = rows.filter(\.method.isBaseline).map(\.estimate.value).max()
                return percent(ours.estimate.value) + (best.map { " / " + percent($0) } ?? "")
            }
            lines.append("| \(group) | " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    /// A path as the report prints it: a relative path as given, an
    /// absolute one relative to the current folder (`../shared/corpora`), so
    /// that the committed reports name no folder of one machine.
    static func displayPath(_ path: String) -> String {
        guard path.hasPrefix("/") else { return path }
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.pathComponents
        let there = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        var common = 0
        while common < min(here.count, there.count) && here[common] == there[common] { common += 1 }
        let parts = Array(repeating: "..", count: here.count - common) + there[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// The exact settings and data of the run.
    public static func settings(_ report: BenchReport) -> String {
        let s = report.settings
        let sizes = s.sizes
        return """
            Settings: \(s.quick ? "--quick" : "full run"), seed \(s.seed), \(s.jobs) thread(s), data \(displayPath(s.dataFolder)), \
            manifest \(displayPath(s.manifestPath)) (SHA-256 \(report.manifestSHA256.prefix(16))…); tokenizer \(report.toolchain).
            Targets: \(s.targets.map(\.description).joined(separator: ", ")). Methods: \(s.methods.map(\.name).joined(separator: ", ")).
            Samples: NQ \(sizes.nqQuestions) questions per task, HotpotQA \(sizes.hotpotQuestions), key-value \(sizes.kvRecords), \
            needle \(sizes.needleLengths.count) lengths (\(sizes.needleLengths.map(String.init).joined(separator: ", ")) tokens) × \
            \(sizes.needleDepths.count) depths (\(sizes.needleDepths.map { "\($0) %" }.joined(separator: ", "))), essays \(sizes.essays), \
            whole-prompt NQ \(sizes.promptQuestions) questions per task, whole-prompt HotpotQA \(sizes.hotpotPlainQuestions), \
            code \(sizes.codeQuestions) questions (Python standard library of Debian 12, \(PythonSources.manifest.count) files, SHA-256 checked), \
            documentation \(sizes.docQuestions) questions (man pages of Debian 12, \(ManPages.manifest.count) pages rendered by man, SHA-256 checked).
            Data verified (SHA-256): \(report.data.count) files. Wall time \(String(format: "%.1f", report.wallSeconds)) s.
            """
    }

    /// The whole report.
    public static func render(_ report: BenchReport) -> String {
        """
        ## Tersify quality benchmark

        \(settings(report))

        Proportions: 95 % Wilson intervals; means of per-case fractions: 95 % normal intervals. \
        Baselines get exactly Tersify's budget. "achieved" is input tokens over output tokens, pooled.

        ### Headline: Tersify against the best baseline at the same budget

        \(headline(report))

        \(details(report))
        """
    }
}
