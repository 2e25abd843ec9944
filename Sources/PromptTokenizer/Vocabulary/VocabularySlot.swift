/// One slot of `Vocabulary.slots`.
struct VocabularySlot: Sendable {
    /// The token's first 8 bytes, little-endian, zero-padded.
    var prefix: UInt64
    /// `hash tag: 32 | rank + 1: 24 | min(length, 255): 8`; 0 when the slot is empty.
    var meta: UInt64
}
