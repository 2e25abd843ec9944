extension EncodeHandle {
    /// Encodes `text[start ..< end]` as ordinary text, cut into pieces by
    /// `split` (ICU) instead of a scanner; each piece as `encode` does it.
    func encode<Sink: TokenSink>(
        _ text: UnsafePointer<UInt8>, from start: Int, to end: Int, split: RegexSplit, into sink: inout Sink
    ) {
        let cache = end - start >= PieceCache.minimumInput ? PieceCache(text: text + start, inputBytes: end - start) : nil
        var long = LongPieceState()
        defer {
            cache?.deallocate()
            long.deallocate()
        }
        split.forEachPiece(text, from: start, to: end) { pieceStart, pieceEnd in
            encodePiece(text + pieceStart, pieceEnd &- pieceStart, readable: end &- pieceStart, cache: cache, long: &long, into: &sink)
        }
    }
}
