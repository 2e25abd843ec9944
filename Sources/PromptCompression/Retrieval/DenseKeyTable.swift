/// An open-addressing map of well-mixed 64-bit keys to identifiers given in
/// order of insertion (0, 1, 2, …), as `TermTable`'s slots are.
///
///     slots  [ -1  2  -1  0  1  -1 … ]   an identifier, or -1 for an empty slot
///     keys   [ k0  k1  k2 … ]            the key of each identifier
///
/// A slot is 4 bytes and a key 8 bytes an identifier; `TermTable` keeps
/// both in every slot, 12 bytes a slot at a load of at most one half. The
/// pairs of the query-free ranking were the peak of a 4x compression of
/// text without repeats (docs/performance.md, "Memory").
struct DenseKeyTable {
    /// The key of each identifier.
    private(set) var keys: [UInt64] = []
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// The identifier of `key`, or -1.
    @inline(__always)
    func id(of key: UInt64) -> Int {
        var position = Int(truncatingIfNeeded: key) & mask
        while true {
            let id = slots[position]
            if id < 0 { return -1 }
            if keys[Int(id)] == key { return Int(id) }
            position = (position + 1) & mask
        }
    }

    /// The identifier of `key`, the next one when it is new.
    @inline(__always)
    mutating func idInserting(_ key: UInt64) -> (id: Int, inserted: Bool) {
        var position = Int(truncatingIfNeeded: key) & mask
        while true {
            let id = slots[position]
            if id < 0 { break }
            if keys[Int(id)] == key { return (Int(id), false) }
            position = (position + 1) & mask
        }
        let id = keys.count
        slots[position] = Int32(id)
        keys.append(key)
        if keys.count * 2 > slots.count { grow() }
        return (id, true)
    }

    private mutating func grow() {
        slots = []
        slots = [Int32](repeating: -1, count: (mask + 1) * 2)
        mask = slots.count - 1
        for (id, key) in keys.enumerated() {
            var position = Int(truncatingIfNeeded: key) & mask
            while slots[position] >= 0 { position = (position + 1) & mask }
            slots[position] = Int32(id)
        }
    }
}
