extension Vocabulary {
    /// Special tokens of a Tekken file that lists none (versions up to v7),
    /// at identifiers 0 to 19, as mistral-common's
    /// `Tekkenizer.DEPRECATED_SPECIAL_TOKENS`; `<SPECIAL_n>` fills the rest.
    static let tekkenDefaultSpecialTokens = [
        "<unk>", "<s>", "</s>", "[INST]", "[/INST]", "[AVAILABLE_TOOLS]", "[/AVAILABLE_TOOLS]", "[TOOL_RESULTS]",
        "[/TOOL_RESULTS]", "[TOOL_CALLS]", "[IMG]", "<pad>", "[IMG_BREAK]", "[IMG_END]", "[PREFIX]", "[MIDDLE]",
        "[SUFFIX]", "[SYSTEM_PROMPT]", "[/SYSTEM_PROMPT]", "[TOOL_CONTENT]",
    ]

    /// Parses Mistral's Tekken JSON, as mistral-common's `Tekkenizer.from_file` reads it.
    ///
    /// The special tokens come first: `config.default_num_special_tokens`
    /// of them (those the file lists, or the defaults of versions up to v7,
    /// then `<SPECIAL_n>` up to that number), and rank `r` of `vocab` is
    /// token `r + default_num_special_tokens`. Only the first
    /// `default_vocab_size - default_num_special_tokens` ranks are used
    /// (tekken_240911.json lists 150,000 and uses 130,072). A split pattern
    /// that is `SplitPattern.tekken`'s (or another's) character for
    /// character gets its scanner; any other is run by ICU.
    ///
    /// - Throws: `TokenizerError.malformedJSON` (with the byte offset) for a
    ///   file that is not JSON or lacks a part, `.invalidSplitPattern`,
    ///   `.missingByteToken`.
    static func parseTekken(
        _ file: UnsafeBufferPointer<UInt8>, path: String
    ) throws(TokenizerError) -> (vocabulary: Vocabulary, split: Tokenizer.Split, specialTokens: [String: TokenID]) {
        var reader = JSONByteReader(file)
        var pattern: String?, vocabularySize: Int?, specialCount: Int?, version = ""
        var tokens = ContiguousArray<UInt8>()
        tokens.reserveCapacity(file.count / 6)
        var ranges: [(start: Int, end: Int, rank: TokenID)] = []
        // Where each `vocab` entry starts, to name it in an error.
        var offsets: [Int] = []
        var listed: [(rank: Int, text: String)]? = nil
        var key: [UInt8] = [], value: [UInt8] = []
        func failure(_ reason: String, at offset: Int? = nil) -> TokenizerError {
            .malformedJSON(path: path, offset: offset ?? reader.position, reason: reason)
        }
        do {
            try reader.beginObject()
            while try reader.nextMember(key: &key) {
                switch String(decoding: key, as: UTF8.self) {
                case "config":
                    try reader.beginObject()
                    while try reader.nextMember(key: &key) {
                        switch String(decoding: key, as: UTF8.self) {
                        case "pattern":
                            try reader.readString(into: &value)
                            pattern = String(decoding: value, as: UTF8.self)
                        case "default_vocab_size": vocabularySize = try reader.readInteger()
                        case "default_num_special_tokens": specialCount = try reader.readInteger()
                        case "version":
                            try reader.readString(into: &value)
                            version = String(decoding: value, as: UTF8.self)
                        default: try reader.skipValue()
                        }
                    }
                case "vocab":
                    try reader.beginArray()
                    while try reader.nextElement() {
                        let entry = reader.position
                        offsets.append(entry)
                        var rank = -1
                        var range: (start: Int, end: Int)? = nil
                        try reader.beginObject()
                        while try reader.nextMember(key: &key) {
                            if key.elementsEqual("rank".utf8) {
                                rank = try reader.readInteger()
                            } else if key.elementsEqual("token_bytes".utf8) {
                                try reader.readString(into: &value)
                                let start = tokens.count
                                guard appendBase64(value, to: &tokens) else {
                                    throw failure("vocab entry \(offsets.count - 1): token_bytes is not base64", at: entry)
                                }
                                range = (start, tokens.count)
                            } else {
                                try reader.skipValue()
                            }
                        }
                        guard let range else { throw failure("vocab entry \(offsets.count - 1) has no token_bytes", at: entry) }
                        // mistral-common asserts that ranks are the entries' indices.
                        guard rank == ranges.count else {
                            throw failure("vocab entry \(ranges.count) has rank \(rank), not its index", at: entry)
                        }
                        ranges.append((range.start, range.end, TokenID(truncatingIfNeeded: rank)))
                    }
                case "special_tokens":
                    if reader.readNull() { continue }
                    var tokens: [(rank: Int, text: String)] = []
                    try reader.beginArray()
                    while try reader.nextElement() {
                        let entry = reader.position
                        var rank = -1
                        var text: String?
                        try reader.beginObject()
                        while try reader.nextMember(key: &key) {
                            if key.elementsEqual("rank".utf8) {
                                rank = try reader.readInteger()
                            } else if key.elementsEqual("token_str".utf8) {
                                try reader.readString(into: &value)
                                text = String(decoding: value, as: UTF8.self)
                            } else {
                                try reader.skipValue()
                            }
                        }
                        guard rank >= 0, let text else {
                            throw failure("special token \(tokens.count) lacks a rank or a token_str", at: entry)
                        }
                        tokens.append((rank, text))
                    }
                    listed = tokens
                default:
                    try reader.skipValue()
                }
            }
            if reader.peek() != nil { throw failure("text after the top-level object") }
        } catch let error as JSONByteReader.Failure {
            throw .malformedJSON(path: path, offset: error.offset, reason: error.reason)
        } catch let error as TokenizerError {
            throw error
        } catch {
            throw failure("\(error)")
        }

        guard let pattern else { throw failure("no config.pattern", at: 0) }
        guard let vocabularySize, let specialCount else {
            throw failure("no config.default_vocab_size or config.default_num_special_tokens", at: 0)
        }
        let split = try Tokenizer.Split.tiktoken([SplitStep(pattern)], path: path)
        let rankCount = vocabularySize - specialCount
        guard rankCount > 0, rankCount <= ranges.count, vocabularySize < 1 << 24 else {
            throw failure("config.default_vocab_size \(vocabularySize) less \(specialCount) special tokens is not 1 to \(ranges.count) ranks", at: 0)
        }

        // Special tokens: the file's (or the defaults of versions up to v7), then fillers.
        let versionNumber = Int(version.dropFirst()) ?? 0
        guard listed != nil || versionNumber <= 7 else {
            throw failure("no special_tokens, which a file of version \(version) must list", at: 0)
        }
        var special = listed ?? tekkenDefaultSpecialTokens.enumerated().map { ($0.offset, $0.element) }
        guard special.count <= specialCount else {
            throw failure("\(special.count) special tokens, more than config.default_num_special_tokens \(specialCount)", at: 0)
        }
        for rank in special.count..<specialCount { special.append((rank, "<SPECIAL_\(rank)>")) }
        var specialTokens: [String: TokenID] = [:]
        for token in special {
            guard token.rank < specialCount, specialTokens.updateValue(TokenID(token.rank), forKey: token.text) == nil else {
                throw failure("special token \(token.text) is repeated or its rank \(token.rank) is not below \(specialCount)", at: 0)
            }
        }
        guard Set(specialTokens.values).count == specialCount else {
            throw failure("special tokens' ranks are not 0 to \(specialCount - 1)", at: 0)
        }

        let used = ranges.prefix(rankCount).map { ($0.start, $0.end, $0.rank + TokenID(specialCount)) }
        var byteRanks = ContiguousArray<TokenID>(repeating: .max, count: 256)
        for range in used where range.1 - range.0 == 1 { byteRanks[Int(tokens[range.0])] = range.2 }
        if let missing = byteRanks.firstIndex(of: .max) {
            throw .missingByteToken(path: path, byte: UInt8(missing))
        }
        do {
            let vocabulary = try Vocabulary(tokens: tokens, ranges: used, byteRanks: byteRanks)
            return (vocabulary, split, specialTokens)
        } catch {
            throw failure("vocab entry \(error.entry) repeats the bytes of an earlier one", at: offsets[error.entry])
        }
    }

    /// Appends the bytes of standard base64 text (with padding) to `tokens`;
    /// false when the text is not base64.
    static func appendBase64(_ text: [UInt8], to tokens: inout ContiguousArray<UInt8>) -> Bool {
        guard !text.isEmpty, text.count % 4 == 0 else { return false }
        let decode = base64DecodeTable
        var i = 0
        while i < text.count {
            let a = decode[Int(text[i])], b = decode[Int(text[i + 1])]
            let c = decode[Int(text[i + 2])], d = decode[Int(text[i + 3])]
            let last = i + 4 == text.count
            guard a < 64, b < 64, c < 64 || (last && c == 64 && d == 64), d < 64 || (last && d == 64) else { return false }
            tokens.append(a << 2 | b >> 4)
            if c < 64 { tokens.append((b & 0x0F) << 4 | c >> 2) }
            if d < 64 { tokens.append((c & 0x03) << 6 | d) }
            i += 4
        }
        return true
    }
}
