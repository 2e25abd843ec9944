import Foundation
import PromptTokenizer
import TersifyTestSupport
import Testing
@testable import TersifyBench

/// The quick suite on the real data: structure and sanity, not particular
/// quality numbers (the engine is changing).
@Suite("Quick suite on the real data", .serialized)
struct QuickSuiteTests {
    @Test("tersify bench --quick: every task, target and method; budgets kept; outputs written")
    func quickSuite() throws {
        guard let folder = TestPaths.dataDirectory, case let tokenizer = TestTokenizers.cl100k else {
            #expect(!TestPaths.strict, "corpora or vocabulary missing")
            return
        }
        var settings = QualityBench.Settings(
            dataFolder: folder.path, manifestPath: TestPaths.root.appendingPathComponent("corpora/eval/manifest.tsv").path,
            quick: true)
        // A debug build is slower: fewer targets keep the test short; the sizes stay the quick ones.
        settings.targets = [.ratio(4), .tokens(256)]
        let report = try QualityBench.run(settings, tokenizer: tokenizer)
        let wholePrompt: Set<BenchTaskKind> = [.plainQA, .instructedQA, .hotpotPlain]
        #expect(report.tasks.map(\.task) == BenchTaskKind.allCases)
        #expect(report.data.count == 53)  // 3 data sets, the needles, 49 essays, all verified
        for task in report.tasks {
            #expect(task.cases > 0)
            #expect(task.results.count == settings.targets.count * Method.allCases.count)
            for result in task.results {
                #expect(result.cases == task.cases, "\(task.task) \(result.method)")
                #expect(result.failed == 0, "\(task.task) \(result.method) \(result.target)")
                #expect(result.nonExtractive == 0, "\(task.task) \(result.method) \(result.target)")
                #expect(result.tokensAfter <= result.tokensBefore)
                // Tersify, retrieval alone and the baselines never exceed the
                // budget; on a whole prompt, Tersify only when what it
                // protects (the question, the instructions) is over it alone.
                if result.method.isBaseline || !wholePrompt.contains(task.task) {
                    if result.method == .tersify || result.method == .retrievalOnly || result.method.isBaseline {
                        #expect(result.overBudget == 0, "\(task.task) \(result.method) \(result.target)")
                        #expect(result.tokensAfter <= result.budgetTokens)
                    }
                } else if result.method == .tersify || result.method == .retrievalOnly {
                    #expect(result.overBudget == result.overBudgetProtected, "\(task.task) \(result.method) \(result.target)")
                }
                for metric in task.metrics {
                    guard let estimate = result.metrics[metric], estimate.n > 0 else { continue }
                    #expect(estimate.low <= estimate.value && estimate.value <= estimate.high)
                    #expect(estimate.low >= 0 && estimate.high <= 1)
                }
                #expect(result.latencyP50Milliseconds <= result.latencyP99Milliseconds)
            }
            // Sanity: at 4x a baseline that keeps the head cannot keep everything.
            if let head = task.result(.head, .ratio(4)) { #expect(head.achievedRatio >= 3.5) }
        }
        // The outputs are written and parse back.
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("tersify-bench-\(UUID().uuidString)").path
        let written = try report.write(to: out)
        #expect(written.count == 3 + report.tasks.count)
        let decoded = try BenchReport.decode(Data(contentsOf: URL(fileURLWithPath: out + "/results.json")))
        #expect(decoded.tasks.count == report.tasks.count)
        let svg = try String(contentsOfFile: out + "/nq-20.svg", encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("tersify") && svg.contains("<circle"))
        let markdown = MarkdownReport.render(report)
        #expect(markdown.contains("| task (headline metric, %) |") && markdown.contains(" vs ") && markdown.contains("seed 42"))
    }
}
