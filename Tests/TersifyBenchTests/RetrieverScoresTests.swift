import Foundation
import PromptCompression
import PromptTokenizer
import TersifyTestSupport
import Testing
@testable import TersifyBench

/// Serving code that has a retriever's or a reranker's scores passes them
/// with the passages; on HotpotQA at 4x, a scorer that knows the supporting
/// paragraphs must raise how often both are kept, and a scorer that says
/// nothing (all equal) must change nothing.
@Suite("Retriever scores on HotpotQA", .serialized)
struct RetrieverScoresTests {
    @Test("a scorer that knows the supporting paragraphs keeps both more often at 4x")
    func goldAwareScorer() throws {
        guard let folder = TestPaths.dataDirectory, case let tokenizer = TestTokenizers.cl100k else {
            #expect(!TestPaths.strict, "corpora or vocabulary missing")
            return
        }
        var corpora = Corpora(folder: folder.path, manifest: try DataManifest(
            contentsOf: TestPaths.root.appendingPathComponent("corpora/eval/manifest.tsv").path))
        let cases = CaseBuilders.hotpotQA(try corpora.hotpotQA(), count: 200, seed: 42)
        let compressor = Compressor(tokenizer: tokenizer)
        var plainKept = 0, scoredKept = 0, flatSame = 0
        var generator = SplitMix64(seed: 7)
        for spec in cases {
            guard case let .passages(passages, separator) = spec.input, case let .passages(_, gold) = spec.probe else {
                Issue.record("not a passages case")
                continue
            }
            let options = CompressionOptions(target: .ratio(4), query: spec.query)
            func bothKept(_ document: PromptDocument) throws -> (Bool, String) {
                let output = try compressor.compress(document, options: options).text
                let folded = AnswerMatch.foldWhitespace(output)
                return (gold.allSatisfy { folded.contains(AnswerMatch.foldWhitespace(passages[$0])) }, output)
            }
            let (plain, plainOutput) = try bothKept(PromptDocument(passages: passages, separator: separator, tokenizer: tokenizer))
            // The gold paragraphs score 0.8 to 0.9, the others 0.1 to 0.6:
            // a good reranker, not a perfect one (its scores are not the answer).
            func uniform() -> Double { Double(generator.below(1_000_001)) / 1_000_000 }
            let scores = passages.indices.map { gold.contains($0) ? 0.8 + 0.1 * uniform() : 0.1 + 0.5 * uniform() }
            let (scored, _) = try bothKept(PromptDocument(passages: passages, scores: scores, separator: separator, tokenizer: tokenizer))
            let flat = [Double](repeating: 0.3, count: passages.count)
            let (_, flatOutput) = try bothKept(PromptDocument(passages: passages, scores: flat, separator: separator, tokenizer: tokenizer))
            if plain { plainKept += 1 }
            if scored { scoredKept += 1 }
            if flatOutput == plainOutput { flatSame += 1 }
        }
        let n = Double(cases.count)
        let (before, after) = (Double(plainKept) / n, Double(scoredKept) / n)
        // Measured: 81.5 % without scores, 91.5 % with them.
        #expect(after >= before + 0.08, "both supporting kept: \(before) without scores, \(after) with")
        #expect(after >= 0.9, "both supporting kept with scores: \(after)")
        #expect(flatSame == cases.count, "equal scores changed \(cases.count - flatSame) outputs")
    }
}
