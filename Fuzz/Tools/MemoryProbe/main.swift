import Foundation
import PromptCompression
import PromptTokenizer

// Peak memory of one compression, for the bounded-memory check of issue 6:
//
//   tersify-memory-probe FILE [FRACTION]
//
// Loads cl100k_base, reads FILE, compresses it to FRACTION (default 0.25) of
// its tokens with protection on and prints the peak resident set size
// (getrusage ru_maxrss) after loading the vocabulary and after compressing,
// with the input size and the ratio of the growth to the input. Build in
// release (scripts/measure-memory.sh); one process per measurement, since
// the peak never goes down.

func peakRSS() -> Int {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return usage.ru_maxrss * 1024
}

func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_000_000) }

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: tersify-memory-probe FILE [FRACTION]\n".utf8))
    exit(2)
}
let fraction = arguments.count > 2 ? Double(arguments[2]) ?? 0.25 : 0.25
do {
    let start = peakRSS()
    let tokenizer = try Tokenizer.named("cl100k_base")
    let compressor = Compressor(tokenizer: tokenizer)
    _ = tokenizer.count("warm up")
    let afterVocabulary = peakRSS()
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: arguments[1])))
    let clock = ContinuousClock.now
    let document = try PromptDocument(text: bytes, tokenizer: tokenizer, detector: ProtectedSpanDetector())
    let budget = Int(Double(document.tokens) * fraction)
    let result = try compressor.compress(document, options: .init(target: .tokens(budget), bestEffort: true))
    let elapsed = ContinuousClock.now - clock
    let end = peakRSS()
    print("input \(megabytes(bytes.count)), \(document.tokens) tokens -> \(result.tokensAfter) (budget \(budget)) in \(elapsed)")
    print("peak RSS: start \(megabytes(start)), after vocabulary \(megabytes(afterVocabulary)), after compressing \(megabytes(end))")
    print(String(format: "peak - vocabulary = %.2f x input", Double(end - afterVocabulary) / Double(max(1, bytes.count))))
} catch {
    FileHandle.standardError.write(Data("tersify-memory-probe: \(error)\n".utf8))
    exit(1)
}
