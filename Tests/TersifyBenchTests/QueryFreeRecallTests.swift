import Foundation
import PromptTokenizer
import TersifyTestSupport
import Testing
@testable import TersifyBench

/// The query-free ranking on the essays: figures and names survive at
/// least as often as under the best positional cut, and the content words
/// stay within the interval of the ranking by information alone.
@Suite("Query-free recall on the essays", .serialized)
struct QueryFreeRecallTests {
    @Test("essays at 4x: number and entity recall at least head+tail's, content-word recall at least 24.2 %")
    func essaysAtFourTimes() throws {
        guard let folder = TestPaths.dataDirectory, case let tokenizer = TestTokenizers.cl100k else {
            #expect(!TestPaths.strict, "corpora or vocabulary missing")
            return
        }
        var settings = QualityBench.Settings(
            dataFolder: folder.path, manifestPath: TestPaths.root.appendingPathComponent("corpora/eval/manifest.tsv").path,
            tasks: [.essays], targets: [.ratio(4)], methods: [.tersify, .headAndTail])
        settings.sizes.essays = 49
        let report = try QualityBench.run(settings, tokenizer: tokenizer)
        let task = try #require(report.tasks.first)
        #expect(task.cases == 49)
        let ours = try #require(task.result(.tersify, .ratio(4))), theirs = try #require(task.result(.headAndTail, .ratio(4)))
        #expect(ours.overBudget == 0)
        func value(_ result: MethodResult, _ metric: String) -> Double { result.metrics[metric]?.value ?? -1 }
        for metric in ["number recall", "entity recall"] {
            #expect(value(ours, metric) >= value(theirs, metric), "\(metric): \(value(ours, metric)) against \(value(theirs, metric))")
        }
        // The lower end of the 95 % interval of information alone (25.4 [24.2, 26.5] %).
        #expect(value(ours, "content-word recall") >= 0.242, "content-word recall \(value(ours, "content-word recall"))")
        print("essays 4x: tersify content \(value(ours, "content-word recall")), numbers \(value(ours, "number recall")), "
              + "entities \(value(ours, "entity recall")); head+tail numbers \(value(theirs, "number recall")), entities \(value(theirs, "entity recall"))")
    }
}
