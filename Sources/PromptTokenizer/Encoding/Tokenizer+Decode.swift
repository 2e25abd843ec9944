extension Tokenizer {
    /// The bytes of a sequence of tokens, special tokens included.
    ///
    /// Matches tiktoken `Encoding.decode_bytes`. `decodeBytes(encodeOrdinary(bytes: x)) == x`
    /// for every byte string `x`.
    ///
    /// - Throws: `TokenizerError.unknownToken` for an identifier outside the vocabulary.
    /// - Complexity: O(output bytes).
    public func decodeBytes(_ ids: some Collection<TokenID>) throws(TokenizerError) -> [UInt8] {
        let result = ids.withContiguousStorageIfAvailable { buffer in
            Result { () throws(TokenizerError) in try _decode(buffer) }
        } ?? Array(ids).withUnsafeBufferPointer { buffer in
            Result { () throws(TokenizerError) in try _decode(buffer) }
        }
        return try result.get()
    }

    /// Decodes tokens to text, replacing invalid UTF-8 with U+FFFD.
    ///
    /// Like tiktoken `Encoding.decode` with `errors="replace"`; a token
    /// sequence cut inside a character ends in U+FFFD. Use `decodeBytes` for
    /// exact bytes.
    ///
    /// - Throws: `TokenizerError.unknownToken` for an identifier outside the vocabulary.
    public func decode(_ ids: some Collection<TokenID>) throws(TokenizerError) -> String {
        String(decoding: try decodeBytes(ids), as: UTF8.self)
    }

    private func _decode(_ ids: UnsafeBufferPointer<TokenID>) throws(TokenizerError) -> [UInt8] {
        let rankCount = vocabulary.rankCount
        let starts = vocabulary.tokenStarts
        let present = vocabulary.present
        // Pass 1: size and validation.
        var total = 0
        var bad: TokenID? = nil
        starts.withUnsafeBufferPointer { starts in
            present.withUnsafeBufferPointer { present in
                for id in ids {
                    let rank = Int(id)
                    if rank < rankCount && present[rank] {
                        total &+= Int(starts[rank &+ 1] &- starts[rank])
                    } else if let special = specialBytes[id] {
                        total &+= special.count
                    } else {
                        bad = id
                        return
                    }
                }
            }
        }
        if let bad { throw .unknownToken(bad) }
        // Pass 2: copy. Tokens of up to 16 bytes are copied as two 8-byte words
        // (the arena and the output have 16 bytes of slack at the end).
        return vocabulary.tokenBytes.withUnsafeBufferPointer { arena in
            starts.withUnsafeBufferPointer { starts in
              present.withUnsafeBufferPointer { present in
                [UInt8](unsafeUninitializedCapacity: total + 16) { output, initialized in
                    let out = UnsafeMutableRawPointer(output.baseAddress!)
                    let source = UnsafeRawPointer(arena.baseAddress!)
                    var at = 0
                    for id in ids {
                        let rank = Int(id)
                        if rank < rankCount && present[rank] {
                            let start = Int(starts[rank])
                            let count = Int(starts[rank &+ 1]) &- start
                            if count <= 16 {
                                out.storeBytes(
                                    of: source.loadUnaligned(fromByteOffset: start, as: UInt64.self),
                                    toByteOffset: at, as: UInt64.self)
                                out.storeBytes(
                                    of: source.loadUnaligned(fromByteOffset: start &+ 8, as: UInt64.self),
                                    toByteOffset: at &+ 8, as: UInt64.self)
                            } else {
                                (out + at).copyMemory(from: source + start, byteCount: count)
                            }
                            at &+= count
                        } else {
                            let special = specialBytes[id]!
                            special.withUnsafeBytes { (out + at).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
                            at &+= special.count
                        }
                    }
                    initialized = total
                }
              }
            }
        }
    }
}
