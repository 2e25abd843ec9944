import Dispatch

extension Tokenizer {
    /// Encodes a large text on several threads, with the same result as
    /// `encodeOrdinary(_:)`.
    ///
    /// The text is cut into chunks of about `chunkSize` bytes, only at
    /// positions where a piece of the split pattern must begin (see
    /// `_isPieceBoundary`), so no piece is cut; the chunks are encoded in
    /// parallel and concatenated.
    ///
    /// - Parameters:
    ///   - text: The text to encode.
    ///   - chunkSize: Target bytes a chunk; small texts are encoded on the calling thread.
    public func encodeOrdinaryParallel(_ text: String, chunkSize: Int = 1 << 20) -> [TokenID] {
        withUTF8Bytes(text) { _encodeParallel($0, chunkSize: chunkSize) }
    }

    /// Encodes many texts on several threads; `result[i] == encodeOrdinary(texts[i])`.
    public func encodeOrdinaryBatch(_ texts: [String]) -> [[TokenID]] {
        var results = [[TokenID]](repeating: [], count: texts.count)
        results.withUnsafeMutableBufferPointer { results in
            nonisolated(unsafe) let output = results
            DispatchQueue.concurrentPerform(iterations: texts.count) { index in
                output[index] = encodeOrdinary(texts[index])
            }
        }
        return results
    }

    func _encodeParallel(_ bytes: UnsafeBufferPointer<UInt8>, chunkSize: Int) -> [TokenID] {
        let cuts = _chunkBoundaries(bytes, chunkSize: max(chunkSize, 4096))
        if cuts.count <= 2 {
            return GrowingSink.collect(estimate: bytes.count / 3 + 8) { _encodeOrdinary(bytes, into: &$0) }
        }
        var parts = [[TokenID]](repeating: [], count: cuts.count - 1)
        parts.withUnsafeMutableBufferPointer { parts in
            nonisolated(unsafe) let output = parts
            nonisolated(unsafe) let input = bytes
            DispatchQueue.concurrentPerform(iterations: cuts.count - 1) { index in
                let part = UnsafeBufferPointer(rebasing: input[cuts[index]..<cuts[index + 1]])
                output[index] = GrowingSink.collect(estimate: part.count / 3 + 8) { _encodeOrdinary(part, into: &$0) }
            }
        }
        var result: [TokenID] = []
        result.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for part in parts { result.append(contentsOf: part) }
        return result
    }

    /// Chunk boundaries `[0, …, count]`, each a position where the split
    /// pattern must start a piece.
    func _chunkBoundaries(_ bytes: UnsafeBufferPointer<UInt8>, chunkSize: Int) -> [Int] {
        // The boundary rule is the scanners' patterns'; another pattern's text stays whole.
        guard _splitsByScanner else { return [0, bytes.count] }
        var cuts = [0]
        var target = chunkSize
        while target < bytes.count {
            // Look ahead at most one chunk for a safe cut; otherwise skip this cut.
            let limit = min(bytes.count, target + chunkSize)
            var position = target
            while position < limit && !_isPieceBoundary(bytes, position) { position += 1 }
            if position < limit && position > cuts.last! { cuts.append(position) }
            target = max(position, target) + chunkSize
        }
        cuts.append(bytes.count)
        return cuts
    }

    /// Whether a hand-written scanner cuts the text into pieces: only then do
    /// the piece boundaries of `_isPieceBoundary` and `_isJoinableCut` hold.
    package var _splitsByScanner: Bool { regexSplit == nil }

    /// Whether every piece of both split patterns ends at `i`, whatever comes
    /// before: true after a `\n` followed by a non-space ASCII character
    /// other than `/`, and after an ASCII letter followed by an ASCII space.
    ///
    /// A piece holding a line break ends at the last one of its white space
    /// run, or of the `[\r\n]*` (cl100k) or `[\r\n/]*` (o200k) after a
    /// punctuation run; a piece holding a letter is a word, with a
    /// contraction after it (o200k), or a contraction (cl100k). Neither
    /// reaches past such a position, and the chunk's own end (`$` of
    /// `\s++$`, `(?!\S)`) cannot change the piece before it.
    func _isPieceBoundary(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        guard i > 0, i < bytes.count else { return false }
        let before = bytes[i - 1], at = bytes[i]
        if before == UInt8(ascii: "\n") {
            return at > 0x20 && at < 0x80 && at != UInt8(ascii: "/")
        }
        let isLetter = (before | 0x20) >= UInt8(ascii: "a") && (before | 0x20) <= UInt8(ascii: "z")
        return isLetter && at == UInt8(ascii: " ")
    }
}
