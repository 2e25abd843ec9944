/// The tokens a model's chat template adds around the texts of a request,
/// as its reference renders them: a fixed number per request, per message
/// (by role) and for the reply's opening (the generation prompt).
///
/// Measured with each model's own template and tokenizer on messages whose
/// texts start and end with a letter (a text that starts with white space
/// can merge with the template's line break before it, a token less):
///
///     cl100k_base, o200k_base   OpenAI's count: 3 a message, 3 for the reply
///     o200k_harmony             <|start|>ROLE<|message|>TEXT<|end|>: 4, reply <|start|>assistant: 2 (the
///                               bare harmony format: without gpt-oss's default system message, and
///                               without an assistant turn's channel, 2 more)
///     llama3                    <|begin_of_text|> 1; <|start_header_id|>ROLE<|end_header_id|>\n\nTEXT<|eot_id|>: 5; reply 4
///     mistral-tekken            <s> 1; user [INST]TEXT[/INST] 2, assistant TEXT</s> 1, system joined
///                               to the last user text with \n\n 1; no reply tokens (mistral-common 1.13.1)
///     qwen2.5                   <|im_start|>ROLE\nTEXT<|im_end|>\n: 5, reply 3, and 21 for the default
///                               system message when the first is not a system message
///     qwen3                     the same without the default system message
///     deepseek-v3               <｜begin▁of▁sentence｜> 1; user <｜User｜> 1, assistant <｜Assistant｜>…<｜end▁of▁sentence｜> 2,
///                               system 0; reply <｜Assistant｜> 1
///
/// Tool calls, names and images are not counted.
public struct ChatTemplateCost: Sendable, Equatable {
    /// Tokens once per request (a begin-of-text token).
    public var perRequest: Int
    /// Tokens around a message of each role listed.
    public var perRole: [String: Int]
    /// Tokens around a message of any other role.
    public var perMessage: Int
    /// Tokens that open the reply.
    public var perReply: Int
    /// Tokens of the system message the template adds when the first
    /// message is not one (Qwen 2.5's).
    public var defaultSystem: Int

    public init(perRequest: Int = 0, perRole: [String: Int] = [:], perMessage: Int, perReply: Int, defaultSystem: Int = 0) {
        self.perRequest = perRequest
        self.perRole = perRole
        self.perMessage = perMessage
        self.perReply = perReply
        self.defaultSystem = defaultSystem
    }

    /// The template's tokens for a request of messages with these roles.
    public func tokens(roles: [String?]) -> Int {
        var total = perRequest + perReply
        if defaultSystem > 0 && roles.first != "system" { total += defaultSystem }
        for role in roles { total += role.flatMap { perRole[$0] } ?? perMessage }
        return total
    }

    /// The template cost of the models that use the encoding `name` (see
    /// the type's table), or nil for an encoding without one.
    public static func known(_ name: String) -> ChatTemplateCost? {
        switch name {
        case "cl100k_base", "o200k_base": ChatTemplateCost(perMessage: 3, perReply: 3)
        case "o200k_harmony": ChatTemplateCost(perMessage: 4, perReply: 2)
        case "llama3": ChatTemplateCost(perRequest: 1, perMessage: 5, perReply: 4)
        case "mistral-tekken": ChatTemplateCost(perRequest: 1, perRole: ["user": 2, "assistant": 1, "system": 1], perMessage: 2, perReply: 0)
        case "qwen2.5": ChatTemplateCost(perMessage: 5, perReply: 3, defaultSystem: 21)
        case "qwen3": ChatTemplateCost(perMessage: 5, perReply: 3)
        case "deepseek-v3": ChatTemplateCost(perRequest: 1, perRole: ["user": 1, "assistant": 2, "system": 0], perMessage: 1, perReply: 1)
        default: nil
        }
    }
}
