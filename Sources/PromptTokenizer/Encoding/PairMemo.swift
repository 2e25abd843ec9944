import Foundation
import Synchronization

/// Remembers which token pairs are compatible, for the life of the vocabulary
/// and across threads: 2^20 direct-mapped slots (8 MB) of
/// `((a << 24 | b) + 1) << 1 | compatible`, each one atomic word, so a lookup
/// checks its own key and concurrent writers can only overwrite each other.
final class PairMemo: @unchecked Sendable {
    static let capacity = 1 << 20
    private let slots: UnsafeMutablePointer<Atomic<UInt64>>

    init() {
        // From `calloc`: pages mapped when first written, not 8 MB at once
        // (zero bits are an `Atomic(0)`).
        slots = calloc(Self.capacity, MemoryLayout<Atomic<UInt64>>.stride)!
            .bindMemory(to: Atomic<UInt64>.self, capacity: Self.capacity)
    }

    deinit {
        free(slots)
    }

    /// An unowned view, valid while this memo lives.
    var view: PairMemoView { PairMemoView(slots: slots) }
}
