import ArgumentParser
import Dispatch
import Glibc
import PromptCompression
import PromptTokenizer
import Synchronization

struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compress JSON Lines: one request a line in, one response a line out, in input order.",
        discussion: """
            Each line is a JSON object:
              {"id": 7, "text": "…", "budget": 800, "query": "Who founded it?"}
              {"id": "a", "messages": [{"role": "user", "content": "…"}], "ratio": 4}
            "text" or "messages" (a messages array or a chat request); "budget" or
            "ratio" (else --budget or --ratio); and optionally "query",
            "detect_question", "keep_instructions", "keep_code", "best_effort",
            "reorder", and with messages "keep_roles", "compress_last_user",
            "drop_messages", "role_budgets". "id" is any JSON value, echoed.

            Each response line: {"id", "text", "tokens_before", "tokens_after",
            "budget", "ratio", "over_budget", "cut_units", "query"} ("messages" in
            place of "text" for messages), or {"id", "error", "line"} for a line
            that cannot be done: a bad line never stops the run. Blank lines are
            skipped.

            Lines are compressed on --jobs threads and streamed: memory holds the
            lines in flight (at most 16 a job and about 64 MB), not the file.

            Examples:
              tersify batch --budget 800 requests.jsonl > responses.jsonl
              cat requests.jsonl | tersify batch --ratio 4 --jobs 8

            Exit codes: 0 when every line was answered (failed lines carry their
            error, and standard error counts them); 1 when reading or writing
            fails; 64 usage error.
            """
    )

    @OptionGroup var tokenizerOptions: TokenizerOptions

    @OptionGroup var targetOptions: TargetOptions

    @OptionGroup var passOptions: PassOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Threads compressing lines (default: one a core).", valueName: "N"))
    var jobs: Int?

    @Argument(help: "A JSON Lines file; standard input when none is given.")
    var file: String?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be ≥ 1, got \(jobs)") }
    }

    /// Lines in flight: at most this many a job, and this many bytes in all.
    static let linesPerJob = 16
    static let windowBytes = 64 << 20

    func run() throws {
        try reportingFailures {
            let tokenizer = try tokenizerOptions.load()
            let compressor = passOptions.makeCompressor(tokenizer)
            let detector = try passOptions.detector()
            let jobs = self.jobs ?? max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
            let target = targetOptions.target
            var reader = JSONLinesReader(InputSource(file))
            let progress = isatty(STDERR_FILENO) != 0
            var (answered, failed) = (0, 0)
            while true {
                let window = try reader.next(lines: jobs * Self.linesPerJob, bytes: Self.windowBytes)
                if window.isEmpty { break }
                let responses = Self.respond(window, jobs: jobs) { line in
                    compressor.respond(toJSON: line, detector: detector, defaultTarget: target)
                }
                var out: [UInt8] = []
                out.reserveCapacity(responses.reduce(0) { $0 + $1.json.count + 16 })
                for (response, line) in zip(responses, window) {
                    out.append(contentsOf: response.json)
                    if response.failed {
                        // The line number, for a line whose id could not be read.
                        out.removeLast()
                        out.append(contentsOf: ", \"line\": \(line.number)}".utf8)
                        failed += 1
                    }
                    out.append(0x0A)
                }
                try writeOutput(out)
                answered += window.count
                if progress { writeStandardError("\rtersify batch: \(answered) lines, \(failed) failed") }
            }
            if progress && answered > 0 { writeStandardError("\n") }
            if failed > 0 {
                printError("\(failed) of \(answered) lines failed; their responses hold the error", prefix: "tersify batch: ")
            }
        }
    }

    /// The responses to `lines` in their order, computed on `jobs` threads.
    static func respond(
        _ lines: [JSONLinesReader.Line], jobs: Int, _ body: ([UInt8]) -> (json: [UInt8], failed: Bool)
    ) -> [(json: [UInt8], failed: Bool)] {
        var responses = [(json: [UInt8], failed: Bool)](repeating: ([], false), count: lines.count)
        if jobs == 1 || lines.count == 1 {
            for index in lines.indices { responses[index] = body(lines[index].bytes) }
            return responses
        }
        let next = Atomic<Int>(0)
        responses.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let output = buffer
            withoutActuallyEscaping(body) { body in
                nonisolated(unsafe) let body = body
                DispatchQueue.concurrentPerform(iterations: min(jobs, lines.count)) { _ in
                    while true {
                        let index = next.add(1, ordering: .relaxed).oldValue
                        guard index < lines.count else { return }
                        output[index] = body(lines[index].bytes)
                    }
                }
            }
        }
        return responses
    }
}

/// Reads JSON Lines as a stream: lines without their line break (and a
/// carriage return before it), blank lines skipped, numbered from 1.
struct JSONLinesReader {
    struct Line {
        var number: Int
        var bytes: [UInt8]
    }

    private var source: SourceReader
    private var pending: [UInt8] = []
    private var start = 0
    /// Where the search for the next line break goes on: `pending` holds no
    /// line break between `start` and here.
    private var scanned = 0
    private var lineNumber = 0
    private var atEnd = false

    init(_ source: InputSource) { self.source = SourceReader([source]) }

    /// The next lines, at most `lines` of them and about `bytes` bytes (at
    /// least one line whatever its size); empty at the end of the input.
    mutating func next(lines: Int, bytes: Int) throws(CLIFailure) -> [Line] {
        var result: [Line] = []
        var taken = 0
        while result.count < lines && taken < bytes {
            if let newline = pending[max(start, scanned)...].firstIndex(of: 0x0A) {
                lineNumber += 1
                var end = newline
                if end > start && pending[end - 1] == 0x0D { end -= 1 }
                if let line = Self.unlessBlank(pending[start..<end], number: lineNumber) {
                    result.append(line)
                    taken += line.bytes.count
                }
                start = newline + 1
                continue
            }
            scanned = pending.count
            if atEnd {
                if start < pending.count {
                    lineNumber += 1
                    if let line = Self.unlessBlank(pending[start...], number: lineNumber) { result.append(line) }
                    start = pending.count
                }
                break
            }
            try fill()
        }
        return result
    }

    /// Reads more input after the unread rest of `pending`.
    private mutating func fill() throws(CLIFailure) {
        pending.removeSubrange(..<start)
        scanned -= start
        start = 0
        let chunk = 1 << 20
        let old = pending.count
        pending.append(contentsOf: repeatElement(0, count: chunk))
        var reader = source
        let read: Result<Int, CLIFailure> = pending.withUnsafeMutableBytes { buffer in
            Result { () throws(CLIFailure) in try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[old...])) }
        }
        let n = try read.get()
        source = reader
        pending.removeLast(chunk - n)
        if n == 0 { atEnd = true }
    }

    private static func unlessBlank(_ bytes: ArraySlice<UInt8>, number: Int) -> Line? {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } ? nil : Line(number: number, bytes: Array(bytes))
    }
}
