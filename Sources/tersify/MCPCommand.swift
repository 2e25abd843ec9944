#if TERSIFY_SERVER
import ArgumentParser
import PromptCompression
import TersifyMCP

struct MCPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the compress and count_tokens tools to an agent over MCP (standard input and output).",
        discussion: """
            An agent starts it as an MCP server; its configuration needs one line:
              {"mcpServers": {"tersify": {"command": "tersify", "args": ["mcp"]}}}

            compress takes text (or messages), budget or ratio, query, keep_code,
            compress_last_user, and gives the compressed text (and the counts as
            structured content); count_tokens takes text. --budget or --ratio is
            the target of a call that names none. Runs until standard input closes.
            """
    )

    @OptionGroup var tokenizerOptions: TokenizerOptions
    @OptionGroup var passOptions: PassOptions

    @OptionGroup var targetOptions: TargetOptions

    func run() throws {
        var server: TersifyMCPServer?
        try reportingFailures {
            let compressor = passOptions.makeCompressor(try tokenizerOptions.load())
            server = TersifyMCPServer(compressor: compressor, detector: try passOptions.detector(),
                                      defaultTarget: targetOptions.target)
        }
        guard let server else { return }
        // Synchronous, waiting for the server's task (`runBlocking`).
        try runBlocking { try await server.run() }
    }
}
#endif
