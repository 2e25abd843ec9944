import ArgumentParser
import Foundation
import PromptCompression
import PromptTokenizer

/// Options every subcommand shares.
struct TokenizerOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A tokenizer name (see `tersify tokenizers`) or a vocabulary file: .tiktoken, Llama 3's tokenizer.model, a Tekken JSON, a Hugging Face tokenizer.json.",
            valueName: "name|path"))
    var tokenizer: String = "cl100k_base"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The split pattern of a vocabulary file given by path (\(SplitPattern.allCases.map(\.rawValue).joined(separator: ", "))); by default a known file's own, else cl100k_base.",
            valueName: "name"))
    var pattern: String?

    func validate() throws {
        guard let pattern else { return }
        guard SplitPattern(rawValue: pattern) != nil else {
            throw ValidationError("Unknown --pattern '\(pattern)' (known: \(SplitPattern.allCases.map(\.rawValue).joined(separator: ", "))).")
        }
        if Tokenizer.knownEncodings.contains(tokenizer) {
            throw ValidationError("--pattern applies to a vocabulary file; \(tokenizer) has its own pattern.")
        }
    }

    /// Whether `tokenizer` names a file rather than a known encoding.
    var isPath: Bool {
        !Tokenizer.knownEncodings.contains(tokenizer)
            && (tokenizer.contains("/") || [".tiktoken", ".json", ".model"].contains { tokenizer.hasSuffix($0) })
    }

    func load() throws -> Tokenizer {
        if Tokenizer.knownEncodings.contains(tokenizer) {
            return try Tokenizer.named(tokenizer)
        }
        if isPath {
            // The file's kind is told by its content (`VocabularyFormat`).
            return try Tokenizer(contentsOf: tokenizer, splitPattern: pattern.flatMap(SplitPattern.init(rawValue:)))
        }
        throw TokenizerError.unknownEncoding(tokenizer)
    }
}
