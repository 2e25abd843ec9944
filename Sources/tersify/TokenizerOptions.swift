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
            "The split pattern of a vocabulary file given by path: a name (\(SplitPattern.allCases.map(\.rawValue).joined(separator: ", "))) or a regular expression; by default a known file's own, else cl100k_base.",
            valueName: "name|regex"))
    var pattern: String?

    func validate() throws {
        guard let pattern else { return }
        if Tokenizer.knownEncodings.contains(tokenizer) {
            throw ValidationError("--pattern applies to a vocabulary file; \(tokenizer) has its own pattern.")
        }
        if SplitPattern(rawValue: pattern) == nil, let problem = SplitStep.problem(pattern) {
            throw ValidationError("--pattern '\(pattern.prefix(80))' is neither a known pattern (\(SplitPattern.allCases.map(\.rawValue).joined(separator: ", "))) nor a regular expression (\(problem)).")
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
            // A name is a known pattern; anything else one regular expression, run by ICU.
            if let pattern, SplitPattern(rawValue: pattern) == nil {
                return try Tokenizer(contentsOf: tokenizer, splitSteps: [SplitStep(pattern)])
            }
            return try Tokenizer(contentsOf: tokenizer, splitPattern: pattern.flatMap(SplitPattern.init(rawValue:)))
        }
        throw TokenizerError.unknownEncoding(tokenizer)
    }
}
