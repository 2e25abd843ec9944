/// One step that cuts text into pieces with a regular expression: Hugging
/// Face tokenizers' `Split` pre-tokenizer (and ByteLevel's `use_regex`,
/// GPT-2's expression as an isolated step).
///
/// The expression finds matches in each piece of the step before, on its
/// own (a look-ahead or `$` sees the piece's end); the matches and the
/// text between them are the segments, and `behavior` decides what becomes
/// of them:
///
///     Split(" ", behavior)   on "a b  c"
///     isolated               "a", " ", "b", " ", " ", "c"
///     removed                "a", "b", "c"
///     mergedWithPrevious     "a ", "b ", " ", "c"
///     mergedWithNext         "a", " b", " ", " c"
///     contiguous             "a", " ", "b", "  ", "c"
///
/// `invert` swaps the roles of matches and the text between them first.
/// Empty segments are dropped. Matches Hugging Face tokenizers
/// `SplitDelimiterBehavior` (`tokenizers/src/tokenizer/normalizer.rs`).
public struct SplitStep: Sendable, Hashable {
    /// What becomes of the matches, named as a `tokenizer.json` writes it.
    public enum Behavior: String, Sendable, Hashable, CaseIterable {
        /// Every match and every text between matches is a piece.
        case isolated = "Isolated"
        /// Matches are left out; the text between them are the pieces.
        case removed = "Removed"
        /// A match joins the piece before it.
        case mergedWithPrevious = "MergedWithPrevious"
        /// A match joins the piece after it.
        case mergedWithNext = "MergedWithNext"
        /// Neighbouring matches join into one piece.
        case contiguous = "Contiguous"
    }

    /// The regular expression, in ICU's syntax (which reads the expressions
    /// of tiktoken's and Hugging Face's tokenizers alike).
    public var regex: String
    public var behavior: Behavior
    public var invert: Bool

    public init(_ regex: String, behavior: Behavior = .isolated, invert: Bool = false) {
        self.regex = regex
        self.behavior = behavior
        self.invert = invert
    }

    /// Why ICU does not compile `regex` (its error name), or nil when it does.
    public static func problem(_ regex: String) -> String? {
        do {
            _ = try RegexSplit([SplitStep(regex)], lineAnchors: false)
            return nil
        } catch {
            return error.reason
        }
    }

    /// GPT-2's expression, which a `tokenizer.json`'s ByteLevel step with
    /// `use_regex` runs (Hugging Face `byte_level.rs`).
    public static let gpt2 = #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#
}
