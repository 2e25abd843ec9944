import ArgumentParser
import Foundation
import PromptCompression
import PromptTokenizer

/// `tersify-benchmarks compression`: time to compress a long context to a
/// budget, against the time to merely tokenize it.
struct CompressionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compression",
        abstract: "Compress the essays of the shared corpora (about 100,000 tokens) with a question; compare with tokenizing them."
    )

    @Option(help: "The evaluation data folder.")
    var data: String = ProcessInfo.processInfo.environment["TERSIFY_DATA"] ?? "../shared/corpora"

    @Option(help: "Token budget.")
    var budget: Int = 4000

    @Option(help: "Timed runs after a warm-up.")
    var runs: Int = 5

    func run() throws {
        let tokenizer = try Tokenizer.named("cl100k_base")
        let folder = URL(fileURLWithPath: data).appendingPathComponent("haystack/PaulGrahamEssays")
        var bytes: [UInt8] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
            bytes += Array(try Data(contentsOf: folder.appendingPathComponent(name)))
        }
        let compressor = Compressor(tokenizer: tokenizer)
        let options = CompressionOptions(target: .tokens(budget), query: "What is the best way to find startup ideas?")
        let tokens = tokenizer.count(bytes: bytes)
        let tokenize = measure(runs: runs) { tokenizer.encodeOrdinary(bytes: bytes).count }
        var result: CompressionResult? = nil
        let compress = measure(runs: runs) {
            result = try? compressor.compress(PromptDocument(text: bytes, tokenizer: tokenizer), options: options)
            return result?.tokensAfter ?? -1
        }
        guard let result else { throw BenchmarkError("compression failed") }
        print("| case | ms | ratio to tokenizing |")
        print("|---|---:|---:|")
        print("| tokenize \(tokens) tokens | \(fixed(tokenize.median * 1000, 2)) | 1.00x |")
        print("| compress \(tokens) → \(result.tokensAfter) tokens (budget \(budget)), with a question | \(fixed(compress.median * 1000, 2)) | \(fixed(compress.median / tokenize.median, 2))x |")
    }
}
