import Dispatch
import PromptTokenizer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small open-addressing set of term hashes; each term gets a slot index.
/// Keys must be well mixed (their low bits pick the bucket).
struct TermTable {
    private(set) var keys: [UInt64]
    private(set) var slots: [Int32]
    private(set) var count = 0
    private var mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// Adds a term; its slot is the number of terms before it.
    mutating func insert(_ term: UInt64) {
        let key = term
        var position = Int(truncatingIfNeeded: key) & mask
        while slots[position] >= 0 {
            if keys[position] == key { return }
            position = (position + 1) & mask
        }
        keys[position] = key
        slots[position] = Int32(count)
        count += 1
        if count * 2 > keys.count { grow() }
    }

    /// The slot of `term`, inserting it (as slot `count`) when it is new.
    @inline(__always)
    mutating func slotInserting(_ term: UInt64) -> (slot: Int, inserted: Bool) {
        let slot = slot(of: term)
        if slot >= 0 { return (slot, false) }
        insert(term)
        return (count - 1, true)
    }

    /// The slot of a term, or -1.
    @inline(__always)
    func slot(of term: UInt64) -> Int {
        let key = term
        var position = Int(truncatingIfNeeded: key) & mask
        while true {
            let slot = slots[position]
            if slot < 0 { return -1 }
            if keys[position] == key { return Int(slot) }
            position = (position + 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = keys, oldSlots = slots
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        slots = [Int32](repeating: -1, count: oldKeys.count * 2)
        mask = keys.count - 1
        for (key, slot) in zip(oldKeys, oldSlots) where slot >= 0 {
            var position = Int(truncatingIfNeeded: key) & mask
            while slots[position] >= 0 { position = (position + 1) & mask }
            keys[position] = key
            slots[position] = slot
        }
    }
}

/// The term of a pair of neighbouring words (odd; word terms are even).
@inline(__always)
func pairTerm(_ first: UInt64, _ second: UInt64) -> UInt64 {
    mixBits(first &* 0x9E37_79B9_7F4A_7C15 ^ second) | 1
}
