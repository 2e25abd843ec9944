/// The regular expression that cuts text into pieces before byte pair
/// merging, one case per encoding family.
///
/// tiktoken runs the expression; Tersify runs a hand-written scanner over
/// UTF-8 bytes for each case that gives the same pieces
/// (`_EncodeHandle+Split.swift`, `_EncodeHandle+SplitO200k.swift`). An
/// encoding's vocabulary decides its pattern: `Tokenizer.named(_:)` knows
/// which, and `Tokenizer(contentsOf:splitPattern:)` takes it for other files.
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

    /// The expression as tiktoken writes it (`tiktoken_ext/openai_public.py`;
    /// Tekken's as its file's `config.pattern` does).
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
        }
    }
}
