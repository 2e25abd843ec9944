import ArgumentParser
import Foundation
import PromptTokenizer

/// `tersify-benchmarks tokenizer`: speed of the tokenizer against tiktoken;
/// `compression`, `memory`, `scaling`, `prompts` and `startup` (one file each).
struct Benchmarks: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tersify-benchmarks",
        abstract: "Tersify's speed benchmarks (build with -c release).",
        subcommands: [TokenizerCommand.self, CompressionCommand.self, MemoryCommand.self, MemoryCaseCommand.self,
                      ScalingCommand.self, ScalingCaseCommand.self, ScalingGenerateCommand.self, PromptsCommand.self,
                      StartupCommand.self, StartupCaseCommand.self],
        defaultSubcommand: TokenizerCommand.self
    )
}

struct TokenizerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenizer",
        abstract: "Encode, count and decode MB/s on English prose, code and multilingual text, with tiktoken (or Hugging Face tokenizers) in the same run."
    )

    @Option(help: "Folder with english.txt, code.txt, multilingual.txt (corpora/bench/build.sh).")
    var corpus: String = Tokenizer.defaultCacheDirectory + "/bench"

    @Option(help: "Timed runs per case (after one warm-up run); the median is reported.")
    var runs: Int = 5

    @Flag(help: "Skip the reference (tiktoken, or Hugging Face tokenizers for a tokenizer.json).")
    var noReference = false

    @Option(help: "Corpora to run, comma-separated (english,code,multilingual); the sweeps and worst cases run only with all three.")
    var kinds: String = "english,code,multilingual"

    @Option(help: "The encoding: cl100k_base, o200k_base, llama3, qwen2.5, qwen3 or deepseek-v3.")
    var tokenizer: String = "cl100k_base"

    func run() throws {
        if !isOptimized {
            FileHandle.standardError.write(Data("warning: debug build; use swift run -c release\n".utf8))
        }
        let encoding = try Tokenizer.named(tokenizer)
        let json = Tokenizer.defaultCacheDirectory + "/\(tokenizer).tokenizer.json"
        let isJSON = FileManager.default.fileExists(atPath: json)
        let bench = TokenizerBenchmarks(
            tokenizer: encoding, corpusFolder: corpus, runs: runs,
            withReference: !noReference,
            vocabularyPath: isJSON ? json : Tokenizer.defaultCacheDirectory + "/\(tokenizer).tiktoken",
            kinds: kinds.split(separator: ",").map(String.init))
        let rows = try bench.run()
        let reference = isJSON ? "tokenizers" : "tiktoken"
        print("| case | MB | tokens | MB/s | M tokens/s | \(reference) MB/s | ratio |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for row in rows {
            let referenceMBps = row.referenceMBps.map { fixed($0, 2) } ?? "–"
            let ratio = row.ratio.map { fixed($0, 2) + "x" } ?? "–"
            print("| \(row.name) | \(fixed(Double(row.bytes) / 1e6, 2)) | \(row.tokens) | \(fixed(row.mbps, 1)) | \(fixed(row.tokensPerSecond / 1e6, 2)) | \(referenceMBps) | \(ratio) |")
        }
        let calls = isJSON
            ? "Hugging Face tokenizers 0.23.3, encode(add_special_tokens=False) / decode, one thread"
            : "tiktoken 0.14.0, encode_ordinary / decode_bytes"
        print("\n\(ProcessInfo.processInfo.activeProcessorCount) cores; medians of \(runs) runs after a warm-up, single thread except 'parallel'; ratio = median over runs of the reference's time / ours, each run of ours followed by one of the reference's (\(calls)).")
    }
}

Benchmarks.main()
