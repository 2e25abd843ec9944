import PromptCompression

/// What `tersify serve` listens on, forwards to and allows.
public struct ServerConfiguration: Sendable {
    /// The address to bind; loopback by default.
    public var host = "127.0.0.1"
    /// The port; 0 picks a free one (the one chosen is printed at start).
    public var port = 8787
    /// The base URL of an OpenAI-compatible API (`https://api.openai.com/v1`):
    /// with it, `POST /v1/chat/completions` compresses and forwards.
    public var upstream: String?
    /// The target of a request that names none (a compress body without
    /// `budget` or `ratio`, a proxied request without `X-Tersify-Budget`
    /// or `X-Tersify-Ratio`); nil: lossless passes only, and the proxy
    /// forwards such requests unchanged.
    public var defaultTarget: CompressionOptions.Target?
    /// Whether the proxy compresses the last user message too (kept whole by
    /// default, as with `--messages`); `X-Tersify-Compress-Last-User: true`
    /// or `false` on a request decides for it.
    public var compressLastUser = false
    /// The encoding of requests that name none.
    public var tokenizer = "cl100k_base"
    /// The largest request body, in bytes (413 above).
    public var maximumBodyBytes = 32 << 20
    /// Requests handled at once; more get 503 with `Retry-After`.
    public var maximumConcurrentRequests = 64
    /// The longest a proxied request may take, upstream answer included (504 after).
    public var timeoutSeconds = 300
    /// The bearer token the server asks for; nil: none.
    public var apiKey: String?

    public init() {}

    /// Whether `host` names only this machine.
    public var isLoopback: Bool {
        ["127.0.0.1", "::1", "localhost"].contains(host) || host.hasPrefix("127.")
    }
}
