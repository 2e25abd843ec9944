import Foundation
import PromptCompression
import PromptTokenizer
import TersifyTestSupport
import Testing

/// The chat templates' tokens: the figures against each model's template
/// rendered as its reference writes it and counted by its own tokenizer,
/// and the budget of a compressed request with them.
@Suite("Chat template costs")
struct ChatTemplateCostTests {
    static let conversations: [[(role: String, text: String)]] = [
        [("user", "Hello there")],
        [("system", "Be brief"), ("user", "Hello there")],
        [("user", "Hello there"), ("assistant", "Hi back"), ("user", "What now")],
        [("system", "Be brief"), ("user", "Hello there"), ("assistant", "Hi back"), ("user", "What now")],
    ]

    /// A conversation as each model's template renders it, with the reply
    /// opened (the templates' `add_generation_prompt`).
    static func rendered(_ name: String, _ messages: [(role: String, text: String)]) -> String? {
        switch name {
        case "llama3":
            return "<|begin_of_text|>" + messages.map { "<|start_header_id|>\($0.role)<|end_header_id|>\n\n\($0.text)<|eot_id|>" }.joined()
                + "<|start_header_id|>assistant<|end_header_id|>\n\n"
        case "o200k_harmony":
            return messages.map { "<|start|>\($0.role)<|message|>\($0.text)<|end|>" }.joined() + "<|start|>assistant"
        case "qwen2.5", "qwen3":
            let system = name == "qwen2.5" && messages.first?.role != "system"
                ? "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n" : ""
            return system + messages.map { "<|im_start|>\($0.role)\n\($0.text)<|im_end|>\n" }.joined() + "<|im_start|>assistant\n"
        case "deepseek-v3":
            let system = messages.filter { $0.role == "system" }.map(\.text).joined(separator: "\n\n")
            return "<｜begin▁of▁sentence｜>" + system + messages.map { message in
                switch message.role {
                case "user": "<｜User｜>" + message.text
                case "assistant": "<｜Assistant｜>" + message.text + "<｜end▁of▁sentence｜>"
                default: ""
                }
            }.joined() + "<｜Assistant｜>"
        case "mistral-tekken":
            // mistral-common: the system prompt joins the last user message.
            let system = messages.filter { $0.role == "system" }.map(\.text).joined(separator: "\n\n")
            let lastUser = messages.lastIndex { $0.role == "user" }
            return "<s>" + messages.indices.map { index in
                let message = messages[index]
                switch message.role {
                case "user": return "[INST]" + (index == lastUser && !system.isEmpty ? system + "\n\n" : "") + message.text + "[/INST]"
                case "assistant": return message.text + "</s>"
                default: return ""
                }
            }.joined()
        default:
            return nil
        }
    }

    @Test("each figure is the rendered template's tokens less the texts'", arguments: ["llama3", "o200k_harmony", "qwen2.5", "qwen3", "deepseek-v3", "mistral-tekken"])
    func figures(_ name: String) throws {
        guard let tokenizer = try? Tokenizer.named(name) else {
            #expect(!TestPaths.strict, "TERSIFY_STRICT_TESTS=1 but \(name) is not in the cache")
            return
        }
        let cost = try #require(ChatTemplateCost.known(name))
        for messages in Self.conversations {
            let text = try #require(Self.rendered(name, messages))
            let total = try tokenizer.encode(text, allowedSpecial: .all).count
            let texts = messages.reduce(0) { $0 + tokenizer.count($1.text) }
            #expect(total - texts == cost.tokens(roles: messages.map(\.role)), "\(name) \(messages.map(\.role))")
        }
    }

    @Test("OpenAI's count: 3 a message, 3 for the reply; no figure for an unknown encoding")
    func openAI() {
        #expect(ChatTemplateCost.known("o200k_base")?.tokens(roles: ["system", "user"]) == 9)
        #expect(ChatTemplateCost.known("cl100k_base")?.tokens(roles: ["user", nil]) == 9)
        #expect(ChatTemplateCost.known("p50k_base") == nil)
    }

    @Test("with a template, the budget holds texts and template together")
    func budget() throws {
        let tokenizer = TestTokenizers.cl100k
        let filler = (1...60).map { "Sentence \($0) tells of the harbour, its boats and the weather that day." }.joined(separator: " ")
        let object: [String: Any] = ["messages": [
            ["role": "system", "content": "Answer briefly."],
            ["role": "user", "content": filler],
            ["role": "assistant", "content": "Noted."],
            ["role": "user", "content": "What does sentence 7 tell?"],
        ]]
        let chat = try ChatMessages(json: Array(try JSONSerialization.data(withJSONObject: object)))
        let compressor = Compressor(tokenizer: tokenizer)
        let cost = try #require(ChatTemplateCost.known("cl100k_base"))
        var policy = ChatCompressionPolicy(target: .tokens(300), keepLastUserMessage: true)
        let plain = try chat.compress(with: compressor, policy: policy)
        policy.template = cost
        let counted = try chat.compress(with: compressor, policy: policy)
        #expect(counted.templateTokens == 4 * 3 + 3 && plain.templateTokens == 0)
        #expect(counted.tokensAfter <= 300 && plain.tokensAfter <= 300)
        let texts = counted.slots.reduce(0) { $0 + $1.tokensAfter }
        #expect(counted.tokensAfter == texts + counted.templateTokens)
        #expect(texts < plain.slots.reduce(0) { $0 + $1.tokensAfter })
        #expect(counted.tokensBefore == plain.tokensBefore + 15)
    }
}
