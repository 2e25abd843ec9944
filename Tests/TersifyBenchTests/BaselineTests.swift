import Foundation
import PromptCompression
import PromptTokenizer
import TersifyTestSupport
import Testing
@testable import TersifyBench

/// Baselines cut at token or sentence boundaries and never exceed the budget.
@Suite("Baselines")
struct BaselineTests {
    static let tokenizer: Tokenizer? = TestTokenizers.cl100k

    static func sampleText(seed: UInt64) -> String {
        var generator = SeededGenerator(seed: seed)
        let words = ["the", "cat", "sat", "on", "a", "mat", "1998", "Zürich", "naïve", "  ", "🙂", "don't", "U.S.", "x=1;", "\n"]
        var sentences: [String] = []
        for _ in 0..<(20 + generator.below(40)) {
            let count = 3 + generator.below(15)
            sentences.append((0..<count).map { _ in generator.pick(words) }.joined(separator: " ") + ".")
        }
        return sentences.joined(separator: generator.below(2) == 0 ? " " : "\n\n")
    }

    @Test("head, tail, head+tail and random sentences never exceed the budget", arguments: 0..<12)
    func neverAboveBudget(seed: Int) throws {
        guard let tokenizer = Self.tokenizer else {
            #expect(!TestPaths.strict, "vocabulary missing")
            return
        }
        let text = Self.sampleText(seed: UInt64(seed))
        let bytes = Array(text.utf8)
        let document = try PromptDocument(text: bytes, tokenizer: tokenizer)
        let total = tokenizer.count(bytes: bytes)
        for budget in [0, 1, 2, 3, 7, 16, total / 8, total / 4, total / 2, total - 1, total, total + 5] where budget >= 0 {
            let cuts: [(String, [Range<Int>])] = [
                ("head", Baselines.head(bytes, budget: budget, tokenizer: tokenizer)),
                ("tail", Baselines.tail(bytes, budget: budget, tokenizer: tokenizer)),
                ("head+tail", Baselines.headAndTail(bytes, budget: budget, tokenizer: tokenizer)),
                ("random", Baselines.randomSentences(document, budget: budget, tokenizer: tokenizer, seed: UInt64(seed))),
            ]
            for (name, ranges) in cuts {
                let output = ranges.flatMap { bytes[$0] }
                #expect(tokenizer.count(bytes: output) <= budget, "\(name) at \(budget) of \(total)")
                // In order, not overlapping, inside the input.
                #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound <= $1.lowerBound }, "\(name)")
                #expect(ranges.allSatisfy { $0.lowerBound >= 0 && $0.upperBound <= bytes.count })
            }
            // The head is a prefix, the tail a suffix, and they use the budget
            // (within a token of it, where the re-encoding merges at the cut).
            let head = Baselines.head(bytes, budget: budget, tokenizer: tokenizer)
            #expect(head.first?.lowerBound ?? 0 == 0)
            if budget >= total { #expect(head == [0..<bytes.count]) }
            let tail = Baselines.tail(bytes, budget: budget, tokenizer: tokenizer)
            #expect(tail.last?.upperBound ?? bytes.count == bytes.count)
            if budget > 2 && budget < total {
                #expect(tokenizer.count(bytes: head.flatMap { bytes[$0] }) >= budget - 2)
                #expect(tokenizer.count(bytes: tail.flatMap { bytes[$0] }) >= budget - 2)
            }
        }
    }

    @Test("Random sentences: whole sentences, the same for the same seed")
    func randomIsSeeded() throws {
        guard let tokenizer = Self.tokenizer else {
            #expect(!TestPaths.strict, "vocabulary missing")
            return
        }
        let document = try PromptDocument(text: Array(Self.sampleText(seed: 99).utf8), tokenizer: tokenizer)
        let a = Baselines.randomSentences(document, budget: document.tokens / 3, tokenizer: tokenizer, seed: 7)
        let b = Baselines.randomSentences(document, budget: document.tokens / 3, tokenizer: tokenizer, seed: 7)
        let c = Baselines.randomSentences(document, budget: document.tokens / 3, tokenizer: tokenizer, seed: 8)
        #expect(a == b)
        #expect(a != c)
        let sentences = Set(document.sentences.map(\.range))
        #expect(a.allSatisfy { sentences.contains($0) })
    }

    @Test("SplitMix64 gives its reference sequence")
    func splitMix() {
        var generator = SplitMix64(seed: 0)
        // The published SplitMix64 outputs for seed 0.
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
    }
}
