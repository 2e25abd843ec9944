

/// Counting a text in parts cut inside a token piece, exactly.
///
/// A token sequence is the BPE encoding of a piece exactly when every two
/// neighbouring tokens are compatible (see `EncodeHandle+Backtrack.swift`).
/// So when a long piece is cut at `q` and each part is encoded alone, the
/// parts' encodings put together are the piece's encoding exactly when the
/// last token before `q` and the first token after it are compatible: the
/// counts then add up. When they are not, `q` is not a token boundary of
/// the whole, and the caller counts the piece whole.
///
/// The caller must cut only where the split pattern gives the parts the
/// pieces of the whole but for the piece that is cut (`_isJoinableCut`).
extension Tokenizer {
    /// The number of tokens of `bytes`, with the first and the last one
    /// (`TokenID.max` for empty input).
    package func _countWithEdgeTokens(bytes: UnsafeBufferPointer<UInt8>) -> (count: Int, first: TokenID, last: TokenID) {
        var sink = EdgeSink()
        _encodeOrdinary(bytes, into: &sink)
        return (sink.count, sink.first, sink.last)
    }

    /// Whether BPE encodes the bytes of `a` followed by those of `b` as
    /// exactly `[a, b]`; remembered in the vocabulary's pair memo.
    package func _areCompatible(_ a: TokenID, _ b: TokenID) -> Bool {
        guard Int(a) < vocabulary.rankCount, Int(b) < vocabulary.rankCount,
              vocabulary.present[Int(a)], vocabulary.present[Int(b)] else { return false }
        return vocabulary.withHandle(handlePattern) { handle in
            var state = LongPieceState()
            defer { state.deallocate() }
            state.prepare(handle.trieBox)
            return handle.pairCompatible(a, b, &state)
        }
    }

    /// The offsets in `bytes` where its tokens end, in order (the last is `bytes.count`).
    package func _tokenEnds(bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        let ids = GrowingSink.collect(estimate: bytes.count / 3 + 8) { _encodeOrdinary(bytes, into: &$0) }
        var ends: [Int] = []
        ends.reserveCapacity(ids.count)
        var position = 0
        for id in ids {
            position += Int(vocabulary.tokenStarts[Int(id) + 1] - vocabulary.tokenStarts[Int(id)])
            ends.append(position)
        }
        return ends
    }

    /// The byte lengths of the first `limit` tokens of `bytes` (fewer when
    /// it has fewer), two bytes each: the start of a long text's encoding
    /// without its ids.
    package func _tokenLengths(bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> [UInt16] {
        var sink = LengthSink(starts: vocabulary.tokenStarts, limit: max(0, limit))
        _encodeOrdinary(bytes, into: &sink)
        return sink.lengths
    }

    /// The length of the longest mergeable token, in bytes: a text of n
    /// bytes has at least ⌈n / this⌉ tokens.
    package var _longestTokenBytes: Int { vocabulary.maxTokenLength }
}

/// Whether a text may be cut at `i` into two parts that the split pattern
/// (cl100k_base's or o200k_base's) cuts into the pieces of the whole text,
/// but for the piece holding `i`, which each part ends or starts with a
/// part of: the 8 bytes on each side of `i` are ASCII lowercase letters.
///
/// In both patterns such a position lies inside a word piece (a letter run,
/// optionally led by one other character; o200k's lowercase part). A piece
/// ends there only after a contraction (`'s`, `'ll`), whose apostrophe is
/// not a letter; a letter run read from inside ends where the whole one
/// does, with the same contraction after it; and the pieces before the
/// run's start read no byte near `i`.
@inline(__always)
package func _isJoinableCut(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
    guard i >= 8, i + 8 <= bytes.count else { return false }
    for k in (i - 8)..<(i + 8) where bytes[k] &- UInt8(ascii: "a") >= 26 { return false }
    return true
}
