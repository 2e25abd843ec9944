extension Compressor {
    /// Does what `request` asks, as `tersify compress` (with `--messages`
    /// for messages) does with the same options.
    ///
    /// - Parameters:
    ///   - request: What to compress, to which target, with which options.
    ///   - detector: The protected spans to find (`--keep` patterns).
    ///   - defaultTarget: The target of a request that gives neither
    ///     `budget` nor `ratio`; nil runs only the lossless passes.
    /// - Returns: The response object as one line of JSON (no line break):
    ///   for `text`, `{"id", "text", "tokens_before", "tokens_after",
    ///   "budget", "ratio", "over_budget", "cut_units", "query"}`; for
    ///   `messages`, `{"id", "messages", "tokens_before", "tokens_after",
    ///   "budget", "ratio", "over_budget"}`, `messages` in the shape given
    ///   (only the texts changed). `id` only when the request has one.
    /// - Throws: `CompressionError` as `compress(prompt:options:)` and
    ///   `ChatMessages` throw; `.invalidRequest` when the request names
    ///   another tokenizer than this compressor's.
    public func respond(
        to request: CompressionRequest, detector: ProtectedSpanDetector = ProtectedSpanDetector(),
        defaultTarget: CompressionOptions.Target? = nil
    ) throws(CompressionError) -> [UInt8] {
        if let name = request.tokenizer, name != tokenizer.name {
            throw .invalidRequest("\"tokenizer\" is \(name), but this compressor counts in \(tokenizer.name)")
        }
        let target = request.target ?? defaultTarget
        var out: [UInt8] = [UInt8(ascii: "{")]
        func raw(_ text: String) { out.append(contentsOf: text.utf8) }
        if let id = request.id {
            raw("\"id\": ")
            out.append(contentsOf: id.lazy.map { $0 == 0x0A || $0 == 0x0D ? UInt8(ascii: " ") : $0 })
            raw(", ")
        }
        func counts(before: Int, after: Int, budget: Int?, overBudget: Bool) {
            raw(", \"tokens_before\": \(before), \"tokens_after\": \(after)")
            raw(", \"budget\": \(target == nil ? "null" : budget.map(String.init) ?? "null")")
            raw(", \"ratio\": \(after > 0 ? String(Self.rounded(Double(before) / Double(after))) : "null")")
            raw(", \"over_budget\": \(overBudget)")
        }
        switch request.content {
        case let .text(text):
            let compressed = try compress(prompt: text, options: PromptOptions(
                target: target, query: request.query, detectQuestion: request.detectQuestion,
                keepInstructions: request.keepInstructions, detector: detector, bestEffort: request.bestEffort,
                reorder: request.reorder, keepCode: request.keepCode))
            let result = compressed.result
            raw("\"text\": ")
            JSONString.append(result.bytes, to: &out)
            counts(before: result.tokensBefore, after: result.tokensAfter, budget: result.budget, overBudget: result.overBudget)
            raw(", \"cut_units\": \(result.cutUnits), \"query\": ")
            if let query = compressed.query { JSONString.append(Array(query.utf8), to: &out) } else { raw("null") }
        case let .messages(json):
            var template: ChatTemplateCost? = nil
            if request.countTemplate {
                guard let known = ChatTemplateCost.known(tokenizer.name) else {
                    throw .invalidRequest("\"count_template\": no chat template is known for the tokenizer \(tokenizer.name)")
                }
                template = known
            }
            let chat = try ChatMessages(json: json)
            let policy = ChatCompressionPolicy(
                target: target, keptRoles: request.keepRoles, keepLastUserMessage: !request.compressLastUser,
                roleBudgets: request.roleBudgets, query: request.query, bestEffort: request.bestEffort,
                reorder: request.reorder, keepCode: request.keepCode, dropMessages: request.dropMessages,
                template: template)
            let result = try chat.compress(with: self, detector: detector, policy: policy)
            raw("\"messages\": ")
            // One line: the JSON's line breaks between tokens become spaces
            // (a line break inside a string is always escaped).
            out.append(contentsOf: result.json.lazy.map { $0 == 0x0A || $0 == 0x0D ? UInt8(ascii: " ") : $0 })
            counts(before: result.tokensBefore, after: result.tokensAfter, budget: result.budget, overBudget: result.overBudget)
        }
        raw("}")
        return out
    }

    /// The response to one request's JSON (`CompressionRequest`): the
    /// object `respond(to:detector:defaultTarget:)` gives, or
    /// `{"id", "error"}` with the problem's one-line description (`id` as
    /// written in the request, null when it could not be read). Never throws.
    ///
    /// - Returns: The response as one line of JSON, and whether it is an error.
    public func respond(
        toJSON json: [UInt8], detector: ProtectedSpanDetector = ProtectedSpanDetector(),
        defaultTarget: CompressionOptions.Target? = nil
    ) -> (json: [UInt8], failed: Bool) {
        let (id, parsed) = CompressionRequest._parse(json)
        do throws(CompressionError) {
            return (try respond(to: parsed.get(), detector: detector, defaultTarget: defaultTarget), false)
        } catch {
            var out = Array("{\"id\": ".utf8)
            out.append(contentsOf: (id ?? Array("null".utf8)).lazy.map { $0 == 0x0A || $0 == 0x0D ? UInt8(ascii: " ") : $0 })
            out.append(contentsOf: ", \"error\": ".utf8)
            JSONString.append(Array(error.description.utf8), to: &out)
            out.append(UInt8(ascii: "}"))
            return (out, true)
        }
    }

    /// A ratio to three decimals, as `--format json` prints it.
    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
