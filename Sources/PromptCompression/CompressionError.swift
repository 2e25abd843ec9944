/// Everything that can go wrong while compressing a prompt.
///
/// Each case carries what a user needs to find the problem: which ICU call
/// failed, with which locale, and ICU's status code and its name; which
/// protection pattern does not compile, and why.
public enum CompressionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// ICU reported a failure while finding boundaries of `operation` kind
    /// ("sentence" or "word"), with ICU's `UErrorCode` number and name,
    /// such as `1, "U_ILLEGAL_ARGUMENT_ERROR"` for a malformed locale.
    case icuFailure(operation: String, locale: String, status: Int32, name: String)
    /// The text is longer than ICU's break iterators can address (their
    /// positions are 32-bit integers).
    case inputTooLarge(byteCount: Int, limit: Int)
    /// The locale identifier contains a NUL character.
    case invalidLocale(String)
    /// The protected text alone needs `required` tokens, more than the budget.
    case budgetBelowProtected(budget: Int, required: Int)
    /// A target that cannot be met: a negative budget, a ratio below 1.
    case invalidTarget(String)
    /// The passes chosen (without retrieval trimming) leave `reached`
    /// tokens, more than the budget.
    case budgetUnreachable(budget: Int, reached: Int)
    /// A custom protection pattern (`ProtectionRules.customPatterns`, from
    /// `--keep REGEX`) is not a valid regular expression; `reason` is the
    /// regular expression engine's message.
    case invalidProtectionPattern(pattern: String, reason: String)
    /// A custom protection pattern whose search over a text exceeded its
    /// time or memory limit, such as `(a+)+$` on a long run of "a": it
    /// backtracks without end. `reason` says which limit.
    case protectionPatternTooCostly(pattern: String, reason: String)
    /// A chat request (`ChatMessages`) that is not valid JSON, or not of the
    /// expected shape, at byte `offset` (line and column counted from 1,
    /// the column in characters).
    case malformedMessages(reason: String, offset: Int, line: Int, column: Int)

    /// A message's text holds a lone surrogate escape (`\ud800`): valid
    /// JSON, but with no UTF-8 form, so the text can be neither counted nor
    /// compressed. `message` counts from 1; `escape` is the escape as
    /// written; the offset, line and column are those of its backslash.
    case loneSurrogate(message: Int, escape: String, offset: Int, line: Int, column: Int)
    /// A pass name that is none of `PassName`'s.
    case unknownPass(String)
    /// Passage scores (`PromptDocument(passages:scores:tokenizer:)`) that
    /// do not match the passages one for one, or are not finite.
    case invalidScores(String)
    /// A compression request (`CompressionRequest`) that cannot be read.
    case invalidRequest(String)

    public var description: String {
        switch self {
        case let .icuFailure(operation, locale, status, name):
            "ICU \(operation) segmentation failed for locale '\(locale)': \(name) (\(status))"
        case let .inputTooLarge(byteCount, limit):
            "the text is \(byteCount) bytes; segmentation handles at most \(limit)"
        case let .invalidLocale(locale):
            "invalid locale identifier \(locale.debugDescription)"
        case let .budgetBelowProtected(budget, required):
            "the protected text alone is \(required) tokens, \(required - budget) over the budget of \(budget)"
        case let .invalidTarget(target):
            "cannot compress to \(target)"
        case let .budgetUnreachable(budget, reached):
            "the chosen passes leave \(reached) tokens, \(reached - budget) over the budget of \(budget) (retrieval trimming is off)"
        case let .invalidProtectionPattern(pattern, reason):
            "invalid protection pattern \(pattern.debugDescription): \(reason)"
        case let .protectionPatternTooCostly(pattern, reason):
            "protection pattern \(pattern.debugDescription) is too costly on this text: \(reason) (nested repeats such as (a+)+ backtrack without end)"
        case let .malformedMessages(reason, offset, line, column):
            "malformed messages JSON at line \(line), column \(column) (byte \(offset)): \(reason)"
        case let .loneSurrogate(message, escape, offset, line, column):
            "message \(message) holds a lone surrogate escape (\(escape)) at line \(line), column \(column) (byte \(offset)), "
                + "which has no UTF-8 form: its text cannot be counted or compressed"
        case let .invalidRequest(reason):
            "invalid request: \(reason)"
        case let .invalidScores(reason):
            "invalid passage scores: \(reason)"
        case let .unknownPass(name):
            "unknown pass '\(name)'; the passes are \(PassName.allCases.map(\.rawValue).joined(separator: ", "))"
        }
    }
}
