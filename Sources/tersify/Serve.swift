#if TERSIFY_SERVER
import ArgumentParser
import Foundation
import Logging
import PromptCompression
import PromptTokenizer
import TersifyServer

// Synchronous, waiting for the server's task (`runBlocking`).
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve compression over HTTP, and proxy OpenAI-compatible chat requests.",
        discussion: """
            Endpoints (JSON): POST /v1/compress (the fields of a `tersify batch`
            line, "tokenizer" among them), POST /v1/count, /v1/tokenize and
            /v1/detokenize, GET /healthz and GET /metrics (Prometheus).

            With --upstream URL (an OpenAI-compatible base URL, such as
            https://api.openai.com/v1), POST /v1/chat/completions compresses the
            messages (to X-Tersify-Budget or X-Tersify-Ratio, else --budget or
            --ratio; the last user message too with --compress-last-user or
            X-Tersify-Compress-Last-User: true) and forwards the request to
            URL/chat/completions, headers
            and Authorization untouched; the answer streams back byte for byte.

            Binds 127.0.0.1:8787 by default. Another address needs --api-key-file
            (clients send Authorization: Bearer KEY, or X-Tersify-Key: KEY to the
            proxy) or --insecure-no-auth. SIGTERM or SIGINT stops the server once
            the requests in flight are answered.

            Examples:
              tersify serve --budget 4000 --upstream https://api.openai.com/v1
              curl -s localhost:8787/v1/compress -d '{"text": "…", "budget": 200}'
            """
    )

    @OptionGroup var tokenizerOptions: TokenizerOptions
    @OptionGroup var passOptions: PassOptions

    @Option(help: ArgumentHelp("The address to bind.", valueName: "HOST"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("The port (0: any free one; the port chosen is printed).", valueName: "PORT"))
    var port = 8787

    @Option(help: ArgumentHelp("An OpenAI-compatible base URL to proxy /v1/chat/completions to.", valueName: "URL"))
    var upstream: String?

    @OptionGroup var targetOptions: TargetOptions

    @Flag(help: "The proxy compresses the last user message too (X-Tersify-Compress-Last-User decides per request).")
    var compressLastUser = false

    @Option(help: ArgumentHelp("A file holding the key clients must send.", valueName: "FILE"))
    var apiKeyFile: String?

    @Flag(help: "Allow binding an address other than loopback without a key.")
    var insecureNoAuth = false

    @Option(help: ArgumentHelp("The largest request body in bytes (413 above).", valueName: "BYTES"))
    var maxBodyBytes = 32 << 20

    @Option(help: ArgumentHelp("Requests handled at once (503 above).", valueName: "N"))
    var maxConcurrentRequests = 64

    @Option(help: ArgumentHelp("Seconds a proxied request may take (504 after).", valueName: "SECONDS"))
    var timeout = 300

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be 0 to 65535, got \(port)") }
        if maxBodyBytes < 1 { throw ValidationError("--max-body-bytes must be ≥ 1, got \(maxBodyBytes)") }
        if maxConcurrentRequests < 1 { throw ValidationError("--max-concurrent-requests must be ≥ 1, got \(maxConcurrentRequests)") }
        if timeout < 1 { throw ValidationError("--timeout must be ≥ 1, got \(timeout)") }
        if let upstream, URL(string: upstream)?.scheme.map({ ["http", "https"].contains($0) }) != true {
            throw ValidationError("--upstream must be an http or https URL, got '\(upstream)'")
        }
        var configuration = ServerConfiguration()
        configuration.host = host
        if !configuration.isLoopback && apiKeyFile == nil && !insecureNoAuth {
            throw ValidationError("Binding \(host) needs --api-key-file (or --insecure-no-auth): only loopback is served without a key.")
        }
    }

    func run() throws {
        let serve = self
        try runBlocking { try await serve.serve() }
    }

    func serve() async throws {
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.upstream = upstream
        configuration.defaultTarget = targetOptions.target
        configuration.tokenizer = tokenizerOptions.tokenizer
        configuration.maximumBodyBytes = maxBodyBytes
        configuration.maximumConcurrentRequests = maxConcurrentRequests
        configuration.timeoutSeconds = timeout
        configuration.compressLastUser = compressLastUser
        try reportingFailures {
            if let apiKeyFile {
                let key = String(decoding: try readInput(apiKeyFile), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                guard !key.isEmpty else { throw CLIFailure(.runtime, "\(apiKeyFile): the key file is empty") }
                configuration.apiKey = key
            }
            guard Tokenizer.knownEncodings.contains(configuration.tokenizer) else {
                throw CLIFailure(.usage, "serve takes an encoding name (\(Tokenizer.knownEncodings.joined(separator: ", "))), not a file")
            }
            _ = try tokenizerOptions.load()
        }
        let passOptions = self.passOptions
        let server = TersifyServer(configuration: configuration, detector: try passOptions.detector(),
                                   logger: Logger(label: "tersify.serve")) { passOptions.makeCompressor($0) }
        let host = self.host
        try await server.run { port in
            writeStandardError("tersify serve: listening on http://\(host.contains(":") ? "[\(host)]" : host):\(port)\n")
        }
    }
}
#endif
