/// One compression job described as a JSON object: a line of
/// `tersify batch`, the body of a server's compress call.
///
///     {"id": 7, "text": "…", "budget": 800, "query": "Who founded it?"}
///     {"id": "a", "messages": [{"role": "user", "content": "…"}], "ratio": 4}
///
/// Fields (snake_case, as `--format json` writes them):
/// - `id`: any JSON value, echoed verbatim in the response; optional.
/// - `text` (a prompt, as `tersify compress` reads one) or `messages` (a
///   chat request object or a messages array, as `--messages` reads one):
///   exactly one.
/// - `budget` (tokens, an integer ≥ 0) or `ratio` (a number ≥ 1): at most
///   one; without either the request's default target applies
///   (`Compressor.respond(to:defaults:)`), and without that only the
///   lossless passes run.
/// - `tokenizer`: the encoding to count in (`cl100k_base`, `o200k_base`),
///   for callers that hold several (`tersify serve`).
/// - `query`, `detect_question`, `keep_instructions`, `keep_code`,
///   `best_effort`, `reorder`: as the command-line options of the same names.
/// - With `messages`: `keep_roles` (an array of role names),
///   `compress_last_user`, `drop_messages`, `role_budgets` (an object of
///   role names to token counts), `count_template` (the chat template's
///   tokens in the budget, `ChatTemplateCost`).
///
/// An unknown field is an error, so that a misspelt option is not ignored.
public struct CompressionRequest: Sendable, Equatable {
    /// What to compress.
    public enum Content: Sendable, Equatable {
        /// A prompt's UTF-8 bytes.
        case text([UInt8])
        /// The JSON of a chat request or a messages array, as written.
        case messages([UInt8])
    }

    /// The JSON of the request's `id`, as written; nil when it has none.
    public var id: [UInt8]?
    public var content: Content
    /// Nil: the default target of the run.
    public var target: CompressionOptions.Target?
    public var query: String?
    public var detectQuestion = true
    public var keepInstructions = true
    public var keepCode = false
    public var bestEffort = false
    public var reorder = false
    /// Roles kept whole with `messages`.
    public var keepRoles: Set<String> = ["system", "developer"]
    public var compressLastUser = false
    public var dropMessages = false
    public var roleBudgets: [String: Int] = [:]
    /// Count the chat template's tokens in the budget (`count_template`).
    public var countTemplate = false
    /// The encoding to count in (`tokenizer`); nil: the caller's. `Compressor.respond`
    /// ignores it: the caller picks the compressor of that encoding.
    public var tokenizer: String?

    public init(id: [UInt8]? = nil, content: Content, target: CompressionOptions.Target? = nil, query: String? = nil) {
        self.id = id
        self.content = content
        self.target = target
        self.query = query
    }

    /// The fields a request may hold.
    public static let fields: Set<String> = [
        "id", "text", "messages", "budget", "ratio", "query", "detect_question", "keep_instructions", "keep_code",
        "best_effort", "reorder", "keep_roles", "compress_last_user", "drop_messages", "role_budgets", "tokenizer",
        "count_template",
    ]
}
