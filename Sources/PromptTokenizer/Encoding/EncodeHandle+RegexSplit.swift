extension EncodeHandle {
    /// Encodes `text[start ..< end]` as ordinary text, cut into pieces by
    /// `split` (ICU) instead of a scanner; each piece as `encode` does it.
    func encode<Sink: TokenSink>(
        _ text: UnsafePointer<UInt8>, from start: Int, to end: Int, split: RegexSplit, into sink: inout Sink
    ) {
        let pieces = split.pieces(text, from: start, to: end)
        let cache = end - start >= PieceCache.minimumInput ? PieceCache(text: text + start, inputBytes: end - start) : nil
        var long = LongPieceState()
        defer {
            cache?.deallocate()
            long.deallocate()
        }
        var index = 0
        while index < pieces.count {
            let pieceStart = pieces[index], pieceEnd = pieces[index + 1]
            encodePiece(text + pieceStart, pieceEnd &- pieceStart, readable: end &- pieceStart, cache: cache, long: &long, into: &sink)
            index += 2
        }
    }
}
