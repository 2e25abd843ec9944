/// Writes into memory the caller sized (at most one token a byte).
struct BufferSink: TokenSink {
    let base: UnsafeMutablePointer<TokenID>
    var count = 0
    @inline(__always) mutating func append(_ id: TokenID) {
        base[count] = id
        count += 1
    }
    var mark: Int { count }
    mutating func rollback(to mark: Int) { count = mark }
}
