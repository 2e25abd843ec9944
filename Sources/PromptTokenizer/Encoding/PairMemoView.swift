import Foundation
import Synchronization

struct PairMemoView {
    let slots: UnsafeMutablePointer<Atomic<UInt64>>

    @inline(__always)
    private static func key(_ a: TokenID, _ b: TokenID) -> (key: UInt64, slot: Int) {
        let key = (UInt64(a) << 24 | UInt64(b)) &+ 1
        return (key, Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 44))
    }

    @inline(__always)
    func lookup(_ a: TokenID, _ b: TokenID) -> Bool? {
        let (key, slot) = Self.key(a, b)
        let entry = slots[slot].load(ordering: .relaxed)
        return entry >> 1 == key ? entry & 1 == 1 : nil
    }

    @inline(__always)
    func store(_ a: TokenID, _ b: TokenID, _ compatible: Bool) {
        let (key, slot) = Self.key(a, b)
        slots[slot].store(key << 1 | (compatible ? 1 : 0), ordering: .relaxed)
    }
}
