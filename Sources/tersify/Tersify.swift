import ArgumentParser
import Foundation
import PromptCompression
import PromptTokenizer

@main
struct Tersify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tersify",
        abstract: "Compress prompts to a token budget; count, encode and decode tokens exactly as tiktoken does.",
        discussion: """
            Reads the files given, or standard input when there are none. Without a
            subcommand, tersify compresses (see `tersify help compress`).

            Examples:
              tersify --budget 200 --stats corpora/samples/rag-prompt.txt
              tersify --ratio 4 --query "Which channel?" context.txt -o short.txt
              tersify --messages --budget 2000 request.json > smaller.json
              tersify count context.txt                 tokens of a file (cl100k_base)
              tersify count --tokenizer o200k_base a.txt   tokens for GPT-4o, GPT-4.1, o-series, GPT-5
              tersify count --tokenizer tekken.json a.txt  tokens of a vocabulary file
              tersify tokenizers                        the tokenizer names, their models and cache state
              cat prompt.txt | tersify encode --json    token ids as a JSON array
              tersify encode prompt.txt | tersify decode
              tersify batch --budget 800 requests.jsonl > responses.jsonl

            Exit codes: 0 success; 1 runtime error (missing file, missing or corrupt
            vocabulary); 3 budget below the protected content; 4 input not valid
            UTF-8; 5 malformed JSON with --messages; 64 usage error.
            """,
        version: "0.1.0",
        subcommands: Self.commands,
        defaultSubcommand: Compress.self
    )
}

extension Tersify {
    static var commands: [any ParsableCommand.Type] {
        var commands: [any ParsableCommand.Type] = [Compress.self, Batch.self, Count.self, Encode.self, Decode.self, Tokenizers.self, Bench.self]
        #if TERSIFY_SERVER
        commands.insert(contentsOf: [Serve.self, MCPCommand.self] as [any ParsableCommand.Type], at: 2)
        #endif
        return commands
    }
}

/// Reads a file, or standard input for `nil` or `-` (see `InputReader`).
func readInput(_ path: String?) throws(CLIFailure) -> [UInt8] {
    try InputReader.read(InputSource(path))
}

/// Writes bytes to standard output.
///
/// - Throws: `CLIFailure` (exit 1) when the write fails, e.g. on a full disk.
func writeOutput(_ bytes: [UInt8]) throws(CLIFailure) {
    try writeAll(bytes, to: STDOUT_FILENO, name: "standard output")
}

/// Runs a command's body, printing a `CLIFailure` or a library error as one
/// line on standard error and exiting with its documented code.
func reportingFailures(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as CLIFailure {
        printError(error.message)
        throw ExitCode(error.code)
    } catch let error as CompressionError {
        printError(error.description)
        throw ExitCode(CLIFailure.code(for: error))
    }
}
