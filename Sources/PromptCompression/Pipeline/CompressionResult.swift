/// A compressed prompt and what was done to it.
public struct CompressionResult: Sendable {
    /// The output bytes: a subsequence of the input.
    public var bytes: [UInt8]
    /// The output as text (invalid UTF-8 replaced; use `bytes` for the exact output).
    public var text: String { String(decoding: bytes, as: UTF8.self) }
    public var tokensBefore: Int
    /// Exact token count of `bytes`.
    public var tokensAfter: Int
    /// The budget the output had to fit.
    public var budget: Int
    /// Every dropped span, with its reason.
    public var drops: [PromptDocument.Drop]
    /// Only with `bestEffort`: the protected content alone is over the budget.
    public var overBudget: Bool
    /// Tokens each pass saved, in the order they ran.
    public var passes: [PassReport]
    /// Units kept only in part because no whole unit fit the budget (the
    /// best one's start is kept, cut after a word or at a token boundary).
    public var cutUnits: Int = 0
}
