/// A byte-level BPE tokenizer, token for token identical to tiktoken, or to
/// Hugging Face tokenizers for a `tokenizer.json` (Qwen, DeepSeek V3).
///
/// Load one by name from the vocabulary cache, or from a `.tiktoken` or
/// `tokenizer.json` file:
///
///     let tokenizer = try Tokenizer.named("cl100k_base")
///     let ids = tokenizer.encodeOrdinary("Hello, world!")   // [9906, 11, 1917, 0]
///     let n = tokenizer.count("Hello, world!")              // 4
///     let text = try tokenizer.decode(ids)                  // "Hello, world!"
///
///     let gpt4o = try Tokenizer.named("o200k_base")
///     gpt4o.encodeOrdinary("Hello, world!")                 // [13225, 11, 2375, 0]
///
/// A `Tokenizer` is immutable and `Sendable`: share one across threads.
public struct Tokenizer: Sendable {
    /// The encoding's name, such as `cl100k_base`.
    public let name: String
    /// The pattern that cuts text into pieces before merging, run by a
    /// hand-written scanner; nil when ICU runs `splitSteps` (a pattern no
    /// scanner knows).
    public let splitPattern: SplitPattern?
    /// The steps ICU runs when no scanner knows the pattern.
    let regexSplit: RegexSplit?
    /// The normalization applied to text before it is cut into pieces.
    public let normalization: Normalization
    /// The mergeable tokens.
    let vocabulary: Vocabulary
    /// Special tokens by text, such as `<|endoftext|>` → 100257.
    public let specialTokens: [String: TokenID]
    /// Special tokens as bytes, longest first, for searching text.
    let specials: [(bytes: [UInt8], id: TokenID)]
    /// Special tokens by identifier, and tokens the encoder never gives (a
    /// `tokenizer.json`'s that no merge makes), for decoding (the shortest
    /// text of an identifier that has several).
    let specialBytes: [TokenID: [UInt8]]

    /// Creates a tokenizer from a parsed vocabulary, its split pattern and its special tokens.
    ///
    /// - Parameter decodeOnly: Tokens outside `vocabulary` that decode but are never encoded.
    init(
        name: String, vocabulary: Vocabulary, splitPattern: SplitPattern, specialTokens: [String: TokenID],
        normalization: Normalization = .none, decodeOnly: [TokenID: [UInt8]] = [:]
    ) {
        self.init(name: name, vocabulary: vocabulary, split: .pattern(splitPattern), specialTokens: specialTokens,
                  normalization: normalization, decodeOnly: decodeOnly)
    }

    init(
        name: String, vocabulary: Vocabulary, split: Split, specialTokens: [String: TokenID],
        normalization: Normalization = .none, decodeOnly: [TokenID: [UInt8]] = [:]
    ) {
        self.name = name
        switch split {
        case let .pattern(pattern):
            self.splitPattern = pattern
            self.regexSplit = nil
        case let .regex(regex):
            self.splitPattern = nil
            self.regexSplit = regex
        }
        self.normalization = normalization
        self.vocabulary = vocabulary
        self.specialTokens = specialTokens
        self.specials = specialTokens
            .map { (bytes: Array($0.key.utf8), id: $0.value) }
            .sorted { ($0.bytes.count, $1.id) > ($1.bytes.count, $0.id) }
        // Two texts may share an identifier (o200k_harmony's 200018 is both
        // `<|endofprompt|>` and `<|reserved_200018|>`): the shorter decodes, as in tiktoken.
        let special = Dictionary(specialTokens.map { ($0.value, Array($0.key.utf8)) }) { a, b in
            a.count != b.count ? (a.count < b.count ? a : b) : (a.lexicographicallyPrecedes(b) ? a : b)
        }
        self.specialBytes = decodeOnly.merging(special) { $1 }
    }

    /// The steps that cut text into pieces, in order: the scanner's
    /// pattern's (`SplitPattern.steps`, each isolated), or the ones ICU runs.
    public var splitSteps: [SplitStep] {
        regexSplit?.steps ?? splitPattern.map { $0.steps.map { SplitStep($0) } } ?? []
    }

    /// The split pattern whose class tables an `EncodeHandle` reads; with
    /// `regexSplit`, the scanners are not run and any will do.
    var handlePattern: SplitPattern { splitPattern ?? .cl100k }

    /// One more than the highest token identifier, special tokens included
    /// (tiktoken's `n_vocab`).
    public var vocabularySize: Int {
        max(vocabulary.rankCount, Int(specialBytes.keys.max().map { $0 + 1 } ?? 0))
    }

    /// The number of mergeable (non-special) tokens.
    public var mergeableTokenCount: Int { vocabulary.present.lazy.filter { $0 }.count }

    /// The bytes of one token, special tokens included.
    ///
    /// - Throws: `TokenizerError.unknownToken` if `id` is not in the vocabulary.
    public func bytes(of id: TokenID) throws(TokenizerError) -> [UInt8] {
        if Int(id) < vocabulary.rankCount, vocabulary.present[Int(id)] {
            let start = Int(vocabulary.tokenStarts[Int(id)])
            return Array(vocabulary.tokenBytes[start..<Int(vocabulary.tokenStarts[Int(id) + 1])])
        }
        if let bytes = specialBytes[id] { return bytes }
        throw .unknownToken(id)
    }
}
