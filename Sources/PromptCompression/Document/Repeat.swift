import Dispatch
import PromptTokenizer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A unit a deduplication pass dropped, and the kept copy it repeats.
/// Offsets are stored as `UInt32`, as `Unit`'s (20 bytes a repeat).
struct Repeat: Sendable {
    private var droppedRange: (UInt32, UInt32)
    private var originalSpan: (UInt32, UInt32)
    /// Whether the near-duplicate pass dropped it (else exact deduplication).
    var isNear: Bool

    init(dropped: Range<Int>, original: Range<Int>, isNear: Bool) {
        droppedRange = (UInt32(dropped.lowerBound), UInt32(dropped.upperBound))
        originalSpan = (UInt32(original.lowerBound), UInt32(original.upperBound))
        self.isNear = isNear
    }

    /// The dropped bytes.
    var dropped: Range<Int> { Int(droppedRange.0)..<Int(droppedRange.1) }
    /// The copy left in the text.
    var original: Range<Int> { Int(originalSpan.0)..<Int(originalSpan.1) }
}
