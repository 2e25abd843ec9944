/// The kinds of vocabulary file that `Tokenizer(contentsOf:)` reads, told
/// apart by their content, whatever the file is named.
///
/// Adding a kind is one case here, one in `detect(_:path:)` and one in the
/// loader's switch.
public enum VocabularyFormat: String, Sendable, CaseIterable {
    /// tiktoken's format, one `BASE64 SPACE RANK` line a token: OpenAI's
    /// `.tiktoken` files and Llama 3's `tokenizer.model`. The file holds
    /// neither a split pattern nor special tokens.
    case tiktoken
    /// Mistral's Tekken JSON (`tekken.json`): an object with `config` (the
    /// split pattern, the vocabulary size, the number of special tokens)
    /// and `vocab` (the ranks, base64 bytes), and maybe `special_tokens`.
    case tekken
    /// A Hugging Face `tokenizer.json` of a byte-level BPE: an object with
    /// `model` (its vocabulary and merges), `added_tokens`, `pre_tokenizer`…
    /// (`HuggingFaceTokenizerFile`).
    case huggingFace

    /// The format of a vocabulary file's bytes.
    ///
    /// A JSON object (its first character after white space and a byte
    /// order mark is `{`) is told by its first top-level key that names a
    /// format's part: `config` or `vocab` for Tekken; `model`,
    /// `added_tokens`, `pre_tokenizer` and the like for a `tokenizer.json`.
    /// Anything else is read as tiktoken's format, whose parser names the
    /// first line that is not.
    ///
    /// - Throws: `TokenizerError.unrecognizedFormat` for a JSON object of no
    ///   known kind, `.malformedJSON` when its keys cannot be read.
    static func detect(_ bytes: UnsafeBufferPointer<UInt8>, path: String) throws(TokenizerError) -> VocabularyFormat {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        guard start < bytes.count, bytes[start] == UInt8(ascii: "{") else { return .tiktoken }
        var reader = JSONByteReader(UnsafeBufferPointer(rebasing: bytes[start...]))
        var key: [UInt8] = []
        var keys: [String] = []
        do {
            try reader.beginObject()
            while try reader.nextMember(key: &key) {
                switch String(decoding: key, as: UTF8.self) {
                case "config", "vocab": return .tekken
                case "model", "added_tokens", "pre_tokenizer", "normalizer", "post_processor", "decoder", "truncation",
                     "padding":
                    return .huggingFace
                case let other: if keys.count < 6 { keys.append(other) }
                }
                try reader.skipValue()
            }
        } catch {
            throw .malformedJSON(path: path, offset: start + error.offset, reason: error.reason)
        }
        let found = keys.isEmpty ? "no keys" : "keys " + keys.map { "'\($0)'" }.joined(separator: ", ")
        throw .unrecognizedFormat(
            path: path, reason: "a JSON object with \(found), neither a Tekken file (config, vocab) nor a tokenizer.json (model)")
    }
}
