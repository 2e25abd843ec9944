import Foundation

/// A Hugging Face `tokenizer.json` of a byte-level BPE, read into what a
/// `Tokenizer` is made of.
///
/// Reads the parts that decide the token ids of `Tokenizer.encode(text,
/// add_special_tokens=False)` in Hugging Face tokenizers:
///
///     normalizer      none, NFC, or a Sequence of those
///     pre_tokenizer   Split steps (any behavior, inverted or not) then ByteLevel
///                     (no prefix space; its GPT-2 expression with use_regex)
///     model           BPE: vocab (token string -> id), merges ("a b" or ["a", "b"])
///     added_tokens    matched in the raw text: `specialTokens`
///
/// The byte-level alphabet (GPT-2's `bytes_to_unicode`) maps each token
/// string back to bytes; strings outside it (such as DeepSeek's
/// `<｜begin▁of▁sentence｜>`) are no mergeable tokens.
///
/// The encoder merges by rank over byte strings, as tiktoken does, with a
/// token's id as its rank. That is Hugging Face's merge-by-pair exactly
/// when (checked here) each token comes from its first merge in the order
/// of the ids, and BPE over each token's own bytes gives that token back:
/// then every part a merge makes is such a token, and two neighbouring
/// parts whose bytes make a token are always that token's pair. Tokens no
/// merge makes, or that BPE never gives whole, are left out of the
/// mergeable tokens.
struct HuggingFaceTokenizerFile {
    let vocabulary: Vocabulary
    /// The added tokens by content.
    let specialTokens: [String: TokenID]
    let normalization: Normalization
    /// The scanner's pattern when the steps are a known pattern's, else
    /// the steps compiled for ICU (with Oniguruma's anchors).
    let split: Tokenizer.Split
    /// The `Split` steps, in order, and ByteLevel's expression last when it has `use_regex`.
    let steps: [SplitStep]
    /// Mergeable tokens BPE never produces (no merge makes them, or BPE over
    /// their bytes gives other tokens): decodable, never encoded.
    let unreachable: [TokenID: [UInt8]]

    /// Whether `bytes` look like a JSON object (a `tokenizer.json`) rather
    /// than a `.tiktoken` file: the first byte that is not white space is `{`.
    static func isJSON(_ bytes: [UInt8]) -> Bool {
        for byte in bytes.prefix(4096) {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): continue
            case 0xEF: continue  // a UTF-8 byte order mark
            case 0xBB, 0xBF: continue
            default: return byte == UInt8(ascii: "{")
            }
        }
        return false
    }

    /// Parses a `tokenizer.json`.
    ///
    /// - Parameters:
    ///   - checksReachability: Whether to run BPE over every token's bytes to
    ///     find the tokens it never gives whole; false only for files known
    ///     to have none (the pinned files of `Tokenizer.named(_:)`).
    /// - Throws: `TokenizerError.malformedTokenizerFile` for a file that is
    ///   not one, `.unsupportedTokenizer` for parts this loader does not model.
    init(_ data: [UInt8], path: String, checksReachability: Bool = true) throws(TokenizerError) {
        func malformed(_ reason: String) -> TokenizerError { .malformedTokenizerFile(path: path, reason: reason) }
        func unsupported(_ reason: String) -> TokenizerError { .unsupportedTokenizer(path: path, reason: reason) }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(data))
        } catch {
            throw malformed("not JSON (\(error.localizedDescription))")
        }
        guard let root = object as? [String: Any] else { throw malformed("not a JSON object") }
        guard let model = root["model"] as? [String: Any] else { throw malformed("no \"model\" object") }
        let modelType = model["type"] as? String ?? "BPE"
        guard modelType == "BPE" else { throw unsupported("model type \(modelType) (only byte-level BPE)") }
        if let dropout = model["dropout"], !(dropout is NSNull) { throw unsupported("BPE dropout") }
        if model["byte_fallback"] as? Bool == true { throw unsupported("byte_fallback") }
        for affix in ["continuing_subword_prefix", "end_of_word_suffix"] {
            if let value = model[affix] as? String, !value.isEmpty { throw unsupported("\(affix) \"\(value)\"") }
        }
        let ignoresMerges = model["ignore_merges"] as? Bool ?? false

        normalization = try Self.normalization(root["normalizer"], unsupported)
        steps = try Self.splitSteps(root["pre_tokenizer"], unsupported)
        if let pattern = SplitPattern.recognizing(steps) {
            split = .pattern(pattern)
        } else {
            do {
                split = .regex(try RegexSplit(steps, lineAnchors: true))
            } catch {
                throw unsupported("pre_tokenizer expression \(String(reflecting: steps[error.step].regex).prefix(120)) is not one ICU compiles (\(error.reason))")
            }
        }

        // Vocabulary: token strings back to bytes.
        guard let vocab = model["vocab"] as? [String: Any] else { throw malformed("model has no \"vocab\" object") }
        let byteOf = Self.byteLevelDecoding
        var bytesByID: [TokenID: [UInt8]] = [:]
        var idByBytes: [[UInt8]: TokenID] = [:]
        var idByString: [String: TokenID] = [:]
        bytesByID.reserveCapacity(vocab.count)
        idByBytes.reserveCapacity(vocab.count)
        idByString.reserveCapacity(vocab.count)
        for (string, value) in vocab {
            guard let number = value as? NSNumber, let id = TokenID(exactly: number.doubleValue), id < 1 << 24 else {
                throw malformed("vocab entry \(String(reflecting: string)) has no id below 16777216")
            }
            idByString[string] = id
            var bytes: [UInt8] = []
            bytes.reserveCapacity(string.unicodeScalars.count)
            for scalar in string.unicodeScalars {
                guard scalar.value < 0x144, let byte = byteOf[Int(scalar.value)] else { bytes = []; break }
                bytes.append(byte)
            }
            // Not in the byte-level alphabet: an added token's entry, no mergeable token.
            guard !bytes.isEmpty else { continue }
            if bytesByID.updateValue(bytes, forKey: id) != nil { throw malformed("id \(id) is given twice in vocab") }
            if let other = idByBytes.updateValue(id, forKey: bytes) {
                throw malformed("vocab entries \(other) and \(id) have the same bytes")
            }
        }
        var byteRanks = ContiguousArray<TokenID>(repeating: .max, count: 256)
        for (bytes, id) in idByBytes where bytes.count == 1 { byteRanks[Int(bytes[0])] = id }
        if let missing = byteRanks.firstIndex(of: .max) { throw .missingByteToken(path: path, byte: UInt8(missing)) }

        // Merges: each token's first merge; their ids must follow the merge order.
        guard let merges = model["merges"] as? [Any] else { throw malformed("model has no \"merges\" list") }
        var split: [TokenID: Int] = [:]  // merged token -> byte length of its left part
        split.reserveCapacity(merges.count)
        var previous: TokenID? = nil
        for (index, entry) in merges.enumerated() {
            let pair: [String]
            if let text = entry as? String {
                pair = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            } else if let list = entry as? [String] {
                pair = list
            } else {
                throw malformed("merge \(index) is neither \"a b\" nor [\"a\", \"b\"]")
            }
            guard pair.count == 2, let left = idByString[pair[0]], let right = idByString[pair[1]],
                  let leftBytes = bytesByID[left], let rightBytes = bytesByID[right],
                  let merged = idByBytes[leftBytes + rightBytes]
            else { throw malformed("merge \(index) \(pair) names tokens that are not in vocab") }
            guard split[merged] == nil else { continue }
            split[merged] = leftBytes.count
            if let previous, merged <= previous {
                throw unsupported("token ids do not follow the merge order (merge \(index) makes id \(merged), after \(previous))")
            }
            previous = merged
        }

        // Tokens BPE never gives: made by no merge, or not given back whole.
        var unreachable: [TokenID: [UInt8]] = [:]
        for (id, bytes) in bytesByID where bytes.count > 1 && split[id] == nil { unreachable[id] = bytes }
        if checksReachability {
            for id in Self.notSelfEncoding(bytesByID, idByBytes, split, byteRanks) { unreachable[id] = bytesByID[id] }
        }
        if ignoresMerges && !unreachable.isEmpty {
            throw unsupported("ignore_merges with tokens that merges never make")
        }
        self.unreachable = unreachable

        var tokens = ContiguousArray<UInt8>()
        var ranges: [(start: Int, end: Int, rank: TokenID)] = []
        ranges.reserveCapacity(bytesByID.count)
        for (id, bytes) in bytesByID.sorted(by: { $0.key < $1.key }) where unreachable[id] == nil {
            ranges.append((tokens.count, tokens.count + bytes.count, id))
            tokens.append(contentsOf: bytes)
        }
        do {
            vocabulary = try Vocabulary(tokens: tokens, ranges: ranges, byteRanks: byteRanks)
        } catch {
            throw malformed("two vocab entries have the same bytes")
        }

        // Added tokens.
        var specials: [String: TokenID] = [:]
        for (index, entry) in (root["added_tokens"] as? [[String: Any]] ?? []).enumerated() {
            guard let content = entry["content"] as? String, !content.isEmpty,
                  let number = entry["id"] as? NSNumber, let id = TokenID(exactly: number.doubleValue), id < 1 << 24
            else { throw malformed("added token \(index) has no content or id") }
            for flag in ["lstrip", "rstrip", "single_word"] where entry[flag] as? Bool == true {
                throw unsupported("added token \(String(reflecting: content)) with \(flag)")
            }
            specials[content] = id
        }
        specialTokens = specials
    }

    /// GPT-2's byte-level alphabet, reversed: the byte of each character
    /// below U+0144, or nil. Printable Latin-1 characters stand for
    /// themselves; the other bytes, in order, for U+0100 on.
    static let byteLevelDecoding: [UInt8?] = {
        var table = [UInt8?](repeating: nil, count: 0x144)
        var next = 0x100
        for byte in 0..<256 {
            let printable = (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte)
            if printable {
                table[byte] = UInt8(byte)
            } else {
                table[next] = UInt8(byte)
                next += 1
            }
        }
        return table
    }()

    /// The normalizer: none, NFC, or a Sequence of at most one NFC.
    static func normalization(_ value: Any?, _ unsupported: (String) -> TokenizerError) throws(TokenizerError) -> Normalization {
        guard let value, !(value is NSNull) else { return .none }
        guard let object = value as? [String: Any], let type = object["type"] as? String else {
            throw unsupported("normalizer \(value)")
        }
        switch type {
        case "NFC":
            return .nfc
        case "Sequence":
            let parts = object["normalizers"] as? [Any] ?? []
            var result = Normalization.none
            for part in parts {
                guard try normalization(part, unsupported) == .nfc, result == .none else {
                    throw unsupported("normalizer sequence \(parts)")
                }
                result = .nfc
            }
            return result
        default:
            throw unsupported("normalizer \(type)")
        }
    }

    /// The steps of the pre-tokenizer: `Split` steps, then a ByteLevel step
    /// without a prefix space, whose `use_regex` (true when absent) adds
    /// GPT-2's expression as a last isolated step.
    static func splitSteps(_ value: Any?, _ unsupported: (String) -> TokenizerError) throws(TokenizerError) -> [SplitStep] {
        guard let object = value as? [String: Any], let type = object["type"] as? String else {
            throw unsupported("pre_tokenizer \(value.map { "\($0)" } ?? "null")")
        }
        let steps: [[String: Any]] = type == "Sequence" ? object["pretokenizers"] as? [[String: Any]] ?? [] : [object]
        var result: [SplitStep] = []
        for (index, step) in steps.enumerated() {
            switch step["type"] as? String {
            case "Split":
                guard let pattern = step["pattern"] as? [String: Any],
                      let expression = (pattern["Regex"] as? String) ?? (pattern["String"] as? String).map(NSRegularExpression.escapedPattern)
                else { throw unsupported("Split step without a pattern") }
                let name = step["behavior"] as? String ?? ""
                guard let behavior = SplitStep.Behavior(rawValue: name) else {
                    throw unsupported("Split step with behavior \(String(reflecting: name)) (known: \(SplitStep.Behavior.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                result.append(SplitStep(expression, behavior: behavior, invert: step["invert"] as? Bool ?? false))
            case "ByteLevel":
                guard index == steps.count - 1 else { throw unsupported("ByteLevel before other pre-tokenizer steps") }
                if step["add_prefix_space"] as? Bool == true { throw unsupported("ByteLevel add_prefix_space") }
                if step["use_regex"] as? Bool ?? true { result.append(SplitStep(SplitStep.gpt2)) }
            default:
                throw unsupported("pre_tokenizer step \(step["type"] ?? "without a type")")
            }
        }
        guard steps.last?["type"] as? String == "ByteLevel" else { throw unsupported("a pre_tokenizer without ByteLevel") }
        return result
    }

    /// The merged tokens that Hugging Face's BPE over their own bytes does
    /// not give back whole: merge the pair of neighbouring parts with the
    /// lowest merge (lowest id), leftmost first, where a pair merges only
    /// if it is the token's own pair (its left part's length is the
    /// token's split).
    static func notSelfEncoding(
        _ bytesByID: [TokenID: [UInt8]], _ idByBytes: [[UInt8]: TokenID], _ split: [TokenID: Int],
        _ byteRanks: ContiguousArray<TokenID>
    ) -> [TokenID] {
        var result: [TokenID] = []
        var starts: [Int] = []
        for (id, bytes) in bytesByID where bytes.count > 1 && split[id] != nil {
            starts = Array(0...bytes.count)
            while starts.count > 2 {
                var best: (id: TokenID, at: Int)? = nil
                for i in 0..<(starts.count - 2) {
                    let candidate = Array(bytes[starts[i]..<starts[i + 2]])
                    guard let merged = idByBytes[candidate], split[merged] == starts[i + 1] - starts[i] else { continue }
                    if best == nil || merged < best!.id { best = (merged, i) }
                }
                guard let best else { break }
                starts.remove(at: best.at + 1)
            }
            if starts.count > 2 { result.append(id) }
        }
        return result
    }
}
