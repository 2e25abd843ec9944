import Foundation
import PromptCompression
import PromptTokenizer
import TersifyTestSupport
import Testing

/// Compression counted with a tokenizer whose pattern no scanner knows
/// (run by ICU): the counts that add the parts of a text up, valid for
/// the scanners' patterns only, must give way to whole counts.
@Suite("Compression with a split by ICU")
struct RegexSplitCompressionTests {
    /// cl100k_base's tokens with pieces of seven characters: they cross the
    /// places where the scanners' pieces always end (after a letter before
    /// a space, after a line break), so a part's count depends on where it starts.
    static let tokenizer = try! TestTokenizers.cl100k._splittingWithICU([SplitStep(#"(?s).{1,7}"#)])

    static func input(bytes: Int) -> [UInt8] {
        var rng = SeededGenerator(seed: 0x5EED_1C00_2026)
        let words = ["harbor", "museum", "ticket", "pier", "ferry", "opens", "closes", "north", "river", "market", "the", "at"]
        var text = ""
        while text.utf8.count < bytes {
            let sentence = (0..<(4 + rng.below(12))).map { _ in rng.pick(words) }.joined(separator: " ")
            text += sentence.prefix(1).uppercased() + sentence.dropFirst() + (rng.below(5) == 0 ? ".\n\n" : ". ")
        }
        return Array(text.utf8) + Array("\n\nQuestion: When does the museum open?".utf8)
    }

    @Test("the counts are the output's exact counts, within the budget", arguments: [20_000, 300_000])
    func exactCounts(_ size: Int) throws {
        let input = Self.input(bytes: size)
        let compressor = Compressor(tokenizer: Self.tokenizer)
        let before = Self.tokenizer.count(bytes: input)
        #expect(before != TestTokenizers.cl100k.count(bytes: input), "the pattern must change the counts")
        let budget = before / 4
        let result = try compressor.compress(prompt: input, options: PromptOptions(target: .tokens(budget))).result
        #expect(result.tokensBefore == before)
        #expect(result.tokensAfter == Self.tokenizer.count(bytes: result.bytes))
        #expect(result.tokensAfter <= budget && result.tokensAfter > budget / 2)
    }
}
