extension CompressionRequest {
    /// Parses a request object (see `CompressionRequest`).
    ///
    /// - Throws: `CompressionError.invalidRequest` naming the problem: JSON
    ///   syntax (with its byte offset), an unknown or repeated field, a
    ///   field of the wrong type or out of range, neither or both of
    ///   `text` and `messages`, both `budget` and `ratio`, a text holding
    ///   a lone surrogate escape (no UTF-8 form).
    /// - Complexity: O(n) for n bytes.
    public init(json: [UInt8]) throws(CompressionError) {
        self = try Self._parse(json).request.get()
    }

    /// The request, or why there is none, and the JSON of its `id` when
    /// that much could be read (for the error's response).
    static func _parse(_ json: [UInt8]) -> (id: [UInt8]?, request: Result<CompressionRequest, CompressionError>) {
        var members: [String: Range<Int>] = [:]
        var scanner = JSONScanner(bytes: json)
        do throws(JSONProblem) {
            scanner.skipSpace()
            guard scanner.peek() == UInt8(ascii: "{") else {
                throw scanner.problem(scanner.peek() == nil ? "empty request" : "a request is a JSON object")
            }
            try scanner.parseObject(depth: 1) { (scanner: inout JSONScanner, key: [UInt8]) throws(JSONProblem) -> Bool in
                let name = String(decoding: key, as: UTF8.self)
                guard fields.contains(name) else {
                    throw scanner.problem("unknown field \"\(name)\"; the fields are \(fields.sorted().joined(separator: ", "))")
                }
                guard members[name] == nil else { throw scanner.problem("the field \"\(name)\" is given twice") }
                let start = scanner.i
                try scanner.skipValue(depth: 2)
                members[name] = start..<scanner.i
                return true
            }
            scanner.skipSpace()
            guard scanner.i == json.count else { throw scanner.problem("characters after the request object") }
        } catch {
            let id = members["id"].map { Array(json[$0]) }
            return (id, .failure(.invalidRequest("\(error.reason) (byte \(error.offset))")))
        }
        let id = members["id"].map { Array(json[$0]) }
        do throws(CompressionError) {
            return (id, .success(try Self(json: json, members: members, id: id)))
        } catch {
            return (id, .failure(error))
        }
    }

    private init(json: [UInt8], members: [String: Range<Int>], id: [UInt8]?) throws(CompressionError) {
        /// The raw value of a field; nil when absent or null.
        func value(_ name: String) -> ArraySlice<UInt8>? {
            guard let range = members[name] else { return nil }
            let slice = json[range]
            return slice.elementsEqual("null".utf8) ? nil : slice
        }
        func string(_ name: String) throws(CompressionError) -> [UInt8]? {
            guard let slice = value(name) else { return nil }
            guard slice.first == UInt8(ascii: "\"") else { throw .invalidRequest("\"\(name)\" must be a string") }
            var scanner = JSONScanner(bytes: json)
            scanner.i = slice.startIndex
            // The value was checked by `skipValue`: it parses.
            guard let parsed = try? scanner.parseString(), let decoded = parsed.1 else {
                throw .invalidRequest("\"\(name)\" holds a lone surrogate escape, which has no UTF-8 form")
            }
            return decoded
        }
        func bool(_ name: String) throws(CompressionError) -> Bool? {
            guard let slice = value(name) else { return nil }
            if slice.elementsEqual("true".utf8) { return true }
            if slice.elementsEqual("false".utf8) { return false }
            throw .invalidRequest("\"\(name)\" must be true or false")
        }
        func number(_ name: String) throws(CompressionError) -> Double? {
            guard let slice = value(name) else { return nil }
            guard let first = slice.first, first == UInt8(ascii: "-") || isASCIIDigit(first),
                  let number = Double(String(decoding: slice, as: UTF8.self)) else {
                throw .invalidRequest("\"\(name)\" must be a number")
            }
            return number
        }
        func count(_ name: String, _ number: Double) throws(CompressionError) -> Int {
            guard number >= 0, number == number.rounded(), number < 1e15 else {
                throw .invalidRequest("\"\(name)\" must be a whole number ≥ 0, got \(Self.describe(number))")
            }
            return Int(number)
        }

        let text = try string("text")
        let messages = value("messages")
        switch (text, messages) {
        case let (text?, nil): content = .text(text)
        case let (nil, messages?):
            guard messages.first == UInt8(ascii: "[") || messages.first == UInt8(ascii: "{") else {
                throw .invalidRequest("\"messages\" must be a messages array or a chat request object")
            }
            content = .messages(Array(messages))
        case (nil, nil): throw .invalidRequest("give \"text\" or \"messages\"")
        case (_?, _?): throw .invalidRequest("give \"text\" or \"messages\", not both")
        }
        self.id = id
        let budget = try number("budget"), ratio = try number("ratio")
        switch (budget, ratio) {
        case let (budget?, nil): target = .tokens(try count("budget", budget))
        case let (nil, ratio?):
            guard ratio >= 1, ratio.isFinite else { throw .invalidRequest("\"ratio\" must be ≥ 1, got \(Self.describe(ratio))") }
            target = .ratio(ratio)
        case (nil, nil): target = nil
        case (_?, _?): throw .invalidRequest("give \"budget\" or \"ratio\", not both")
        }
        query = try string("query").map { String(decoding: $0, as: UTF8.self) }
        tokenizer = try string("tokenizer").map { String(decoding: $0, as: UTF8.self) }
        detectQuestion = try bool("detect_question") ?? true
        keepInstructions = try bool("keep_instructions") ?? true
        keepCode = try bool("keep_code") ?? false
        bestEffort = try bool("best_effort") ?? false
        reorder = try bool("reorder") ?? false

        let chatFields = ["keep_roles", "compress_last_user", "drop_messages", "role_budgets", "count_template"]
        if case .text = content, let field = chatFields.first(where: { value($0) != nil }) {
            throw .invalidRequest("\"\(field)\" applies to \"messages\" only")
        }
        compressLastUser = try bool("compress_last_user") ?? false
        dropMessages = try bool("drop_messages") ?? false
        countTemplate = try bool("count_template") ?? false
        if let slice = value("keep_roles") {
            var roles: Set<String> = []
            var scanner = JSONScanner(bytes: json)
            scanner.i = slice.startIndex
            guard scanner.peek() == UInt8(ascii: "[") else { throw .invalidRequest("\"keep_roles\" must be an array of role names") }
            do throws(JSONProblem) {
                try scanner.parseArray(in: "keep_roles", separator: "") { (scanner: inout JSONScanner) throws(JSONProblem) in
                    guard scanner.peek() == UInt8(ascii: "\""), let role = try scanner.parseString().1 else {
                        throw scanner.problem("\"keep_roles\" must be an array of role names")
                    }
                    roles.insert(String(decoding: role, as: UTF8.self))
                }
            } catch {
                throw .invalidRequest(error.reason)
            }
            keepRoles = roles
        }
        if let slice = value("role_budgets") {
            var budgets: [String: Int] = [:]
            var scanner = JSONScanner(bytes: json)
            scanner.i = slice.startIndex
            let problem = "\"role_budgets\" must be an object of role names to whole numbers ≥ 0"
            guard scanner.peek() == UInt8(ascii: "{") else { throw .invalidRequest(problem) }
            do throws(JSONProblem) {
                try scanner.parseObject(depth: 2) { (scanner: inout JSONScanner, key: [UInt8]) throws(JSONProblem) -> Bool in
                    let start = scanner.i
                    try scanner.skipValue(depth: 3)
                    let digits = json[start..<scanner.i]
                    guard !digits.isEmpty, digits.allSatisfy(isASCIIDigit), digits.count < 16 else { throw scanner.problem(problem) }
                    budgets[String(decoding: key, as: UTF8.self)] = Int(String(decoding: digits, as: UTF8.self))
                    return true
                }
            } catch {
                throw .invalidRequest(error.reason)
            }
            roleBudgets = budgets
        }
    }

    /// A number as a user would write it: -2 rather than -2.0.
    static func describe(_ value: Double) -> String {
        value.isFinite && value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }
}
