import Foundation
@testable import PromptCompression
import PromptTokenizer
import Testing

/// The budget is reached, not overshot: where the input has enough units
/// small enough to fill it, the output uses at least 90 % of the budget, to
/// a token budget and to a ratio alike; the achieved ratio is reported.
@Suite("Budget and ratio reached, not overshot", .serialized)
struct BudgetFillTests {
    static let tokenizer = TestTokenizers.cl100k
    static let compressor = Compressor(tokenizer: tokenizer)

    /// Seeded inputs of the scaling benchmark's shapes (`ScalingShape`), of
    /// about `bytes` bytes: short lines, a sentence a line, one line without
    /// spaces, tiny paragraphs, prose paragraphs, and near-duplicate
    /// paragraphs (one word of a few long sentences changed).
    static func shapes(bytes: Int, seed: UInt64) -> [(String, [UInt8])] {
        var generator = SeededGenerator(seed: seed)
        let lexicon = ["the", "of", "and", "river", "stone", "cloud", "light", "paper", "glass", "metal", "strandplou",
                       "tounmil", "was", "with", "chaisteaween", "lotlilsan", "gouboust", "in", "night", "that"]
        func sentence(_ words: ClosedRange<Int>) -> String {
            let n = words.lowerBound + generator.below(words.count)
            return (0..<n).map { _ in generator.pick(lexicon) }.joined(separator: " ").capitalized(first: true) + "."
        }
        func build(_ next: () -> String) -> [UInt8] {
            var text = ""
            while text.utf8.count < bytes { text += next() }
            return Array(text.utf8)
        }
        let bases = (0..<4).map { _ in (0..<40).map { _ in generator.pick(lexicon) } }
        return [
            ("short lines", build { "OK.\n" }),
            ("a sentence a line", build { sentence(6...16) + "\n" }),
            ("one line", build { generator.pick(lexicon) }),
            ("tiny paragraphs", build { sentence(3...6) + "\n\n" }),
            ("prose", build { (0..<(3 + generator.below(6))).map { _ in sentence(6...20) }.joined(separator: " ") + "\n\n" }),
            ("near-duplicates", build {
                var words = generator.pick(bases)
                words[generator.below(words.count)] = generator.pick(lexicon)
                return words.joined(separator: " ").capitalized(first: true) + ".\n\n"
            }),
        ]
    }

    /// Whether the output fills the budget where the units allow: at least
    /// 90 % of it, unless the lossless passes alone already fit (nothing is
    /// left to choose), or the best unit left out is larger than the room.
    static func check(_ name: String, _ input: [UInt8], _ target: CompressionOptions.Target) throws {
        let result = try compressor.compress(prompt: input, options: PromptOptions(target: target, detectQuestion: false)).result
        #expect(result.tokensAfter <= result.budget, "\(name): over the budget")
        let lossless = try compressor.compressLosslessly(PromptDocument(text: input, tokenizer: tokenizer))
        guard lossless.tokensAfter > result.budget else { return }
        let room = result.budget - result.tokensAfter
        // The smallest unit retrieval left out, counted alone.
        let smallest = result.drops.filter { $0.reason.pass == "retrieve" }.map { drop in
            let sentences = (try? PromptDocument(text: Array(input[drop.range]), tokenizer: tokenizer).sentences) ?? []
            return sentences.map(\.tokens).min() ?? .max
        }.min() ?? .max
        #expect(10 * result.tokensAfter >= 9 * result.budget || smallest > room,
                "\(name) \(target): \(result.tokensAfter) of \(result.budget) tokens, a unit of \(smallest) left out")
        // The achieved ratio is the counts' quotient (what --format json and --stats report).
        #expect(result.tokensBefore == tokenizer.count(bytes: input))
    }

    @Test("scaling shapes from 20 to 50 KB, to budgets and ratios", arguments: [20_000, 50_000])
    func shapesFill(bytes: Int) throws {
        for (name, input) in Self.shapes(bytes: bytes, seed: UInt64(bytes)) {
            for target in [CompressionOptions.Target.tokens(1000), .tokens(4000), .ratio(1.5), .ratio(2), .ratio(4), .ratio(10)] {
                try Self.check("\(name), \(bytes) bytes", input, target)
            }
        }
    }

    @Test("prose of 100 KB through the coarse stage, and the sample prompt")
    func twoStageAndPrompt() throws {
        let prose = Self.shapes(bytes: 100_000, seed: 3).first { $0.0 == "prose" }!.1
        for target in [CompressionOptions.Target.tokens(1000), .tokens(4000), .ratio(10)] {
            try Self.check("prose, 100 KB", prose, target)
        }
        let sample = try Data(contentsOf: TestPaths.root.appendingPathComponent("corpora/samples/rag-prompt.txt"))
        for target in [CompressionOptions.Target.tokens(200), .tokens(400), .ratio(1.5), .ratio(2), .ratio(4), .ratio(8)] {
            try Self.check("rag-prompt.txt", Array(sample), target)
        }
    }

    @Test("near-duplicate removal gives back what it dropped past the budget", arguments: [1.5, 2.0, 4.0])
    func nearDuplicatesFill(ratio: Double) throws {
        let input = Self.shapes(bytes: 40_000, seed: 8).first { $0.0 == "near-duplicates" }!.1
        let result = try Self.compressor.compress(prompt: input, options: PromptOptions(target: .ratio(ratio), detectQuestion: false)).result
        #expect(result.passes.contains { $0.pass == "near-dedup" && $0.drops > 0 })
        // Dropping every near-duplicate found reached 3.1x where 1.5x was
        // asked; the pass's latest drops come back while they fit.
        #expect(result.tokensAfter <= result.budget)
        #expect(10 * result.tokensAfter >= 9 * result.budget, "\(result.tokensAfter) of \(result.budget) tokens")
        // The report adds up: what each pass saved is what left.
        #expect(result.tokensBefore - result.passes.reduce(0) { $0 + $1.tokensSaved } == result.tokensAfter)
    }
}

private extension String {
    func capitalized(first: Bool) -> String { prefix(1).uppercased() + dropFirst() }
}
