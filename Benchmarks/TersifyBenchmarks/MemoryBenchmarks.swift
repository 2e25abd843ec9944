import ArgumentParser
import Foundation
import PromptCompression
import PromptTokenizer
import TersifyUtilities

#if canImport(Glibc)
import Glibc
#endif

/// `tersify-benchmarks memory`: peak memory of compressing large inputs.
///
/// Each size runs in a subprocess of its own (`memory-case`), so that one
/// size's peak does not hide another's: the process loads the vocabulary,
/// builds the input in memory (the essays of the shared corpora, repeated,
/// the words of every line shuffled with a seeded generator in each copy
/// so that no two copies are equal), then compresses it to a budget with a
/// question. Peak resident memory is `getrusage`'s `ru_maxrss`; the
/// baseline (vocabulary, ICU data, process) is the resident memory after
/// loading them and compressing a short text, from `/proc/self/statm`.
struct MemoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory",
        abstract: "Peak memory of compressing ~10 MB and ~100 MB inputs, one subprocess a size."
    )

    @OptionGroup var dataOptions: DataOptions

    @Option(help: "Input sizes in MB (10^6 bytes), comma-separated.")
    var sizes: String = "10,100"

    @Flag(help: "Also run inputs where every line is a paragraph of its own (about 67 bytes a document).")
    var shortParagraphs = false

    func run() throws {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        print("| input | tokens | vocabulary, ICU data + process (MB) | after building the input (MB) | peak (MB) | limit 4 × input + vocabulary (MB) | peak / input | compress s | output tokens |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        let cases = sizes.split(separator: ",").compactMap { Int($0) }.flatMap { size in
            shortParagraphs ? [(size, false), (size, true)] : [(size, false)]
        }
        for (size, short) in cases {
            let process = Process()
            process.executableURL = executable
            process.arguments = ["memory-case", "--data", dataOptions.data, "--megabytes", String(size)] + (short ? ["--short-paragraphs"] : [])
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw BenchmarkError("memory-case \(size) failed") }
            let fields = String(decoding: output, as: UTF8.self).split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
            guard fields.count == 7, let bytes = Double(fields[0]), let base = Double(fields[2]), let built = Double(fields[3]),
                let peak = Double(fields[4]) else { throw BenchmarkError("memory-case \(size): unexpected output \(fields)") }
            let inputMB = bytes / 1e6, vocabularyMB = base / 1e6
            print("| \(fixed(inputMB, 1)) MB\(short ? ", a paragraph a line" : "") | \(fields[1]) | \(fixed(vocabularyMB, 1)) | \(fixed(built / 1e6, 1)) | \(fixed(peak / 1e6, 1)) | \(fixed(4 * inputMB + vocabularyMB, 1)) | \(fixed((peak - base) / bytes, 2)) | \(fields[5]) | \(fields[6]) |")
        }
        print("\npeak / input = (peak − baseline) / input bytes; baseline = resident memory (/proc/self/statm) after loading the vocabulary and ICU's data; peak = ru_maxrss of a subprocess per size; budget 4000 tokens, question \"What is the best way to find startup ideas?\".")
    }
}

/// One size of `memory`, in its own process; prints
/// `bytes tokens baseRSS builtRSS peakRSS seconds outputTokens` (RSS in bytes).
struct MemoryCaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "memory-case", shouldDisplay: false)

    @OptionGroup var dataOptions: DataOptions
    @Option var megabytes: Int
    @Flag var shortParagraphs = false

    func run() throws {
        let tokenizer = try Tokenizer.named("cl100k_base")
        _ = tokenizer.count("warm up the vocabulary")
        // ICU's break iterators and their data, loaded once per process, count as fixed cost too.
        _ = try Compressor(tokenizer: tokenizer).compress(
            text: "Warm up. ICU loads its rules and dictionaries: 日本語の文。 Once.", options: .init(target: .tokens(5), query: "ICU"))
        let base = currentRSS()
        let target = megabytes * 1_000_000
        let essays = try dataOptions.loadEssays()
        var input: [UInt8] = []
        input.reserveCapacity(target + essays.count)
        input.append(contentsOf: essays)
        var generator = SplitMix64(seed: 7)
        let lines = essays.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        while input.count < target {
            input.append(UInt8(ascii: "\n"))
            for line in lines {
                guard input.count < target else { break }
                var words = line.split(separator: UInt8(ascii: " "))
                if words.count > 1 {
                    for i in stride(from: words.count - 1, to: 0, by: -1) { words.swapAt(i, Int(generator.next() % UInt64(i + 1))) }
                }
                for (index, word) in words.enumerated() {
                    if index > 0 { input.append(UInt8(ascii: " ")) }
                    input.append(contentsOf: word)
                }
                input.append(UInt8(ascii: "\n"))
                if shortParagraphs { input.append(UInt8(ascii: "\n")) }
            }
        }
        let built = currentRSS()
        let start = DispatchTime.now().uptimeNanoseconds
        let document = try PromptDocument(text: input, tokenizer: tokenizer)
        let result = try Compressor(tokenizer: tokenizer).compress(
            document, options: .init(target: .tokens(4000), query: "What is the best way to find startup ideas?"))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        precondition(result.tokensAfter <= 4000 && result.tokensAfter == tokenizer.count(bytes: result.bytes))
        print(input.count, document.tokens, base, built, peakRSS(), fixed(seconds, 2), result.tokensAfter)
    }

    /// Resident set size of this process now, in bytes (`/proc/self/statm`,
    /// in pages); the peak so far may be higher (freed memory is reused).
    func currentRSS() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Peak resident set size of this process, in bytes (`ru_maxrss` is in KiB on Linux).
    func peakRSS() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }
}
