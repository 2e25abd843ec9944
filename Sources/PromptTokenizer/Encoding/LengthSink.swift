/// Keeps the byte lengths of the first `limit` tokens (a token longer than
/// 65,535 bytes, which no published vocabulary has, is recorded as that).
struct LengthSink: TokenSink {
    let starts: ContiguousArray<UInt32>
    let limit: Int
    var lengths: [UInt16] = []
    var count = 0

    @inline(__always) mutating func append(_ id: TokenID) {
        if count < limit { lengths.append(UInt16(min(starts[Int(id) + 1] - starts[Int(id)], 0xFFFF))) }
        count += 1
    }

    var mark: Int { count }
    mutating func rollback(to mark: Int) {
        count = mark
        if lengths.count > mark { lengths.removeLast(lengths.count - mark) }
    }
}
