/// A one-hash Bloom filter of the vocabulary: 2^21 bits (256 KB, small
/// enough to stay in the L2 cache next to the text), indexed by the top 21
/// bits of the key hash (the rank table's slot comes from the low bits).
/// About one string in twenty that is not a token passes it with cl100k_base.
enum TokenFilter {
    static let words = 1 << 15

    @inline(__always)
    static func word(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> 49) }

    @inline(__always)
    static func bit(_ hash: UInt64) -> UInt64 { 1 &<< (hash >> 43 & 63) }
}
