import Foundation
import Synchronization

/// Unowned pointers into a `BoundaryTables`; valid while it lives.
struct BoundaryView {
    /// Two words per code point: the filter of right parts its suffixes
    /// meet in crossings, and the filter bits of its own prefixes.
    let filters: UnsafePointer<UInt64>
    let masks: UnsafePointer<UInt8>
    let crossings: UnsafePointer<UInt64>
    let crossingMask: Int
    let encodings: UnsafeMutablePointer<Atomic<UInt64>>

    /// Whether some token crosses the boundary between the character of
    /// `leftCount` bytes ending at `at` (code point `left`) and the one of
    /// `rightCount` bytes starting there (`right`).
    @inline(__always)
    func isCrossed(_ text: UnsafePointer<UInt8>, at: Int, left: Int, leftCount: Int, right: Int, rightCount: Int) -> Bool {
        if filters[2 &* left] & filters[2 &* right &+ 1] == 0 { return false }
        return probeCrossing(text, at: at, leftBits: Int(masks[left]) & 0x7, leftCount: leftCount,
                      rightBits: Int(masks[right]) >> 4, rightCount: rightCount)
    }

    @inline(never)
    func probeCrossing(_ text: UnsafePointer<UInt8>, at: Int, leftBits: Int, leftCount: Int, rightBits: Int, rightCount: Int) -> Bool {
        // Longest parts first: most crossings are of two whole characters.
        for l in (1...leftCount).reversed() where leftBits & (1 << (l - 1)) != 0 {
            let left = packedBytes(text + at - l, l)
            for r in (1...rightCount).reversed() where rightBits & (1 << (r - 1)) != 0 {
                let key = crossingKey(left, packedBytes(text + at, r))
                var slot = Int(truncatingIfNeeded: mixCrossing(key)) & crossingMask
                while true {
                    let entry = crossings[slot]
                    if entry == key { return true }
                    if entry == 0 { break }
                    slot = (slot &+ 1) & crossingMask
                }
            }
        }
        return false
    }
}
