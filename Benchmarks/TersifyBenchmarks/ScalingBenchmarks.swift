import ArgumentParser
import CICU
import Foundation
import PromptCompression
import PromptTokenizer
import TersifyUtilities

#if canImport(Glibc)
import Glibc
#endif

/// `tersify-benchmarks scaling`: time and peak memory of compressing
/// generated inputs of eight shapes from 10 KB to 100 MB, to a budget and
/// to a ratio.
///
/// Each case (shape, size, target) runs in a subprocess of its own
/// (`scaling-case`), so that one case's peak does not hide another's. The
/// subprocess loads the vocabulary, compresses every shape at 10 KB to the
/// case's kind of target (the tokenizer's lazily built tables, ICU's data,
/// the heap's first arenas), returns freed heap pages (`malloc_trim`),
/// takes its resident memory as the baseline
/// (`/proc/self/statm`) and resets the peak to it, generates the input
/// (`ScalingShape`, seeded), and compresses it as `tersify compress` does
/// (`compress(prompt:options:)`): one untimed run, then `--runs` timed
/// ones, the median reported. Peak resident memory is the kernel's
/// high-water mark (`VmHWM`) since the reset, so the input itself counts in
/// the figure above the baseline.
struct ScalingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scaling",
        abstract: "Time and peak memory from 10 KB to 100 MB on eight generated input shapes, to --budget 4000 and --ratio 4; one subprocess a case."
    )

    @Option(help: "Input sizes, comma-separated: 10K, 100K, 1M, 10M, 100M (10^3 and 10^6 bytes).")
    var sizes: String = "10K,100K,1M,10M"

    @Option(help: "Shapes, comma-separated (\(ScalingShape.allCases.map(\.rawValue).joined(separator: ", "))).")
    var shapes: String = ScalingShape.allCases.map(\.rawValue).joined(separator: ",")

    @Option(help: "Targets, comma-separated: budget=N (tokens), ratio=R.")
    var targets: String = "budget=4000,ratio=4"

    @Option(help: "Timed runs a case after an untimed one; the median is reported.")
    var runs: Int = 3

    @Option(help: "Timed runs of the cases of 100 MB or more.")
    var largeRuns: Int = 1

    @Option(help: "The seed of the generated inputs.")
    var seed: UInt64 = 7

    func validate() throws {
        for size in sizes.split(separator: ",") where ScalingCommand.parseSize(String(size)) == nil {
            throw ValidationError("--sizes: '\(size)' is not a size such as 10K or 100M")
        }
        for shape in shapes.split(separator: ",") where ScalingShape(rawValue: String(shape)) == nil {
            throw ValidationError("--shapes: unknown shape '\(shape)'")
        }
        for target in targets.split(separator: ",") where ScalingTarget(String(target)) == nil {
            throw ValidationError("--targets: '\(target)' is not budget=N or ratio=R")
        }
        guard runs >= 1, largeRuns >= 1 else { throw ValidationError("--runs and --large-runs must be 1 or more") }
    }

    static func parseSize(_ text: String) -> Int? {
        let unit = text.last.map { Character($0.uppercased()) }
        let scale = unit == "K" ? 1_000 : unit == "M" ? 1_000_000 : 1
        guard let value = Int(scale == 1 ? text : String(text.dropLast())), value > 0 else { return nil }
        return value * scale
    }

    func run() throws {
        if !isOptimized {
            FileHandle.standardError.write(Data("warning: debug build; use -c release\n".utf8))
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let sizeList = sizes.split(separator: ",").compactMap { Self.parseSize(String($0)) }.sorted()
        let shapeList = shapes.split(separator: ",").compactMap { ScalingShape(rawValue: String($0)) }
        let targetList = targets.split(separator: ",").compactMap { ScalingTarget(String($0)) }
        var rows: [ScalingRow] = []
        print("| shape | size | target | s | s/MB | peak RSS (MB) | peak above baseline / input | tokens / budget |")
        print("|---|---:|---|---:|---:|---:|---:|---:|")
        for shape in shapeList {
            for target in targetList {
                for size in sizeList {
                    let process = Process()
                    process.executableURL = executable
                    process.arguments = [
                        "scaling-case", "--shape", shape.rawValue, "--bytes", String(size), "--target", target.description,
                        "--runs", String(size >= 100_000_000 ? largeRuns : runs), "--seed", String(seed),
                    ]
                    let pipe = Pipe()
                    process.standardOutput = pipe
                    try process.run()
                    let output = pipe.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    guard process.terminationStatus == 0 else {
                        throw BenchmarkError("scaling-case \(shape.rawValue) \(size) \(target) failed (status \(process.terminationStatus))")
                    }
                    let text = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                    guard let row = ScalingRow(shape: shape, target: target, line: text) else {
                        throw BenchmarkError("scaling-case \(shape.rawValue) \(size): unexpected output '\(text)'")
                    }
                    rows.append(row)
                    print("| \(shape.rawValue) | \(row.sizeLabel) | \(target.label) | \(fixed(row.seconds, 3)) | \(fixed(row.secondsPerMB, 3)) | \(fixed(Double(row.peakRSS) / 1e6, 0)) | \(fixed(row.memoryMultiple, 2))x | \(row.tokensAfter) / \(row.budget) |")
                    fflush(nil)  // each row as its case ends
                }
            }
        }
        print("\nsize: 10^3 / 10^6 bytes; s: median of \(runs) timed runs (\(largeRuns) from 100 MB) after an untimed one, compress(prompt:options:) as the CLI calls it, no question; peak above baseline / input = (peak RSS, VmHWM − resident memory after compressing every shape at 10 KB, the mark reset there) / input bytes, the input itself included; one process a case.\n")
        // Memory is judged at the largest size: below 4 MiB freed heap pages
        // stay resident between the fine stage's steps (`releaseFreedMemory`),
        // and fixed costs weigh on small inputs.
        print("| shape | target | s/MB at 1 MB | s/MB at the largest | growth | grows > 1.5x | peak / input at the largest | under 4x |")
        print("|---|---|---:|---:|---:|---|---:|---|")
        for shape in shapeList {
            for target in targetList {
                let mine = rows.filter { $0.shape == shape && $0.target == target }
                guard let largest = mine.max(by: { $0.bytes < $1.bytes }) else { continue }
                let atOne = mine.first { $0.bytes == 1_000_000 }
                let growth = atOne.map { largest.secondsPerMB / $0.secondsPerMB }
                let memory: Double? = largest.memoryMultiple
                let growthText = growth.map { fixed($0, 2) + "x" } ?? "–"
                let grows = growth.map { $0 > 1.5 ? "yes" : "no" } ?? "–"
                let memoryText = memory.map { fixed($0, 2) + "x" } ?? "–"
                let under = memory.map { $0 < 4 ? "yes" : "no" } ?? "–"
                print("| \(shape.rawValue) | \(target.label) | \(atOne.map { fixed($0.secondsPerMB, 3) } ?? "–") | \(fixed(largest.secondsPerMB, 3)) (\(largest.sizeLabel)) | \(growthText) | \(grows) | \(memoryText) | \(under) |")
            }
        }
        print("\n\(ProcessInfo.processInfo.activeProcessorCount) cores; the input's count runs on a second thread, as in the CLI.")
    }
}

/// One case of `scaling`, in its own process; prints
/// `bytes tokensBefore tokensAfter budget baseRSS peakRSS medianSeconds` (RSS in bytes).
struct ScalingCaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scaling-case", shouldDisplay: false)

    @Option var shape: ScalingShape
    @Option var bytes: Int
    @Option var target: String
    @Option var runs: Int = 3
    @Option var seed: UInt64 = 7

    func run() throws {
        guard let target = ScalingTarget(target) else { throw BenchmarkError("bad target \(target)") }
        let tokenizer = try Tokenizer.named("cl100k_base")
        let compressor = Compressor(tokenizer: tokenizer)
        let options = PromptOptions(target: target.compressionTarget)
        // The fixed cost: the vocabulary, the tokenizer's tables (built on
        // first use), ICU's data, every shape's code paths.
        for warmShape in ScalingShape.allCases {
            let small = warmShape.generate(bytes: 10_000, seed: seed &+ 1)
            consume(try compressor.compress(prompt: small, options: options).result.tokensAfter)
        }
        // Freed heap pages go back first, so that the case cannot reuse
        // resident memory the baseline holds; the warm-up's own peak (its
        // freed tables) is not the case's.
        tersify_release_free_memory()
        let base = currentRSS()
        resetPeakRSS()
        let input = shape.generate(bytes: bytes, seed: seed)
        var seconds: [Double] = []
        var last: CompressionResult? = nil
        for run in 0...runs {
            last = nil
            let start = DispatchTime.now().uptimeNanoseconds
            let result = try compressor.compress(prompt: input, options: options).result
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            consume(result.tokensAfter)
            if run > 0 { seconds.append(elapsed) }
            last = result
        }
        let peak = peakRSS()
        guard let result = last else { throw BenchmarkError("no run") }
        guard result.tokensAfter <= result.budget, result.tokensAfter == tokenizer.count(bytes: result.bytes) else {
            throw BenchmarkError("\(shape.rawValue) \(bytes): \(result.tokensAfter) tokens for a budget of \(result.budget)")
        }
        let median = seconds.sorted()[seconds.count / 2]
        print(input.count, result.tokensBefore, result.tokensAfter, result.budget, base, peak, median)
    }

    /// Resident set size of this process now, in bytes (`/proc/self/statm`, in pages).
    func currentRSS() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Sets the peak resident set size to the current one (`/proc/self/clear_refs`, Linux 4.0 on).
    func resetPeakRSS() {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
        handle.write(Data("5".utf8))
        try? handle.close()
    }

    /// Peak resident set size of this process since `resetPeakRSS()`, in
    /// bytes (`VmHWM` of `/proc/self/status`, in KiB; `getrusage`'s
    /// `ru_maxrss` keeps the warm-up's peak).
    func peakRSS() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kib = Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces).split(separator: " ")[0]) else { return 0 }
        return kib * 1024
    }
}

/// Writes one input of `scaling` to standard output, to run the CLI or a
/// profiler on it: `tersify-benchmarks scaling-generate --shape one-line --bytes 10M > one-line.txt`.
struct ScalingGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scaling-generate", abstract: "Write one generated input of 'scaling' to standard output.")

    @Option var shape: ScalingShape
    @Option(help: "The size: 10K, 1M, 100M (10^3 and 10^6 bytes).") var bytes: String
    @Option var seed: UInt64 = 7

    func validate() throws {
        guard ScalingCommand.parseSize(bytes) != nil else { throw ValidationError("--bytes: '\(bytes)' is not a size such as 10K or 100M") }
    }

    func run() throws {
        FileHandle.standardOutput.write(Data(shape.generate(bytes: ScalingCommand.parseSize(bytes)!, seed: seed)))
    }
}

/// A compression target of `scaling`: `budget=N` or `ratio=R`.
struct ScalingTarget: Equatable, CustomStringConvertible {
    var compressionTarget: CompressionOptions.Target

    init?(_ text: String) {
        let parts = text.split(separator: "=")
        guard parts.count == 2 else { return nil }
        switch parts[0] {
        case "budget":
            guard let budget = Int(parts[1]), budget >= 0 else { return nil }
            compressionTarget = .tokens(budget)
        case "ratio":
            guard let ratio = Double(parts[1]), ratio >= 1 else { return nil }
            compressionTarget = .ratio(ratio)
        default:
            return nil
        }
    }

    var description: String {
        switch compressionTarget {
        case let .tokens(budget): "budget=\(budget)"
        case let .ratio(ratio): "ratio=\(Self.format(ratio))"
        }
    }

    static func format(_ ratio: Double) -> String { ratio == ratio.rounded() ? String(Int(ratio)) : String(ratio) }

    /// As the CLI option reads.
    var label: String {
        switch compressionTarget {
        case let .tokens(budget): "--budget \(budget)"
        case let .ratio(ratio): "--ratio \(Self.format(ratio))"
        }
    }
}

/// One finished case of `scaling`.
struct ScalingRow {
    var shape: ScalingShape
    var target: ScalingTarget
    var bytes: Int
    var tokensBefore: Int
    var tokensAfter: Int
    var budget: Int
    var baseRSS: Int
    var peakRSS: Int
    var seconds: Double

    init?(shape: ScalingShape, target: ScalingTarget, line: String) {
        let fields = line.split(separator: " ")
        guard fields.count == 7, let bytes = Int(fields[0]), let tokensBefore = Int(fields[1]), let tokensAfter = Int(fields[2]),
            let budget = Int(fields[3]), let baseRSS = Int(fields[4]), let peakRSS = Int(fields[5]),
            let seconds = Double(fields[6]) else { return nil }
        self.shape = shape
        self.target = target
        self.bytes = bytes
        self.tokensBefore = tokensBefore
        self.tokensAfter = tokensAfter
        self.budget = budget
        self.baseRSS = baseRSS
        self.peakRSS = peakRSS
        self.seconds = seconds
    }

    var secondsPerMB: Double { seconds / (Double(bytes) / 1e6) }
    /// Peak resident memory above the baseline, in input sizes.
    var memoryMultiple: Double { Double(peakRSS - baseRSS) / Double(bytes) }
    var sizeLabel: String { bytes >= 1_000_000 ? "\(bytes / 1_000_000) MB" : "\(bytes / 1_000) KB" }
}

/// The input shapes of `scaling`, each generated from a seed to an exact
/// byte count (the same bytes on every run and platform: `SplitMix64`).
enum ScalingShape: String, CaseIterable, ExpressibleByArgument {
    /// `OK.\n` repeated: one four-byte sentence a line, one paragraph.
    case shortLines = "short-lines"
    /// One sentence of 6–16 varied words a line, one paragraph.
    case sentenceLines = "sentence-lines"
    /// One line of varied words with no space or line break: one sentence, one token piece a word run.
    case oneLine = "one-line"
    /// A sentence of 3–6 words, then a blank line: a paragraph (and a document) a sentence.
    case tinyParagraphs = "tiny-paragraphs"
    /// Eight sentence lines repeated in a random order.
    case deepRepeats = "deep-repeats"
    /// Paragraphs of 3–8 sentences of 6–20 words, separated by blank lines.
    case prose
    /// `\n` only.
    case lineBreaks = "line-breaks"
    /// Sentences of 8–16 words drawn from 20, a blank line after each:
    /// short units that share most of their word triples, so that
    /// near-duplicate removal's buckets crowd.
    case smallVocabulary = "small-vocabulary"

    /// Exactly `bytes` bytes of this shape (the last line cut if need be).
    func generate(bytes count: Int, seed: UInt64) -> [UInt8] {
        var generator = SplitMix64(seed: seed ^ UInt64(truncatingIfNeeded: rawValue.hashValueStable))
        var output: [UInt8] = []
        // Room for the last paragraph past `count`: growing the array would copy it.
        output.reserveCapacity(count + 8192)
        let lexicon = ScalingLexicon.shared
        func sentence(_ words: ClosedRange<Int>, into output: inout [UInt8]) {
            let n = words.lowerBound + generator.below(words.count)
            for index in 0..<n {
                let word = lexicon.word(&generator)
                if index == 0 {
                    output.append(word[0] & ~0x20)
                    output.append(contentsOf: word[1...])
                } else {
                    output.append(UInt8(ascii: " "))
                    output.append(contentsOf: word)
                }
            }
            output.append(UInt8(ascii: "."))
        }
        switch self {
        case .shortLines:
            let line = Array("OK.\n".utf8)
            while output.count < count { output.append(contentsOf: line) }
        case .sentenceLines:
            while output.count < count {
                sentence(6...16, into: &output)
                output.append(UInt8(ascii: "\n"))
            }
        case .oneLine:
            while output.count < count { output.append(contentsOf: lexicon.word(&generator)) }
        case .tinyParagraphs:
            while output.count < count {
                sentence(3...6, into: &output)
                output.append(contentsOf: [UInt8(ascii: "\n"), UInt8(ascii: "\n")])
            }
        case .deepRepeats:
            var lines: [[UInt8]] = []
            for _ in 0..<8 {
                var line: [UInt8] = []
                sentence(6...16, into: &line)
                line.append(UInt8(ascii: "\n"))
                lines.append(line)
            }
            while output.count < count { output.append(contentsOf: generator.pick(lines)) }
        case .prose:
            while output.count < count {
                let sentences = 3 + generator.below(6)
                for index in 0..<sentences {
                    if index > 0 { output.append(UInt8(ascii: " ")) }
                    sentence(6...20, into: &output)
                }
                output.append(contentsOf: [UInt8(ascii: "\n"), UInt8(ascii: "\n")])
            }
        case .lineBreaks:
            output = [UInt8](repeating: UInt8(ascii: "\n"), count: count)
        case .smallVocabulary:
            let words = lexicon.words.prefix(20)
            while output.count < count {
                for index in 0..<(8 + generator.below(9)) {
                    if index > 0 { output.append(UInt8(ascii: " ")) }
                    output.append(contentsOf: words[words.startIndex + generator.below(words.count)])
                }
                output.append(contentsOf: [UInt8(ascii: "."), UInt8(ascii: "\n"), UInt8(ascii: "\n")])
            }
        }
        output.removeLast(output.count - count)
        return output
    }
}

/// 4,096 lowercase pseudo-words of two to four syllables, drawn with a
/// Zipf-like skew (a few very common, most rare), as words of prose are.
struct ScalingLexicon {
    static let shared = ScalingLexicon()

    let words: [[UInt8]]

    init() {
        var generator = SplitMix64(seed: 0x5CA1E)
        let onsets = ["b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t", "v", "w", "st", "tr", "pl", "ch", "th"]
        let vowels = ["a", "e", "i", "o", "u", "ea", "ou", "ai"]
        let codas = ["", "", "n", "r", "s", "t", "l", "nd", "st"]
        var seen = Set<[UInt8]>()
        var words: [[UInt8]] = []
        // The commonest words are short, as in English.
        for short in ["the", "of", "and", "to", "in", "is", "it", "that", "for", "on", "was", "with", "as", "at", "by", "we"] {
            words.append(Array(short.utf8))
            seen.insert(Array(short.utf8))
        }
        while words.count < 4096 {
            var word = ""
            for _ in 0..<(2 + generator.below(3)) {
                word += generator.pick(onsets) + generator.pick(vowels) + generator.pick(codas)
            }
            let bytes = Array(word.utf8)
            if seen.insert(bytes).inserted { words.append(bytes) }
        }
        self.words = words
    }

    /// A word, index `4096 · u³` for a uniform `u`: word 0 about 6 % of draws.
    func word(_ generator: inout SplitMix64) -> [UInt8] {
        let u = Double(generator.next() >> 11) / Double(1 << 53)
        return words[min(words.count - 1, Int(Double(words.count) * u * u * u))]
    }
}

extension String {
    /// A hash of the UTF-8 bytes that is the same in every process (FNV-1a),
    /// unlike `hashValue`, which is seeded per process.
    var hashValueStable: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}
