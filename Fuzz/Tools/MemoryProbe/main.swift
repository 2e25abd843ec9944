import Foundation
import PromptCompression
import PromptTokenizer

// Peak memory of one compression, for the bounded-memory check:
//
//   tersify-memory-probe FILE [FRACTION]
//
// Loads cl100k_base, reads FILE, compresses it to FRACTION (default 0.25) of
// its tokens with protection on and prints the peak resident set size
// (getrusage ru_maxrss) after loading the vocabulary and after compressing,
// with the input size and the ratio of the growth to the input. Build in
// release (scripts/measure-memory.sh); one process per measurement, since
// the peak never goes down.
//
// The baseline ("after vocabulary") is taken after compressing a short text
// once, as `tersify-benchmarks memory` does: the tokenizer builds its lookup
// tables and ICU maps its break rules and dictionaries on first use, about
// 51 MB in all (a 20 KB input measured 2,565x "the input" against a
// baseline taken after counting two words). The file is read straight into
// the array the compressor gets: `Array(Data(contentsOf:))` held it twice.

func peakRSS() -> Int {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return usage.ru_maxrss * 1024
}

/// The bytes of a file, read into one array.
func readFile(_ path: String) throws -> [UInt8] {
    let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    let size = Int(try handle.seekToEnd())
    try handle.seek(toOffset: 0)
    let descriptor = handle.fileDescriptor
    return try [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
        count = 0
        while count < size {
            let n = read(descriptor, buffer.baseAddress! + count, size - count)
            guard n > 0 else { throw CocoaError(.fileReadUnknown) }
            count += n
        }
    }
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
    let afterLoading = peakRSS()
    _ = try compressor.compress(
        text: "Warm up. ICU loads its rules and dictionaries: 日本語の文。 Once.", options: .init(target: .tokens(5), query: "ICU"))
    // A long piece makes the tokenizer build its trie for long pieces.
    _ = try compressor.compress(text: "Warm up without a question. Twice over here. " + String(repeating: "abcdefghij", count: 40),
                                options: .init(target: .tokens(5)))
    let afterVocabulary = peakRSS()
    let bytes = try readFile(arguments[1])
    let clock = ContinuousClock.now
    let document = try PromptDocument(text: bytes, tokenizer: tokenizer, detector: ProtectedSpanDetector())
    let budget = Int(Double(document.tokens) * fraction)
    let result = try compressor.compress(document, options: .init(target: .tokens(budget), bestEffort: true))
    let elapsed = ContinuousClock.now - clock
    let end = peakRSS()
    print("input \(megabytes(bytes.count)), \(document.tokens) tokens -> \(result.tokensAfter) (budget \(budget)) in \(elapsed)")
    print("peak RSS: start \(megabytes(start)), after vocabulary \(megabytes(afterVocabulary)), after compressing \(megabytes(end))")
    print(String(format: "peak - vocabulary = %.2f x input", Double(end - afterVocabulary) / Double(max(1, bytes.count))))
    // The figure before the warm-up was added, for comparison with earlier runs.
    print(String(format: "peak - loaded vocabulary (no warm-up) = %.2f x input", Double(end - afterLoading) / Double(max(1, bytes.count))))
} catch {
    FileHandle.standardError.write(Data("tersify-memory-probe: \(error)\n".utf8))
    exit(1)
}
