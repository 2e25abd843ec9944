import ArgumentParser
import Foundation
import PromptCompression

/// A failure with its documented exit code and a one-line message.
///
///     0   success (empty input gives empty output)
///     1   runtime error: missing or unreadable file, missing or corrupt
///         vocabulary, unknown token id, write failure
///     3   the budget is below the protected content (or unreachable with
///         the chosen passes when retrieve is off)
///     4   the input is not valid UTF-8 (compress refuses it without --bytes)
///     5   malformed JSON, or not a chat request, with --messages (or a
///         text holding a lone surrogate escape, which has no UTF-8 form)
///     64  usage error: unknown option, bad option value, a --keep pattern
///         too costly on the input
struct CLIFailure: Error, CustomStringConvertible {
    enum Code: Int32 {
        case runtime = 1
        case budget = 3
        case invalidUTF8 = 4
        case malformedJSON = 5
        case usage = 64
    }

    let code: Int32
    let message: String
    var description: String { message }

    init(_ code: Code, _ message: String) {
        self.code = code.rawValue
        self.message = message
    }

    /// The exit code of a library error.
    static func code(for error: CompressionError) -> Int32 {
        switch error {
        case .budgetBelowProtected, .budgetUnreachable: Code.budget.rawValue
        case .malformedMessages, .loneSurrogate: Code.malformedJSON.rawValue
        case .invalidTarget, .invalidProtectionPattern, .protectionPatternTooCostly: ExitCode.validationFailure.rawValue
        default: Code.runtime.rawValue
        }
    }
}

/// Writes one line to standard error: `Error: message` by default.
func printError(_ message: String, prefix: String = "Error: ") {
    writeStandardError(prefix + message + "\n")
}

/// Writes text to standard error; a failure is ignored, since there is
/// nowhere left to report it (`FileHandle.write` trapped instead).
func writeStandardError(_ text: String) {
    try? writeAll(Array(text.utf8), to: STDERR_FILENO, name: "standard error")
}
