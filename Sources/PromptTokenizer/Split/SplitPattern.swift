import Foundation

/// The regular expression that cuts text into pieces before byte pair
/// merging, one case per encoding family.
///
/// tiktoken runs the expression; Tersify runs a hand-written scanner over
/// UTF-8 bytes for each case that gives the same pieces
/// (`EncodeHandle+SplitCl100k.swift`, `EncodeHandle+SplitO200k.swift`). An
/// encoding's vocabulary decides its pattern: `Tokenizer.named(_:)` knows
/// which, and `Tokenizer(contentsOf:splitPattern:)` takes it for other files.
/// Any other expression is run by ICU (`SplitStep`, `Tokenizer.splitSteps`).
public enum SplitPattern: String, Sendable, CaseIterable {
    /// cl100k_base's (GPT-3.5, GPT-4): contractions on their own, letter
    /// runs after at most one other character, one to three digits,
    /// punctuation runs with their line breaks, white space.
    case cl100k = "cl100k_base"
    /// o200k_base's (GPT-4o, GPT-4.1, o1, o3, o4-mini, GPT-5): words split
    /// where lower case turns to upper (`HelloWorld` is `Hello`, `World`),
    /// marks inside words, contractions attached to the word before,
    /// punctuation runs with their line breaks and `/`.
    case o200k = "o200k_base"
    /// Mistral's Tekken (NeMo, Pixtral, Ministral): o200k_base's without
    /// the contractions (`don't` is `don`, `'t`) and with one digit a piece.
    case tekken = "tekken"
    /// Llama 3's (3, 3.1, 3.2, 3.3): cl100k_base's before tiktoken made its
    /// quantifiers possessive. The pieces are cl100k's but for white space
    /// at the end of the text: a run holding line breaks ends after its
    /// last line break (`\s*[\r\n]+` comes before `\s+(?!\S)`), where
    /// cl100k takes the whole run (`\s++$`).
    case llama3 = "llama3"
    /// Qwen's (2, 2.5, 3; its `tokenizer.json`'s `Split` step): Llama 3's
    /// with `\p{N}` for `\p{N}{1,3}`, so that every number character is a
    /// piece of its own.
    case qwen2 = "qwen2"
    /// DeepSeek V3's (and R1's): three `Split` steps, each cutting the
    /// pieces of the one before: one to three numbers; runs of kana and CJK
    /// ideographs; then words (ASCII punctuation before ASCII letters, or
    /// one other character before letters and marks), punctuation and
    /// symbol runs, white space (`steps`).
    case deepSeekV3 = "deepseek-v3"

    /// The expressions of the pattern's steps, in order: one for all but
    /// DeepSeek V3, whose steps each cut the pieces of the step before.
    public var steps: [String] {
        switch self {
        case .cl100k, .o200k, .tekken, .llama3, .qwen2:
            [regex]
        case .deepSeekV3:
            [#"\p{N}{1,3}"#, "[\u{4E00}-\u{9FA5}\u{3040}-\u{309F}\u{30A0}-\u{30FF}]+", regex]
        }
    }

    /// The pattern whose `steps` a `tokenizer.json`'s pre-tokenizer steps
    /// are (each isolated; `invert` changes nothing there), or nil. Line
    /// breaks written as characters count as `\r`, `\n`.
    ///
    /// Only the patterns written for Hugging Face tokenizers: tiktoken's
    /// (cl100k's `\s++$`) read otherwise under Oniguruma's line anchors.
    static func recognizing(_ steps: [SplitStep]) -> SplitPattern? {
        guard steps.allSatisfy({ $0.behavior == .isolated }) else { return nil }
        let escaped = steps.map { $0.regex.replacingOccurrences(of: "\r", with: #"\r"#).replacingOccurrences(of: "\n", with: #"\n"#) }
        return [.qwen2, .llama3, .deepSeekV3].first { $0.steps == escaped }
    }

    /// The pattern whose expression `regex` is, character for character, or nil.
    public init?(regex: String) {
        guard let pattern = Self.allCases.first(where: { $0.steps == [regex] }) else { return nil }
        self = pattern
    }

    /// The expression as tiktoken writes it (`tiktoken_ext/openai_public.py`),
    /// Tekken's as its file's `config.pattern` does, or the `tokenizer.json`'s
    /// `Split` step; DeepSeek V3's last step (all three in `steps`).
    public var regex: String {
        switch self {
        case .cl100k:
            #"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"#
        case .o200k:
            [
                #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?"#,
                #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?"#,
                #"\p{N}{1,3}"#,
                #" ?[^\s\p{L}\p{N}]+[\r\n/]*"#,
                #"\s*[\r\n]+"#,
                #"\s+(?!\S)"#,
                #"\s+"#,
            ].joined(separator: "|")
        case .tekken:
            [
                #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+"#,
                #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*"#,
                #"\p{N}"#,
                #" ?[^\s\p{L}\p{N}]+[\r\n/]*"#,
                #"\s*[\r\n]+"#,
                #"\s+(?!\S)"#,
                #"\s+"#,
            ].joined(separator: "|")
        case .llama3:
            #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
        case .qwen2:
            #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
        case .deepSeekV3:
            ##"[!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"##
        }
    }
}
