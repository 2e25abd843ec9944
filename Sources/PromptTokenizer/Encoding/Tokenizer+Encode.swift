/// Which special tokens a call names: all of the encoding's, none, or a set.
public enum SpecialTokenSet: Sendable, Equatable, ExpressibleByArrayLiteral {
    case all
    case some(Set<String>)

    /// No special tokens.
    public static let none = SpecialTokenSet.some([])

    public init(arrayLiteral elements: String...) { self = .some(Set(elements)) }
}

extension Tokenizer {
    // MARK: Ordinary text

    /// Encodes text, treating special tokens such as `<|endoftext|>` as plain text.
    ///
    /// Matches tiktoken `Encoding.encode_ordinary`.
    ///
    /// - Complexity: O(n) for the split and whole-token lookups; merging a
    ///   piece of k bytes is O(k²) below 64 bytes and O(k log k) above.
    public func encodeOrdinary(_ text: String) -> [TokenID] {
        withUTF8Bytes(text) { bytes in
            GrowingSink.collect(estimate: bytes.count / 3 + 8) { _encodeOrdinary(bytes, into: &$0) }
        }
    }

    /// Encodes raw bytes, which need not be valid UTF-8.
    ///
    /// Valid UTF-8 gives the same tokens as `encodeOrdinary(_:)` on the
    /// string. An invalid byte counts as one punctuation character of its own,
    /// so `decodeBytes(encodeOrdinary(bytes:))` returns the bytes unchanged.
    public func encodeOrdinary(bytes: some Sequence<UInt8>) -> [TokenID] {
        withBytes(bytes) { buffer in
            GrowingSink.collect(estimate: buffer.count / 3 + 8) { _encodeOrdinary(buffer, into: &$0) }
        }
    }

    /// Appends the tokens of `text` to `ids`, special tokens treated as text.
    public func encodeOrdinary(_ text: String, into ids: inout [TokenID]) {
        ids.append(contentsOf: encodeOrdinary(text))
    }

    /// The number of tokens `encodeOrdinary(_:)` would return, without storing them.
    public func count(_ text: String) -> Int {
        var sink = CountSink()
        withUTF8Bytes(text) { _encodeOrdinary($0, into: &sink) }
        return sink.count
    }

    /// The number of tokens of raw bytes (see `encodeOrdinary(bytes:)`).
    public func count(bytes: some Sequence<UInt8>) -> Int {
        var sink = CountSink()
        withBytes(bytes) { _encodeOrdinary($0, into: &sink) }
        return sink.count
    }

    // MARK: Special tokens

    /// Encodes text, turning the allowed special tokens into their identifiers.
    ///
    /// Matches tiktoken `Encoding.encode(text, allowed_special=…, disallowed_special=…)`:
    /// a disallowed special token in the text is an error; special tokens that
    /// are neither allowed nor disallowed are encoded as ordinary text.
    ///
    ///     try tokenizer.encode("hi<|endoftext|>", allowedSpecial: .all)   // [6151, 100257]
    ///
    /// - Parameters:
    ///   - text: The text to encode.
    ///   - allowedSpecial: Special tokens to encode as one token each.
    ///   - disallowedSpecial: Special tokens the text must not contain; `.all`
    ///     means every special token not allowed.
    /// - Throws: `TokenizerError.disallowedSpecialToken` with the token found,
    ///   `.unknownSpecialToken` if a set names a token the encoding lacks.
    public func encode(
        _ text: String, allowedSpecial: SpecialTokenSet = .none, disallowedSpecial: SpecialTokenSet = .all
    ) throws(TokenizerError) -> [TokenID] {
        let allowed = try _resolve(allowedSpecial)
        let allowedIDs = Set(allowed.map(\.id))
        let disallowed = try disallowedSpecial == .all
            ? specials.filter { !allowedIDs.contains($0.id) }
            : _resolve(disallowedSpecial)
        var found: String? = nil
        let ids = withUTF8Bytes(text) { bytes -> [TokenID] in
            // Like tiktoken, report the disallowed token that occurs first.
            if let (_, index) = firstSpecial(disallowed, in: bytes, from: 0) {
                found = String(decoding: disallowed[index].bytes, as: UTF8.self)
                return []
            }
            return GrowingSink.collect(estimate: bytes.count / 3 + 8) { sink in
                vocabulary.withHandle(handlePattern) { handle in
                    guard let base = bytes.baseAddress else { return }
                    var start = 0
                    // The leftmost allowed token; the longest of those that start there.
                    while let (position, index) = firstSpecial(allowed, in: bytes, from: start) {
                        _encodeText(handle, base, from: start, to: position, into: &sink)
                        sink.append(allowed[index].id)
                        start = position + allowed[index].bytes.count
                    }
                    _encodeText(handle, base, from: start, to: bytes.count, into: &sink)
                }
            }
        }
        if let found { throw .disallowedSpecialToken(found) }
        return ids
    }

    private func _resolve(_ set: SpecialTokenSet) throws(TokenizerError) -> [(bytes: [UInt8], id: TokenID)] {
        switch set {
        case .all:
            return specials
        case let .some(names):
            for name in names.sorted() where specialTokens[name] == nil { throw .unknownSpecialToken(name) }
            return specials.filter { names.contains(String(decoding: $0.bytes, as: UTF8.self)) }
        }
    }

    // MARK: Core

    func _encodeOrdinary<Sink: TokenSink>(_ bytes: UnsafeBufferPointer<UInt8>, into sink: inout Sink) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        vocabulary.withHandle(handlePattern) { handle in
            _encodeText(handle, base, from: 0, to: bytes.count, into: &sink)
        }
    }

    /// Encodes `text[start ..< end]` as ordinary text, in NFC first when
    /// the tokenizer asks for it and the text is not NFC already.
    ///
    /// Matches Hugging Face tokenizers, which normalizes the text between
    /// added tokens, then splits it.
    @inline(__always)
    func _encodeText<Sink: TokenSink>(
        _ handle: EncodeHandle, _ text: UnsafePointer<UInt8>, from start: Int, to end: Int, into sink: inout Sink
    ) {
        if normalization == .nfc && start < end
            && !NFCCheck.isNormalized(UnsafeBufferPointer(start: text + start, count: end - start))
        {
            _encodeNormalized(handle, UnsafeBufferPointer(start: text + start, count: end - start), into: &sink)
            return
        }
        _encodeSplit(handle, text, from: start, to: end, into: &sink)
    }

    /// Encodes `text[start ..< end]` with the scanner, or with ICU's split
    /// when no scanner knows the pattern.
    @inline(__always)
    func _encodeSplit<Sink: TokenSink>(
        _ handle: EncodeHandle, _ text: UnsafePointer<UInt8>, from start: Int, to end: Int, into sink: inout Sink
    ) {
        if let regexSplit {
            handle.encode(text, from: start, to: end, split: regexSplit, into: &sink)
        } else {
            handle.encode(text, from: start, to: end, into: &sink)
        }
    }

    @inline(never)
    func _encodeNormalized<Sink: TokenSink>(_ handle: EncodeHandle, _ text: UnsafeBufferPointer<UInt8>, into sink: inout Sink) {
        let normalized = NFCCheck.normalize(text)
        normalized.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return }
            _encodeSplit(handle, base, from: 0, to: buffer.count, into: &sink)
        }
    }
}

/// Runs `body` on the UTF-8 bytes of `text`, copying only if the string is not native.
@inline(__always)
func withUTF8Bytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    if let result = try text.utf8.withContiguousStorageIfAvailable(body) { return result }
    return try withUTF8Slow(text, body)
}

@inline(never)
func withUTF8Slow<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    var copy = text
    return try copy.withUTF8(body)
}

@inline(__always)
func withBytes<R>(_ bytes: some Sequence<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    if let result = try bytes.withContiguousStorageIfAvailable(body) { return result }
    return try Array(bytes).withUnsafeBufferPointer(body)
}

/// The leftmost position at or after `start` where one of `candidates`
/// (sorted longest first) occurs, and the index of the longest one there.
///
/// One pass over the text, whatever the number of candidates (DeepSeek V3
/// has 818 added tokens): only bytes that begin a candidate are tried.
func firstSpecial(
    _ candidates: [(bytes: [UInt8], id: TokenID)], in haystack: UnsafeBufferPointer<UInt8>, from start: Int
) -> (position: Int, index: Int)? {
    guard !candidates.isEmpty else { return nil }
    var first = [Bool](repeating: false, count: 256)
    for candidate in candidates where !candidate.bytes.isEmpty { first[Int(candidate.bytes[0])] = true }
    var i = start
    while i < haystack.count {
        if first[Int(haystack[i])] {
            for (index, candidate) in candidates.enumerated()
            where !candidate.bytes.isEmpty && candidate.bytes.count <= haystack.count - i {
                var k = 0
                while k < candidate.bytes.count && haystack[i + k] == candidate.bytes[k] { k += 1 }
                if k == candidate.bytes.count { return (i, index) }
            }
        }
        i += 1
    }
    return nil
}

extension Tokenizer {
    /// The ends of the pieces the split pattern cuts `bytes` into (no special
    /// tokens), for tests that compare the split with a regex engine.
    package func _pieceEnds(_ bytes: [UInt8]) -> [Int] {
        if let regexSplit {
            let pieces = bytes.withUnsafeBufferPointer { buffer in
                buffer.baseAddress.map { regexSplit.pieces($0, from: 0, to: buffer.count) } ?? []
            }
            return stride(from: 1, to: pieces.count, by: 2).map { pieces[$0] }
        }
        var ends: [Int] = []
        vocabulary.withHandle(handlePattern) { handle in
            bytes.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                var position = 0
                while position < buffer.count {
                    position = handle.pieceEnd(base, position, buffer.count)
                    ends.append(position)
                }
            }
        }
        return ends
    }
}
