import PromptCompression
@testable import PromptCompression
import Testing

/// Code identifiers matched by their parts: a question in words meets the
/// declaration whose name holds them.
@Suite("Identifier parts")
struct IdentifierPartsTests {
    static func parts(_ word: String) -> [String] {
        let bytes = Array(word.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            IdentifierParts.ranges(in: buffer, 0..<bytes.count).map { String(decoding: bytes[$0], as: UTF8.self) }
        }
    }

    @Test("camel case, snake case, runs of capitals, digits; none for a plain word", arguments: [
        ("parseConfigFile", ["parse", "Config", "File"]),
        ("parse_config_file", ["parse", "config", "file"]),
        ("__init__", []),
        ("HTTPServer", ["HTTP", "Server"]),
        ("utf8Decode", ["utf8", "Decode"]),
        ("readsAsHeading", ["reads", "As", "Heading"]),
        ("snake__case", ["snake", "case"]),
        ("getX", []),
        ("iPhone", []),
        ("configuration", []),
        ("URL", []),
        ("naïveParse", []),
    ])
    func parts(word: String, expected: [String]) {
        #expect(Self.parts(word) == expected)
    }

    static let functions = [
        ("parseConfigFile", "path: String", "let text = try String(contentsOfFile: path)\n    return decode(text)"),
        ("renderInvoicePage", "order: Order", "let rows = order.lines.map(row)\n    return template.fill(rows)"),
        ("sendWelcomeMessage", "user: User", "let body = greeting(for: user.name)\n    mailer.deliver(body, to: user)"),
        ("openListeningSocket", "port: Int", "let fd = socket(AF_INET, SOCK_STREAM, 0)\n    return bind(fd, port)"),
        ("resizeThumbnailImage", "image: Image", "let scale = 128.0 / image.width\n    return image.scaled(by: scale)"),
    ]

    static func prompt(question: String, order: [Int]) -> String {
        let code = order.map { index in
            let (name, parameters, body) = functions[index]
            return "func \(name)(\(parameters)) {\n    \(body)\n}\n"
        }.joined(separator: "\n")
        return "Here is a Swift file.\n\n```swift\n\(code)```\n\nQuestion: \(question)"
    }

    @Test("a question in words keeps the function its name answers, wherever it is", arguments: [0, 1, 2, 3, 4])
    func questionInWords(position: Int) throws {
        // The function asked about is placed at `position` among the others.
        var order = [1, 2, 3, 4]
        order.insert(0, at: position)
        let text = Self.prompt(question: "How is the config file parsed?", order: order)
        let compressor = Compressor(tokenizer: TestTokenizers.cl100k)
        let out = try compressor.compress(prompt: text, options: PromptOptions(target: .tokens(60)))
        let output = String(decoding: out.result.bytes, as: UTF8.self)
        #expect(out.result.tokensAfter <= 60)
        #expect(output.contains("func parseConfigFile(path: String) {"), "\(output)")
        #expect(output.contains("return decode(text)\n}"), "\(output)")
        for other in ["renderInvoicePage", "sendWelcomeMessage", "openListeningSocket", "resizeThumbnailImage"] {
            #expect(!output.contains(other), "\(other) kept: \(output)")
        }
    }

    @Test("prose without code ranks as before: identifiers outside code are not split")
    func proseUnchanged() throws {
        let compressor = Compressor(tokenizer: TestTokenizers.cl100k)
        let text = "The parseConfigFile helper is mentioned here once. Config files are parsed by another tool. "
            + "Unrelated sentences follow about harbors and ships. The weather was fine all week.\n\nQuestion: How is the config file parsed?"
        let document = try PromptDocument(text: Array(text.utf8), tokenizer: TestTokenizers.cl100k)
        #expect(document._code.blocks.isEmpty)
        let out = try compressor.compress(prompt: text, options: PromptOptions(target: .tokens(30)))
        #expect(out.result.tokensAfter <= 30)
        #expect(String(decoding: out.result.bytes, as: UTF8.self).contains("Config files are parsed by another tool."))
    }
}
