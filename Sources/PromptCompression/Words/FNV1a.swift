/// The 64-bit FNV-1a hash's parameters: `h = offset`, then for each byte
/// `h = (h ^ byte) &* prime`. Every word hash of the module uses them, so
/// that a word hashes alike wherever it is read.
enum FNV1a {
    static let offset: UInt64 = 0xCBF2_9CE4_8422_2325
    static let prime: UInt64 = 0x100_0000_01B3
}
