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
            "drop_messages", "role_budgets", "count_template". "id" is any JSON value, echoed.

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
