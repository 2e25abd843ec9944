import ArgumentParser
import Foundation
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
              cat prompt.txt | tersify encode --json    token ids as a JSON array
              tersify encode prompt.txt | tersify decode

            Exit codes: 0 success; 1 runtime error (missing file, missing or corrupt
            vocabulary); 3 budget below the protected content; 4 input not valid
            UTF-8; 5 malformed JSON with --messages; 64 usage error.
            """,
        version: "0.1.0",
        subcommands: [
            Compress.self,
            Count.self,
            Encode.self,
            Decode.self,
            Bench.self,
        ],
        defaultSubcommand: Compress.self
    )
}

/// Options every subcommand shares.
struct TokenizerOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "An encoding name (cl100k_base) or the path of a .tiktoken file.")
    var tokenizer: String = "cl100k_base"

    func load() throws -> Tokenizer {
        if Tokenizer.knownEncodings.contains(tokenizer) {
            return try Tokenizer.named(tokenizer)
        }
        if tokenizer.contains("/") || tokenizer.hasSuffix(".tiktoken") {
            return try Tokenizer(contentsOf: tokenizer)
        }
        throw TokenizerError.unknownEncoding(tokenizer)
    }
}

/// Reads a file, or standard input for `nil` or `-`.
func readInput(_ path: String?) throws -> [UInt8] {
    if path == nil || path == "-" {
        return Array(FileHandle.standardInput.readDataToEndOfFile())
    }
    let path = path!
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw CLIError("\(path): no such file")
    }
    guard !isDirectory.boolValue else { throw CLIError("\(path): is a directory") }
    guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("\(path): not readable") }
    return Array(data)
}

/// Writes bytes to standard output.
func writeOutput(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { FileHandle.standardOutput.write(Data($0)) }
}

/// A one-line error for the user.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
