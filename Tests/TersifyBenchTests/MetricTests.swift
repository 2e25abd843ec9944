import Foundation
import Testing
@testable import TersifyBench

/// The metrics themselves: known inputs, known scores.
@Suite("Metrics")
struct MetricTests {
    @Test("Answer normalization as in lost-in-the-middle", arguments: [
        ("The  Eiffel-Tower, Paris!", "eiffeltower paris"),
        ("A cat and an apple", "cat and apple"),
        ("  Wilhelm\tConrad\nRöntgen ", "wilhelm conrad röntgen"),
        ("theory of THE anthem", "theory of anthem"),
        ("U.S.A.", "usa"),
        ("", ""),
    ])
    func normalization(input: String, expected: String) {
        #expect(AnswerMatch.normalize(input) == expected)
    }

    @Test("An answer is kept when its normalized form is a substring of the normalized text")
    func answerContained() {
        let text = "The first Nobel Prize in Physics was awarded in 1901 to Wilhelm Conrad Röntgen, of Germany."
        #expect(AnswerMatch.contains(text, anyOf: ["wilhelm conrad röntgen"]))
        #expect(AnswerMatch.contains(text, anyOf: ["Marie Curie", "1901"]))
        #expect(!AnswerMatch.contains(text, anyOf: ["Marie Curie"]))
        // Articles and punctuation do not matter; an empty answer never matches.
        #expect(AnswerMatch.contains("It was the U.S. Army.", anyOf: ["US army"]))
        #expect(!AnswerMatch.contains(text, anyOf: ["the", ""]))
    }

    @Test("Wilson interval against known values", arguments: [
        (0, 10, 0.0, 0.0, 0.277533),
        (5, 10, 0.5, 0.236593, 0.763407),
        (81, 263, 81.0 / 263, 0.255289, 0.366210),
        (10, 10, 1.0, 0.722467, 1.0),
        (1, 1, 1.0, 0.206549, 1.0),
    ])
    func wilson(successes: Int, trials: Int, value: Double, low: Double, high: Double) {
        let estimate = Statistics.wilson(successes: successes, trials: trials)
        #expect(abs(estimate.value - value) < 1e-9)
        #expect(abs(estimate.low - low) < 1e-6)
        #expect(abs(estimate.high - high) < 1e-6)
        #expect(estimate.n == trials && estimate.successes == successes)
    }

    @Test("Wilson interval of no trials is the whole range")
    func wilsonEmpty() {
        let estimate = Statistics.wilson(successes: 0, trials: 0)
        #expect(estimate.low == 0 && estimate.high == 1 && estimate.n == 0)
    }

    @Test("Mean with a normal interval, and percentiles")
    func meanAndPercentiles() {
        let estimate = Statistics.mean([0.2, 0.4, 0.6, 0.8])
        #expect(abs(estimate.value - 0.5) < 1e-12)
        // s = sqrt(0.2/3); half width = 1.96 * s / 2
        let half = Statistics.z95 * (0.2 / 3).squareRoot() / 2
        #expect(abs(estimate.low - (0.5 - half)) < 1e-12 && abs(estimate.high - (0.5 + half)) < 1e-12)
        let constant = Statistics.mean([1, 1, 1])
        #expect(constant.value == 1 && constant.low == 1 && constant.high == 1)
        let values = (1...100).map(Double.init)
        #expect(Statistics.percentile(values, 50) == 50)
        #expect(Statistics.percentile(values, 99) == 99)
        #expect(Statistics.percentile([7], 99) == 7)
        #expect(Statistics.percentile([], 50) == 0)
    }

    @Test("Prose metrics: numbers, named entities, content words, multiset recall")
    func prose() {
        let text = "In 1998 Paul Graham sold Viaweb to Yahoo for 49.6 million. Then he wrote essays about Lisp and startups."
        #expect(ProseMetrics.numbers(in: text) == ["1998", "49.6"])
        #expect(ProseMetrics.numbers(in: "1,000 people, 3. Then 2.") == ["1,000", "3", "2"])
        #expect(ProseMetrics.namedEntities(in: text) == ["Paul Graham", "Viaweb", "Yahoo", "Lisp"])
        #expect(ProseMetrics.contentWords(in: "The cats and the dogs ran to them") == ["cats", "dogs", "ran"])
        #expect(ProseMetrics.recall(["a", "a", "b"], in: ["a", "b", "c"]) == 2.0 / 3)
        #expect(ProseMetrics.recall(["a"], in: []) == 0)
        #expect(ProseMetrics.recall([], in: ["a"]) == nil)
    }

    @Test("Kept ranges are the complement of the drops")
    func complement() {
        #expect(QualityBench.complement(of: [2..<4, 3..<6, 8..<10], length: 10) == [0..<2, 6..<8])
        #expect(QualityBench.complement(of: [], length: 3) == [0..<3])
        #expect(QualityBench.complement(of: [0..<3], length: 3) == [])
    }

    @Test("Targets parse and give Compressor's budget")
    func targets() {
        #expect(BenchTarget(parsing: "4x") == .ratio(4))
        #expect(BenchTarget(parsing: "2.5") == .ratio(2.5))
        #expect(BenchTarget(parsing: "256 tok") == .tokens(256))
        #expect(BenchTarget(parsing: "0.5x") == nil)
        #expect(BenchTarget(parsing: "0t") == nil)
        #expect(BenchTarget.ratio(4).budget(for: 1003) == 250)
        #expect(BenchTarget.tokens(256).budget(for: 1003) == 256)
    }

    @Test("Verdicts compare point estimates and intervals")
    func verdicts() {
        let high = Statistics.wilson(successes: 90, trials: 100), low = Statistics.wilson(successes: 40, trials: 100)
        let near = Statistics.wilson(successes: 88, trials: 100)
        #expect(MarkdownReport.Verdict.of(high, low) == .above)
        #expect(MarkdownReport.Verdict.of(low, high) == .below)
        #expect(MarkdownReport.Verdict.of(high, near) == .aboveOverlapping)
        #expect(MarkdownReport.Verdict.of(near, high) == .belowOverlapping)
        #expect(MarkdownReport.Verdict.of(high, high) == .tie)
    }
}
