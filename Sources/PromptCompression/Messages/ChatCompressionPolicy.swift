#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How to compress a chat request: what is kept whole, and the budgets.
///
/// Token counts here are the tokens of the texts (`ChatMessages.Slot.text`),
/// and the chat template's tokens when `template` is given; the JSON
/// around the texts is not counted.
///
///     var policy = ChatCompressionPolicy(target: .tokens(2_000))
///     policy.roleBudgets = ["tool": 500]       // all tool output together: at most 500
///     let result = try chat.compress(with: compressor, detector: detector, policy: policy)
///     result.json                              // the request, only content changed
public struct ChatCompressionPolicy: Sendable {
    /// The total of all texts, kept ones included: a token budget, or a
    /// ratio of the input's total; nil to run only the lossless passes on
    /// the compressible texts.
    public var target: CompressionOptions.Target?
    /// Roles whose messages are kept whole (`system` and `developer` by default).
    public var keptRoles: Set<String>
    /// Whether the last `user` message is kept whole (by default it is: it
    /// holds the question).
    public var keepLastUserMessage: Bool
    /// Upper bounds, in tokens, on the total of all compressible texts of a
    /// role (`["tool": 500]`). Budget a role frees goes to the roles without
    /// a bound. Kept roles are not affected.
    public var roleBudgets: [String: Int]
    /// The question to rank by; nil for the text of the last `user` message.
    public var query: String?
    /// When the kept texts and the protected spans alone exceed a budget,
    /// return them (with `overBudget` set) instead of throwing.
    public var bestEffort: Bool
    /// Passed on to `CompressionOptions.reorder`.
    public var reorder: Bool
    /// Ranking parameters, passed on to `CompressionOptions.bm25`.
    public var bm25: BM25
    /// Protect code blocks whole (`PromptOptions.keepCode`).
    public var keepCode: Bool
    /// Drop whole messages, least relevant first, while the others would
    /// still have to shrink more than `dropMessagesAbove` times to fit: a
    /// dropped message keeps its place with empty content. Off by default:
    /// then every message keeps some of its text.
    public var dropMessages: Bool
    /// See `dropMessages`.
    public static let dropMessagesAbove = 2.0
    /// The tokens the model's chat template adds (`ChatTemplateCost.known`),
    /// counted in the budget and the totals as kept text; nil to count the
    /// texts alone.
    public var template: ChatTemplateCost?

    public init(
        target: CompressionOptions.Target?, keptRoles: Set<String> = ["system", "developer"],
        keepLastUserMessage: Bool = true, roleBudgets: [String: Int] = [:], query: String? = nil,
        bestEffort: Bool = false, reorder: Bool = false, bm25: BM25 = BM25(), keepCode: Bool = false,
        dropMessages: Bool = false, template: ChatTemplateCost? = nil
    ) {
        self.template = template
        self.keepCode = keepCode
        self.dropMessages = dropMessages
        self.target = target
        self.keptRoles = keptRoles
        self.keepLastUserMessage = keepLastUserMessage
        self.roleBudgets = roleBudgets
        self.query = query
        self.bestEffort = bestEffort
        self.reorder = reorder
        self.bm25 = bm25
    }
}
