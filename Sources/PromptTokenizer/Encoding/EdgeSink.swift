/// Counts tokens and keeps the first and the last.
struct EdgeSink: TokenSink {
    var count = 0
    var first = TokenID.max
    var last = TokenID.max

    @inline(__always) mutating func append(_ id: TokenID) {
        if count == 0 { first = id }
        last = id
        count += 1
    }

    var mark: Int { count }
    /// Only to before a piece that is then appended again (`encodeInSegments`),
    /// which sets `last` (and `first`, from 0) again.
    mutating func rollback(to mark: Int) { count = mark }
}
