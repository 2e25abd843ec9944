#if TERSIFY_SERVER
import ArgumentParser
import Dispatch
import PromptCompression
import Synchronization
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

    @Option(parsing: .unconditional, help: ArgumentHelp("The budget of calls that name none.", valueName: "N"))
    var budget: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("The ratio of calls that name none.", valueName: "R"))
    var ratio: Double?

    func validate() throws {
        if budget != nil && ratio != nil { throw ValidationError("Give --budget or --ratio, not both.") }
        if let budget, budget < 0 { throw ValidationError("--budget must be ≥ 0, got \(budget)") }
        if let ratio, !(ratio >= 1) || !ratio.isFinite {
            throw ValidationError("--ratio must be a finite number ≥ 1, got \(Compress.describe(ratio))")
        }
    }

    func run() throws {
        var server: TersifyMCPServer?
        try reportingFailures {
            let compressor = passOptions.makeCompressor(try tokenizerOptions.load())
            server = TersifyMCPServer(compressor: compressor, detector: try passOptions.detector(),
                                      defaultTarget: budget.map { .tokens($0) } ?? ratio.map { .ratio($0) })
        }
        guard let server else { return }
        // Synchronous, as `serve` is: see there.
        let outcome = Mutex<Result<Void, any Error>>(.success(()))
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await server.run()
            } catch {
                outcome.withLock { $0 = .failure(error) }
            }
            done.signal()
        }
        done.wait()
        try outcome.withLock { $0 }.get()
    }
}
#endif
