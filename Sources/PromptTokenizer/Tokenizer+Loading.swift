import Foundation

extension Tokenizer {
    /// Encodings `named(_:)` can load, with the file name in the cache, the
    /// SHA-256 the file must have, the split pattern and the special tokens
    /// (a `tokenizer.json` names its pattern and special tokens itself).
    static let _encodings: [String: (file: String, sha256: String, pattern: SplitPattern, special: [String: TokenID])] = [
        "cl100k_base": (
            "cl100k_base.tiktoken",
            "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
            .cl100k,
            [
                "<|endoftext|>": 100257, "<|fim_prefix|>": 100258, "<|fim_middle|>": 100259,
                "<|fim_suffix|>": 100260, "<|endofprompt|>": 100276,
            ]
        ),
        "o200k_base": (
            "o200k_base.tiktoken",
            "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
            .o200k,
            ["<|endoftext|>": 199999, "<|endofprompt|>": 200018]
        ),
        "llama3": (
            "llama3.tiktoken",
            "82e9d31979e92ab929cd544440f129d9ecd797b69e327f80f17e1c50d5551b55",
            .llama3,
            llama3SpecialTokens
        ),
        "o200k_harmony": (
            "o200k_base.tiktoken",
            "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
            .o200k,
            o200kHarmonySpecialTokens
        ),
        "mistral-tekken": (
            "mistral-tekken.json",
            "1948e2d48b0e7377f1bb5f1210f1ae5f984934e75713fc07e2452729b8365316",
            .tekken,
            tekkenSpecialTokens
        ),
        "qwen2.5": (
            "qwen2.5.tokenizer.json",
            "c0382117ea329cdf097041132f6d735924b697924d6f6fc3945713e96ce87539",
            .qwen2,
            [:]
        ),
        "qwen3": (
            "qwen3.tokenizer.json",
            "aeb13307a71acd8fe81861d94ad54ab689df773318809eed3cbe794b4492dae4",
            .qwen2,
            [:]
        ),
        "deepseek-v3": (
            "deepseek-v3.tokenizer.json",
            "621ac2e32d0dba658404412318818aaa8ce8cda492e59830109d8da6b517fb41",
            .deepSeekV3,
            [:]
        ),
    ]

    /// gpt-oss's special tokens (the harmony chat format) after o200k_base's
    /// ranks, as tiktoken 0.14.0's `o200k_harmony` numbers them: o200k_base's
    /// two, thirteen named, and `<|reserved_N|>` for every other identifier
    /// up to 201,087 (200,018 is both `<|endofprompt|>` and `<|reserved_200018|>`).
    static let o200kHarmonySpecialTokens: [String: TokenID] = {
        var tokens: [String: TokenID] = [
            "<|endofprompt|>": 200018, "<|startoftext|>": 199998, "<|endoftext|>": 199999, "<|return|>": 200002,
            "<|constrain|>": 200003, "<|channel|>": 200005, "<|start|>": 200006, "<|end|>": 200007,
            "<|message|>": 200008, "<|call|>": 200012,
        ]
        for id in [200000, 200001, 200004, 200009, 200010, 200011] + Array(200013..<201088) {
            tokens["<|reserved_\(id)|>"] = TokenID(id)
        }
        return tokens
    }()

    /// The special tokens of Mistral's Tekken v3 (tekken_240911.json lists
    /// none): mistral-common's twenty defaults, then `<SPECIAL_n>` up to 1,000.
    static let tekkenSpecialTokens: [String: TokenID] = {
        var tokens: [String: TokenID] = [:]
        for (id, text) in Vocabulary.tekkenDefaultSpecialTokens.enumerated() { tokens[text] = TokenID(id) }
        for id in Vocabulary.tekkenDefaultSpecialTokens.count..<1000 { tokens["<SPECIAL_\(id)>"] = TokenID(id) }
        return tokens
    }()

    /// Llama 3's special tokens after its 128,000 ranks, as its reference
    /// tokenizer (`llama_models/llama3/tokenizer.py`) numbers them: twelve
    /// named, then reserved ones up to 256 in all.
    static let llama3SpecialTokens: [String: TokenID] = {
        let named = [
            "<|begin_of_text|>", "<|end_of_text|>", "<|reserved_special_token_0|>", "<|reserved_special_token_1|>",
            "<|finetune_right_pad_id|>", "<|step_id|>", "<|start_header_id|>", "<|end_header_id|>", "<|eom_id|>",
            "<|eot_id|>", "<|python_tag|>", "<|image|>",
        ]
        let reserved = (0..<(256 - named.count)).map { "<|reserved_special_token_\($0 + 2)|>" }
        var tokens: [String: TokenID] = [:]
        for (offset, name) in (named + reserved).enumerated() { tokens[name] = TokenID(128_000 + offset) }
        return tokens
    }()

    /// Names `named(_:)` accepts.
    public static var knownEncodings: [String] { _encodings.keys.sorted() }

    /// The folder vocabularies are cached in: `$TERSIFY_CACHE`, or `~/.cache/tersify`.
    public static var defaultCacheDirectory: String {
        let environment = ProcessInfo.processInfo.environment
        if let folder = environment["TERSIFY_CACHE"], !folder.isEmpty { return folder }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.cache/tersify"
    }

    /// Loads a known encoding from the cache folder, checking the file's SHA-256.
    ///
    /// `scripts/fetch-vocabulary.sh` puts the files there. The tables built
    /// from a file are kept beside it (`tables/FILE.tables`) and read by
    /// later loads while the file is unchanged (its size, time and inode).
    ///
    /// - Parameters:
    ///   - name: An encoding name, one of `knownEncodings`: `cl100k_base`,
    ///     `o200k_base`, `o200k_harmony`, `llama3`, `mistral-tekken`,
    ///     `qwen2.5`, `qwen3` or `deepseek-v3`.
    ///   - cacheDirectory: Where to look; `defaultCacheDirectory` when `nil`.
    /// - Throws: `TokenizerError.unknownEncoding`, `.unreadableFile` (with a hint
    ///   to run the fetch script), `.checksumMismatch`, or a parse error.
    public static func named(_ name: String, cacheDirectory: String? = nil) throws(TokenizerError) -> Tokenizer {
        guard let encoding = _encodings[name] else { throw .unknownEncoding(name) }
        let folder = cacheDirectory ?? defaultCacheDirectory
        let path = folder + "/" + encoding.file
        guard FileManager.default.fileExists(atPath: path) else {
            throw .unreadableFile(path: path, reason: "no such file (run scripts/fetch-vocabulary.sh \(name), or set TERSIFY_CACHE)")
        }
        return try _loadNamed(name, path: path, cacheDirectory: folder, encoding: encoding)
    }

    /// Loads a vocabulary file of any `VocabularyFormat`, told by its
    /// content: a `.tiktoken` file (Llama 3's `tokenizer.model` is one), a
    /// Tekken JSON file, or a Hugging Face `tokenizer.json` of a byte-level BPE.
    ///
    /// A `tokenizer.json` gives its own split steps, normalization and
    /// special tokens (its `added_tokens`). Split steps that are a known
    /// pattern's (`SplitPattern.qwen2`, `.llama3`, `.deepSeekV3`; Tekken's
    /// in a Tekken file) run on a hand-written scanner; any others are run
    /// by ICU's regular expressions, with the same pieces but slower.
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - name: The encoding's name; when `nil`, the known encoding's if the
    ///     file is one's (same SHA-256), else the file name without extension.
    ///   - splitPattern: The pattern that cuts text into pieces. When `nil`,
    ///     the file's own (Tekken), the known encoding's if the file is one's
    ///     (same SHA-256), else `.cl100k`.
    ///   - splitSteps: Steps to cut text with instead, such as one isolated
    ///     regular expression, read as tiktoken reads it; a known pattern's
    ///     get its scanner. Takes precedence over `splitPattern`.
    ///   - specialTokens: Special tokens and their identifiers. When `nil`,
    ///     the file's own (Tekken), or the known encoding's if the file is one's.
    ///   - expectedSHA256: When given, the file's hash must match.
    /// - Throws: `TokenizerError` naming the file, and the line or byte offset for a parse error.
    public init(
        contentsOf path: String, name: String? = nil, splitPattern: SplitPattern? = nil, splitSteps: [SplitStep]? = nil,
        specialTokens: [String: TokenID]? = nil, expectedSHA256: String? = nil
    ) throws(TokenizerError) {
        var givenSplit = splitPattern.map { Split.pattern($0) }
        if let splitSteps { givenSplit = try Split.tiktoken(splitSteps, path: path) }
        let data = try Self._contentsOfVocabularyFile(path)
        let digest = SHA256Digest.hex(data)
        if let expected = expectedSHA256, expected.lowercased() != digest {
            throw .checksumMismatch(path: path, expected: expected, actual: digest)
        }
        // Encodings may share a file (o200k_base, o200k_harmony): the first name in order.
        let known = Self._encodings.filter { $0.value.sha256 == digest }.min { $0.key < $1.key }
        let format = try data.withUnsafeBufferPointer { buffer in
            Result { () throws(TokenizerError) in try VocabularyFormat.detect(buffer, path: path) }
        }.get()
        if format == .huggingFace {
            // The pinned files are known to have no token BPE never gives (tested).
            let file = try HuggingFaceTokenizerFile(data, path: path, checksReachability: known == nil)
            let fileName = (path as NSString).lastPathComponent
            let baseName = fileName.hasSuffix(".json") ? String(fileName.dropLast(5)) : fileName
            self.init(
                name: name ?? known?.key ?? (baseName.hasSuffix(".tokenizer") ? String(baseName.dropLast(10)) : baseName),
                vocabulary: file.vocabulary, split: givenSplit ?? file.split,
                specialTokens: specialTokens ?? file.specialTokens, normalization: file.normalization,
                decodeOnly: file.unreachable
            )
            return
        }
        let parsed = try data.withUnsafeBufferPointer { buffer in
            Result { () throws(TokenizerError) -> (Vocabulary, Split?, [String: TokenID]?) in
                if format == .tekken {
                    let tekken = try Vocabulary.parseTekken(buffer, path: path)
                    return (tekken.vocabulary, tekken.split, tekken.specialTokens)
                }
                do throws(TokenizerError) {
                    return (try Vocabulary.parseTiktoken(buffer, path: path), nil, nil)
                } catch let .malformedLine(path, 1, reason) {
                    throw .malformedLine(path: path, line: 1, reason: reason + "; the file is not a .tiktoken vocabulary, nor a Tekken or tokenizer.json file")
                }
            }
        }.get()
        let fileName = (path as NSString).lastPathComponent
        let baseName = fileName.hasSuffix(".tiktoken") ? String(fileName.dropLast(9))
            : fileName.hasSuffix(".json") ? String(fileName.dropLast(5)) : fileName
        self.init(
            name: name ?? known?.key ?? baseName, vocabulary: parsed.0,
            split: givenSplit ?? parsed.1 ?? .pattern(known?.value.pattern ?? .cl100k),
            specialTokens: specialTokens ?? parsed.2 ?? known?.value.special ?? [:]
        )
    }

    /// The tokens of a `tokenizer.json` that BPE never gives (no merge
    /// makes them, or BPE over their bytes gives other tokens), found by
    /// running BPE over every token's bytes: the check `named(_:)` skips for
    /// the pinned files.
    package static func _unreachableTokens(tokenizerJSON path: String) throws(TokenizerError) -> [TokenID] {
        let file = try HuggingFaceTokenizerFile(_contentsOfVocabularyFile(path), path: path, checksReachability: true)
        return file.unreachable.keys.sorted()
    }

    /// The bytes of a vocabulary file, or an error saying why it cannot be one.
    ///
    /// The file is opened without blocking (a FIFO with no writer would wait
    /// forever) and checked before it is read: a folder, a device (whose
    /// reads may never end, as /dev/zero's), a FIFO, a socket and an empty
    /// file are refused by name.
    ///
    /// - Throws: `.unreadableFile` with the reason: "no such file", "is a
    ///   folder", "is not a regular file (character device)", "is empty",
    ///   "not readable (permission denied)", or the system's description.
    static func _contentsOfVocabularyFile(_ path: String) throws(TokenizerError) -> [UInt8] {
        func failure(_ code: Int32) -> TokenizerError {
            let reason: String = switch code {
            case ENOENT: "no such file"
            case ENOTDIR: "no such file (a part of the path is not a folder)"
            case EACCES: "not readable (permission denied)"
            case EISDIR: "is a folder"
            default: String(cString: strerror(code))
            }
            return .unreadableFile(path: path, reason: reason)
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard descriptor >= 0 else { throw failure(errno) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw failure(errno) }
        let kind: String? = switch info.st_mode & S_IFMT {
        case S_IFREG: nil
        case S_IFDIR: "is a folder"
        case S_IFCHR: "is not a regular file (character device)"
        case S_IFBLK: "is not a regular file (block device)"
        case S_IFIFO: "is not a regular file (FIFO)"
        case S_IFSOCK: "is not a regular file (socket)"
        default: "is not a regular file"
        }
        if let kind { throw .unreadableFile(path: path, reason: kind) }
        // One byte more than the size: the read that returns 0 there proves the end.
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        var count = 0
        while true {
            if count == bytes.count { bytes += [UInt8](repeating: 0, count: max(4096, bytes.count)) }
            let n = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + count, $0.count - count) }
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw failure(errno)
            }
            count += n
        }
        guard count > 0 else { throw .unreadableFile(path: path, reason: "is empty") }
        bytes.removeSubrange(count...)
        return bytes
    }
}
