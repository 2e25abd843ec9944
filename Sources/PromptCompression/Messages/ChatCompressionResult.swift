#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A compressed chat request and what was done to each text.
public struct ChatCompressionResult: Sendable {
    /// What happened to one text (`ChatMessages.Slot`).
    public struct SlotReport: Sendable {
        /// The index in `ChatMessages.slots`.
        public var slot: Int
        public var message: Int
        public var role: String?
        /// Kept whole: a kept role or the last user message.
        public var keptWhole: Bool
        public var tokensBefore: Int
        public var tokensAfter: Int
        /// The tokens allotted to this text; nil when kept whole or with no target.
        public var budget: Int?
        /// The compression of this text; nil when kept whole.
        public var result: CompressionResult?
        /// Dropped with its whole message (`ChatCompressionPolicy.dropMessages`): empty content.
        public var dropped = false
    }

    /// The request with only the compressed texts changed.
    public var json: [UInt8]
    /// Tokens of all texts before and after, the template's included.
    public var tokensBefore: Int
    public var tokensAfter: Int
    /// The chat template's tokens (`ChatCompressionPolicy.template`), 0 without one.
    public var templateTokens: Int = 0
    /// The total budget (the input's total when there is no target).
    public var budget: Int
    /// Only with `bestEffort`: the output is over the total or a role budget.
    public var overBudget: Bool
    /// One report per text, in input order.
    public var slots: [SlotReport]
}
