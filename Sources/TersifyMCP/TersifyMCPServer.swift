import Foundation
import MCP
import PromptCompression
import PromptTokenizer

/// `tersify mcp`: an MCP server over standard input and output for agents,
/// with two tools.
///
/// - `compress`: the fields of a `CompressionRequest` (`text` or `messages`,
///   `budget` or `ratio`, `query`, …) as arguments; the compressed text (or
///   the messages' JSON) as text content, and the whole response
///   (`Compressor.respond(to:detector:defaultTarget:)`) as structured content.
/// - `count_tokens`: `{"text"}` → the count, as text and as `{"tokens": n}`.
///
/// A call that cannot be done is a tool error (`isError`) with the
/// one-line reason, never a protocol error.
public struct TersifyMCPServer: Sendable {
    let compressor: Compressor
    let detector: ProtectedSpanDetector
    let defaultTarget: CompressionOptions.Target?

    public init(compressor: Compressor, detector: ProtectedSpanDetector = ProtectedSpanDetector(),
                defaultTarget: CompressionOptions.Target? = nil) {
        self.compressor = compressor
        self.detector = detector
        self.defaultTarget = defaultTarget
    }

    /// Serves until the client closes standard input.
    public func run() async throws {
        let server = Server(name: "tersify", version: "0.1.0", capabilities: .init(tools: .init(listChanged: false)))
        await server.withMethodHandler(ListTools.self) { _ in .init(tools: Self.tools) }
        let handler = self
        await server.withMethodHandler(CallTool.self) { params in handler.call(params.name, params.arguments ?? [:]) }
        try await server.start(transport: StdioTransport())
        await server.waitUntilCompleted()
    }

    static let tools: [Tool] = [
        Tool(
            name: "compress",
            description: """
                Compress a prompt (or a chat's messages) to a token budget, extractively: every byte \
                of the output comes from the input, in order. The question and the instructions are \
                kept; what the question needs least goes first.
                """,
            inputSchema: .object([
                "type": "object",
                "properties": .object([
                    "text": .object(["type": "string", "description": "The prompt to compress."]),
                    "messages": .object(["type": "array", "description": "Chat messages ({role, content}) to compress instead of text.",
                                         "items": .object(["type": "object"])]),
                    "budget": .object(["type": "integer", "minimum": 0, "description": "The most tokens the output may have."]),
                    "ratio": .object(["type": "number", "minimum": 1, "description": "Compress to 1/ratio of the tokens."]),
                    "query": .object(["type": "string", "description": "The question the output must still answer."]),
                    "keep_code": .object(["type": "boolean", "description": "Keep code blocks whole."]),
                    "compress_last_user": .object(["type": "boolean", "description": "With messages: compress the last user message too."]),
                ]),
            ])),
        Tool(
            name: "count_tokens",
            description: "Count the tokens of a text exactly, in the server's tokenizer.",
            inputSchema: .object([
                "type": "object",
                "properties": .object(["text": .object(["type": "string", "description": "The text to count."])]),
                "required": .array(["text"]),
            ])),
    ]

    func call(_ name: String, _ arguments: [String: Value]) -> CallTool.Result {
        switch name {
        case "compress":
            do {
                let request = try CompressionRequest(json: Array(JSONEncoder().encode(arguments)))
                let response = try compressor.respond(to: request, detector: detector, defaultTarget: defaultTarget)
                let structured = try JSONDecoder().decode(Value.self, from: Data(response))
                let text: String
                if case .messages = request.content {
                    text = String(decoding: try JSONEncoder().encode(structured.objectValue?["messages"] ?? .null), as: UTF8.self)
                } else {
                    text = structured.objectValue?["text"]?.stringValue ?? ""
                }
                return .init(content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: Optional(structured), isError: false)
            } catch let error as CompressionError {
                return Self.failure(error.description)
            } catch {
                return Self.failure("\(error)")
            }
        case "count_tokens":
            guard let text = arguments["text"]?.stringValue else { return Self.failure("count_tokens takes a \"text\" string") }
            let tokens = compressor.tokenizer.count(text)
            return .init(content: [.text(text: String(tokens), annotations: nil, _meta: nil)],
                         structuredContent: Optional(.object(["tokens": .int(tokens)])), isError: false)
        default:
            return Self.failure("unknown tool \"\(name)\"; the tools are compress and count_tokens")
        }
    }

    static func failure(_ message: String) -> CallTool.Result {
        .init(content: [.text(text: message, annotations: nil, _meta: nil)], isError: true)
    }
}
