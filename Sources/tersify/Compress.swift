import ArgumentParser
import Foundation
import PromptCompression
import PromptTokenizer

struct Compress: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compress a prompt to a token budget.",
        discussion: """
            Reads the files given (joined as they are, like cat) or standard input,
            and writes the compressed prompt to standard output or -o FILE. The
            output is extractive: every byte comes from the input, in order, and it
            is never above the budget. Without --budget or --ratio only the lossless
            passes run (white space, exact repeats).

            The question is always kept: a trailing "Question: …" line (or a last
            line ending with "?") is found, protected and used as the query when
            --query is not given (--no-detect-question turns this off); a --query
            that occurs in the prompt is protected there. In a prompt that ends with
            a question, the first paragraph is its instructions and is kept whole
            too, when it is at most a quarter of the prompt (--no-keep-instructions).

            Passes: normalize (white space), dedup (exact repeats), near-dedup
            (near-duplicate paragraphs), stopwords (with --stopwords light|full),
            retrieve (BM25 trimming to the budget). Lossless passes run first,
            lossy ones only while over the budget.

            Examples:
              tersify --budget 200 --stats corpora/samples/rag-prompt.txt
              tersify --ratio 3 --query "Who founded it?" context.txt -o short.txt
              cat prompt.txt | tersify --budget 500 --format json | jq .tokens_after
              tersify --budget 300 --explain --keep 'ticket-[0-9]+' notes.txt
              tersify --messages --budget 2000 --role-budget tool=500 request.json

            Exit codes: 0 success (empty input: empty output); 1 runtime error
            (missing file, missing or corrupt vocabulary, write failure); 3 budget
            below the protected content (or unreachable without retrieve);
            4 input not valid UTF-8 (use --bytes); 5 malformed JSON with --messages,
            or a message text holding a lone surrogate escape (\\ud800), which has no
            UTF-8 form (a UTF-8 byte order mark before the JSON is fine, and kept);
            64 usage error (a --keep pattern too costly on the input too: a
            pattern such as (a+)+$ that backtracks without end stops within a
            second or two, plus about 0.15 s a MB).
            """
    )

    @OptionGroup var tokenizerOptions: TokenizerOptions

    // `.unconditional`: the value after --budget or --ratio is taken even when
    // it starts with "-", so that `--budget -5` gets a message saying what is
    // wrong with -5 (from `validate()`) rather than "Missing value".
    @Option(parsing: .unconditional, help: ArgumentHelp("The output's maximum size in tokens.", valueName: "N"))
    var budget: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("Compress to 1/R of the input's tokens (R ≥ 1).", valueName: "R"))
    var ratio: Double?

    @OptionGroup var passOptions: PassOptions

    @Option(help: ArgumentHelp("The question the output must still answer; ranks what is kept.", valueName: "TEXT"))
    var query: String?

    @Option(help: ArgumentHelp("Read the question from a file.", valueName: "FILE"))
    var queryFile: String?

    @Flag(inversion: .prefixedNo, help: "Find a trailing question line, protect it and rank by it.")
    var detectQuestion = true

    @Flag(inversion: .prefixedNo, help: "In a prompt ending with a question, keep its first paragraph (the instructions) whole.")
    var keepInstructions = true

    @Flag(help: "Keep code blocks whole instead of dropping whole declarations the budget has no room for.")
    var keepCode = false

    @Flag(help: "Put the most relevant documents first and last (lost in the middle).")
    var reorder = false

    @Flag(help: "When the protected content alone exceeds the budget, print it anyway (exit 0, a warning).")
    var bestEffort = false

    @Option(help: ArgumentHelp("Output format: text (the prompt) or json (prompt, counts, passes, drops).", valueName: "FORMAT"))
    var format: OutputFormat = .text

    @Flag(help: "The input is a chat request or a messages array; only content fields change.")
    var messages = false

    @Option(help: ArgumentHelp(
        "With --messages: roles kept whole, comma-separated (\"\" for none).",
        valueName: "LIST"))
    var keepRoles: String = "system,developer"

    @Flag(help: "With --messages: compress the last user message too (kept whole by default).")
    var compressLastUser = false

    @Flag(help: "With --messages: drop whole messages, least relevant first, while the rest would still shrink over 2x (their content becomes empty).")
    var dropMessages = false

    @Option(help: ArgumentHelp("With --messages: at most N tokens for all texts of ROLE (repeatable).", valueName: "ROLE=N"))
    var roleBudget: [String] = []

    @Flag(help: "With --messages: count the tokens the model's chat template adds (per message and for the reply) in the budget.")
    var countTemplate = false

    @Flag(help: "Print what was dropped and why to standard error.")
    var explain = false

    @Flag(help: "Print one summary line to standard error: tokens in → out, ratio, time.")
    var stats = false

    @Option(help: ArgumentHelp("Colours in --explain: auto (a terminal without NO_COLOR), always, never.", valueName: "WHEN"))
    var color: ColorSetting = .auto

    @Flag(help: "Compress input that is not valid UTF-8 as bytes instead of refusing it.")
    var bytes = false

    @Option(name: .shortAndLong, help: ArgumentHelp(
        "Write to FILE: a regular file is replaced atomically (a link's target, the link kept); a device, FIFO or socket is written to.",
        valueName: "FILE"))
    var output: String?

    @Argument(help: "Files to compress, joined; standard input when none is given.")
    var files: [String] = []

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }
    enum ColorSetting: String, ExpressibleByArgument, CaseIterable { case auto, always, never }


    func validate() throws {
        if budget != nil && ratio != nil { throw ValidationError("Give --budget or --ratio, not both.") }
        if let budget, budget < 0 { throw ValidationError("--budget must be ≥ 0, got \(budget)") }
        if let ratio, !(ratio >= 1) { throw ValidationError("--ratio must be ≥ 1, got \(Self.describe(ratio))") }
        if let ratio, !ratio.isFinite { throw ValidationError("--ratio must be a finite number ≥ 1, got \(Self.describe(ratio))") }
        if query != nil && queryFile != nil { throw ValidationError("Give --query or --query-file, not both.") }
        if output == "" { throw ValidationError("--output needs a file name, got an empty one") }
        _ = try parsedRoleBudgets()
        if messages && format == .json {
            throw ValidationError("--format json does not apply to --messages (the output is the request itself).")
        }
        if !messages {
            if !roleBudget.isEmpty { throw ValidationError("--role-budget needs --messages.") }
            if compressLastUser { throw ValidationError("--compress-last-user needs --messages.") }
            if dropMessages { throw ValidationError("--drop-messages needs --messages.") }
            if countTemplate { throw ValidationError("--count-template needs --messages.") }
        }
    }

    /// A ratio as the user would write it: -2 rather than -2.0.
    static func describe(_ value: Double) -> String {
        value.isFinite && value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }

    func parsedRoleBudgets() throws -> [String: Int] {
        var result: [String: Int] = [:]
        for item in roleBudget {
            let parts = item.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, !parts[0].isEmpty, let n = Int(parts[1]), n >= 0 else {
                throw ValidationError("--role-budget takes ROLE=N with N ≥ 0, not '\(item)'.")
            }
            result[String(parts[0])] = n
        }
        return result
    }

    var target: CompressionOptions.Target? {
        if let budget { return .tokens(budget) }
        if let ratio { return .ratio(ratio) }
        return nil
    }

    func run() throws {
        try reportingFailures {
            do {
                try compress()
            } catch let error as CompressionError {
                // Only --keep supplies custom patterns: name the option, as validate() does.
                if case .protectionPatternTooCostly = error { throw CLIFailure(.usage, "--keep: \(error)") }
                throw error
            }
        }
    }

    func compress() throws {
        let tokenizer = try tokenizerOptions.load()
        // One buffer for all the files, read without intermediate copies (InputReader).
        let input = try InputReader.read(files.isEmpty ? [.standardInput] : files.map(InputSource.init))
        if !bytes, let offset = JSONString.firstInvalidUTF8(in: input) {
            throw CLIFailure(.invalidUTF8, "the input is not valid UTF-8 (byte \(offset)); use --bytes to compress it as bytes")
        }
        let question = try questionText()
        let detector = try passOptions.detector()
        let compressor = passOptions.makeCompressor(tokenizer)
        let clock = ContinuousClock()
        let start = clock.now

        if messages {
            guard !input.isEmpty else { return try write([]) }
            var template: ChatTemplateCost? = nil
            if countTemplate {
                guard let known = ChatTemplateCost.known(tokenizer.name) else {
                    throw CLIFailure(.usage, "--count-template: no chat template is known for the tokenizer \(tokenizer.name) (known: \(Tokenizer.knownEncodings.filter { ChatTemplateCost.known($0) != nil }.joined(separator: ", ")))")
                }
                template = known
            }
            let chat = try ChatMessages(json: input)
            let keptRoles = Set(keepRoles.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            let policy = ChatCompressionPolicy(
                target: target, keptRoles: keptRoles, keepLastUserMessage: !compressLastUser,
                roleBudgets: try parsedRoleBudgets(), query: question, bestEffort: bestEffort, reorder: reorder,
                keepCode: keepCode, dropMessages: dropMessages, template: template)
            let result = try chat.compress(with: compressor, detector: detector, policy: policy)
            let elapsed = clock.now - start
            try write(result.json)
            if result.overBudget { printError("warning: over the budget of \(result.budget) tokens (--best-effort)", prefix: "") }
            if explain { writeStandardError(Report.explain(chat, result, color: useColor)) }
            if stats {
                writeStandardError(Report.statsLine(before: result.tokensBefore, after: result.tokensAfter,
                                                    budget: target == nil ? nil : result.budget, elapsed: elapsed))
            }
            return
        }

        let compressed = try compressor.compress(prompt: input, options: PromptOptions(
            target: target, query: question, detectQuestion: detectQuestion, keepInstructions: keepInstructions,
            detector: detector, bestEffort: bestEffort, reorder: reorder, keepCode: keepCode))
        let (result, document, questionRange, query) = (compressed.result, compressed.document, compressed.question, compressed.query)
        let elapsed = clock.now - start
        switch format {
        case .text: try write(result.bytes)
        case .json:
            let budget = target == nil ? nil : result.budget
            try write(Report.json(result, document: document, budget: budget, question: questionRange, query: query))
        }
        if result.overBudget {
            printError("warning: the protected content is \(result.tokensAfter) tokens, over the budget of \(result.budget) (--best-effort)", prefix: "")
        }
        if result.cutUnits > 0 {
            printError("warning: no whole sentence fits the budget of \(result.budget) tokens; the start of the best one is kept", prefix: "")
        } else if result.bytes.isEmpty && !input.isEmpty && target != nil && result.budget > 0 {
            printError("warning: nothing fits the budget of \(result.budget) tokens; the output is empty", prefix: "")
        }
        if explain { writeStandardError(Report.explain(document, result, color: useColor)) }
        if stats {
            writeStandardError(Report.statsLine(before: result.tokensBefore, after: result.tokensAfter,
                                                budget: target == nil ? nil : result.budget, elapsed: elapsed))
        }
    }

    /// The text of --query or --query-file.
    func questionText() throws -> String? {
        if let query { return query }
        guard let queryFile else { return nil }
        let bytes = try readInput(queryFile)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CLIFailure(.invalidUTF8, "\(queryFile): the question is not valid UTF-8")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func write(_ bytes: [UInt8]) throws {
        if let output {
            try OutputFile.write(bytes, to: output)
        } else {
            try writeOutput(bytes)
        }
    }

    var useColor: Bool {
        switch color {
        case .always: true
        case .never: false
        case .auto:
            isatty(STDERR_FILENO) != 0 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        }
    }
}
