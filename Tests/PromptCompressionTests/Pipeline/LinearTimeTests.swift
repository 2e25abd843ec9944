import Foundation
@testable import PromptCompression
import PromptTokenizer
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Inputs that once took quadratic time finish within a bound far below it,
/// in CPU time of the compressing thread (debug builds included):
/// 100 KB of short lines to 1,000 tokens (184 s), 300 KB of a sentence a
/// line to 4,000 (63 s), 10 MB of line breaks to a ratio of 4 (3.9 s and
/// 386 MB in a release build). The bounds are several times what a debug
/// build takes on a loaded machine, and a fraction of the quadratic times.
@Suite("Linear time on line-shaped inputs", .serialized)
struct LinearTimeTests {
    static let tokenizer = TestTokenizers.cl100k

    /// CPU time of the calling thread, in seconds: neither other tests
    /// running beside this one nor the machine's load inflate it (the
    /// count's own thread is not in it; the quadratic steps were on this one).
    static func threadCPUTime() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    static func timed(_ body: () throws -> CompressionResult) rethrows -> (CompressionResult, Double) {
        let start = threadCPUTime()
        let result = try body()
        return (result, threadCPUTime() - start)
    }

    @Test("100 KB of short lines to 1,000 tokens; 300 KB of a sentence a line to 4,000")
    func lines() throws {
        let compressor = Compressor(tokenizer: Self.tokenizer)
        let short = String(repeating: "OK.\n", count: 25_000)
        let (first, shortTime) = try Self.timed { try compressor.compress(text: short, options: .init(target: .tokens(1000))) }
        #expect(first.tokensAfter <= 1000 && first.tokensAfter >= 900)
        #expect(shortTime < 15, "\(shortTime) s")
        var generator = SeededGenerator(seed: 4)
        let words = ["some", "sentence", "river", "stone", "market", "quiet", "engine", "north"]
        var text = ""
        while text.utf8.count < 300_000 {
            text += (0..<(4 + generator.below(6))).map { _ in generator.pick(words) }.joined(separator: " ").capitalized + ".\n"
        }
        let (second, lineTime) = try Self.timed { try compressor.compress(text: text, options: .init(target: .tokens(4000))) }
        #expect(second.tokensAfter <= 4000 && second.tokensAfter >= 3600)
        #expect(lineTime < 20, "\(lineTime) s")
    }

    @Test("10 MB of line breaks to a ratio of 4")
    func lineBreaks() throws {
        let compressor = Compressor(tokenizer: Self.tokenizer)
        let bytes = [UInt8](repeating: 0x0A, count: 10_000_000)
        let (result, time) = try Self.timed {
            try compressor.compress(PromptDocument(text: bytes, tokenizer: Self.tokenizer), options: .init(target: .ratio(4)))
        }
        #expect(result.tokensAfter <= result.budget)
        #expect(result.tokensBefore == Self.tokenizer.count(bytes: bytes))
        #expect(time < 60, "\(time) s")
        // Aligned-line flags only for lines with a run or a rule: none here.
        #expect(alignedLines(bytes).isEmpty)
        #expect(alignedLines(Array("a  b\nc  d\ne f\n|---|---|\ng  h\n".utf8)) == [0, 1, 4])
    }
}
