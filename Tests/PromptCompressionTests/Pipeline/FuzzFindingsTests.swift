import Foundation
@testable import PromptCompression
import PromptTokenizer
import Testing

/// Inputs the fuzz targets found, replayed with the target's own checks
/// (`Fuzz/Targets/FuzzCompressor`): two control bytes, then the prompt.
@Suite("Fuzz findings")
struct FuzzFindingsTests {
    static let tokenizer = TestTokenizers.cl100k

    /// Compresses as FuzzCompressor does and returns the atomic spans the output cuts into.
    static func cutAtomicSpans(_ input: [UInt8]) throws -> [Range<Int>] {
        let budgetByte = input[0], flags = input[1]
        let bytes = Array(input[2...])
        var question: Range<Int>? = nil
        if flags & 0x10 != 0, let newline = bytes.lastIndex(of: UInt8(ascii: "\n")) { question = (newline + 1)..<bytes.count }
        let document = flags & 0x20 != 0
            ? try PromptDocument(text: bytes, tokenizer: tokenizer)
            : try PromptDocument(text: bytes, tokenizer: tokenizer, detector: ProtectedSpanDetector(), question: question)
        let budget = budgetByte >= 0xE4 ? Int(budgetByte - 0xE4) : document.tokens * Int(budgetByte % 100) / 100
        var compressor = Compressor(tokenizer: tokenizer)
        if flags & 0x04 != 0 { compressor.passes.append(StopwordPass()) }
        compressor.retrieval = flags & 0x08 == 0
        let query: String? = flags & 0x01 == 0 ? nil : question.map { String(decoding: bytes[$0], as: UTF8.self) } ?? "what is the answer"
        let result = try compressor.compress(document, options: CompressionOptions(target: .tokens(budget), query: query, bestEffort: flags & 0x02 != 0))
        #expect(result.tokensAfter <= budget || result.overBudget)
        var removed: [Range<Int>] = []
        for range in (result.drops.map(\.range) + document.markers).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = removed.last, range.lowerBound <= last.upperBound {
                removed[removed.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                removed.append(range)
            }
        }
        return document.atomic.filter { span in
            removed.contains { $0.overlaps(span) && !($0.lowerBound <= span.lowerBound && $0.upperBound >= span.upperBound) }
                && !(result.cutUnits > 0 && tokenizer.count(bytes: bytes[span]) > budget)
        }
    }

    @Test("the cut of the best unit never cuts an identifier that starts it and fits the budget")
    func stopwordsAndQuestion() throws {
        let input = Array(Data(base64Encoded: "ChREYXNMa1YAAAAAAABmAAAAAAAAAAAAAAAAAAB+AAAAAAAAAAAAAAAAAAAAAC4NCg0KV2hhdCBpcysrKysrKysrKysrKysrKysrKysrKysrKysrKysrKysrKysrKysgY2hhbm5lbCAxMiBhdCBodHRwczovL2V4YW1wbGUuY29tL3ZoZi4KClRoZSBtdXNlcGhyYXNlbv//////////////////////////////////////////////////////////////////////////////////////////////////////////////////////CgpUaGUgcGllcisrKysrKysrAAAAAAAAAAAAAAAAAAAAAC4NCg0KV2hhdCBpbG9uZyBvcysrKysrKysrKysr1CvfKysrKysrKysrKysrKysrKzpHAysrKysrKysrKysrKysgaXQ/")!)
        #expect(try Self.cutAtomicSpans(input) == [])
    }
}
