/// A token's identifier: its rank in the vocabulary (lower ranks merge first).
///
/// Matches tiktoken's `Rank`.
public typealias TokenID = UInt32

/// Everything that can go wrong while loading a vocabulary or coding tokens.
///
/// Each case carries what a user needs to find the problem: the file and line
/// of a bad vocabulary entry, the token that is not in the vocabulary.
public enum TokenizerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The vocabulary file does not exist or cannot be read.
    case unreadableFile(path: String, reason: String)
    /// A line of a `.tiktoken` file is not `BASE64 SPACE RANK`.
    case malformedLine(path: String, line: Int, reason: String)
    /// Two lines of a vocabulary give the same rank.
    case duplicateRank(path: String, line: Int, rank: TokenID)
    /// Two lines of a vocabulary give the same token bytes.
    case duplicateToken(path: String, line: Int)
    /// A `tokenizer.json` is not valid JSON, or lacks a part a byte-level BPE needs.
    case malformedTokenizerFile(path: String, reason: String)
    /// A `tokenizer.json` asks for something this tokenizer does not model
    /// (another model type, normalizer or pre-tokenizer step).
    case unsupportedTokenizer(path: String, reason: String)
    /// The vocabulary has no token for a single byte, so some input could not be encoded.
    case missingByteToken(path: String, byte: UInt8)
    /// The file's SHA-256 is not the one the named encoding must have.
    case checksumMismatch(path: String, expected: String, actual: String)
    /// A JSON vocabulary (a Tekken file) is not valid JSON, or lacks a part
    /// its format needs; `offset` is the byte where that shows.
    case malformedJSON(path: String, offset: Int, reason: String)
    /// A split pattern (a vocabulary file's, or one given) is not a regular
    /// expression ICU compiles; `reason` is ICU's error name.
    case invalidSplitPattern(path: String, pattern: String, reason: String)
    /// A file that is none of the formats in `VocabularyFormat`.
    case unrecognizedFormat(path: String, reason: String)
    /// No encoding of that name is known.
    case unknownEncoding(String)
    /// A token identifier outside the vocabulary was given to `decode`.
    case unknownToken(TokenID)
    /// The text contains a special token that the call does not allow.
    case disallowedSpecialToken(String)
    /// A special token named in `allowedSpecial` is not one of the encoding's.
    case unknownSpecialToken(String)

    public var description: String {
        switch self {
        case let .unreadableFile(path, reason):
            "cannot read vocabulary \(path): \(reason)"
        case let .malformedLine(path, line, reason):
            "\(path):\(line): malformed vocabulary line: \(reason)"
        case let .duplicateRank(path, line, rank):
            "\(path):\(line): rank \(rank) is given twice"
        case let .duplicateToken(path, line):
            "\(path):\(line): token bytes are given twice"
        case let .malformedTokenizerFile(path, reason):
            "\(path): not a byte-level BPE tokenizer.json: \(reason)"
        case let .unsupportedTokenizer(path, reason):
            "\(path): unsupported tokenizer.json: \(reason)"
        case let .missingByteToken(path, byte):
            "\(path): no token for the single byte 0x\(String(byte, radix: 16, uppercase: true))"
        case let .checksumMismatch(path, expected, actual):
            "\(path): SHA-256 is \(actual), expected \(expected) (corrupt or wrong file)"
        case let .malformedJSON(path, offset, reason):
            "\(path): byte \(offset): malformed vocabulary JSON: \(reason)"
        case let .invalidSplitPattern(path, pattern, reason):
            "\(path): split pattern \(String(reflecting: pattern).prefix(120)) is not a regular expression (\(reason))"
        case let .unrecognizedFormat(path, reason):
            "\(path): not a vocabulary file: \(reason)"
        case let .unknownEncoding(name):
            "unknown encoding '\(name)' (known: \(Tokenizer.knownEncodings.joined(separator: ", ")))"
        case let .unknownToken(id):
            "token id \(id) is not in the vocabulary"
        case let .disallowedSpecialToken(token):
            "the text contains the special token \(token), which this call does not allow"
        case let .unknownSpecialToken(token):
            "\(token) is not a special token of this encoding"
        }
    }
}
