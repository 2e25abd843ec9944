/// An immutable hash table from short byte strings to a one-byte value, for
/// word lookups without allocation.
///
/// Representation:
///
///     arenaBytes   all keys back to back:  t h e a n d o f ...
///     arenaStarts  key i is arenaBytes[arenaStarts[i] ..< arenaStarts[i + 1]]   (count + 1 offsets)
///     valueBytes  the value of key i
///     slotTable   open addressing, linear probing; -1 is empty, else a key index.
///              A power of two at least twice the key count.
///
/// Keys are hashed with 64-bit FNV-1a. Built once (the stopword and
/// detection tables are `static let`s, built on first use) and then only read.
struct ByteStringTable: Sendable {
    let arenaBytes: ContiguousArray<UInt8>
    let arenaStarts: ContiguousArray<UInt32>
    let valueBytes: ContiguousArray<UInt8>
    let slotTable: ContiguousArray<Int32>
    /// Longest key, in bytes: longer probes are answered without hashing.
    let maximumKeyLength: Int

    /// Builds a table from keys and values; a key given twice keeps the value
    /// `combine` makes of the old and the new one.
    ///
    /// - Complexity: O(total key bytes).
    init(_ entries: [([UInt8], UInt8)], combine: (UInt8, UInt8) -> UInt8 = { old, _ in old }) {
        var capacity = 16
        while capacity < entries.count * 2 { capacity <<= 1 }
        var bytes = ContiguousArray<UInt8>()
        var starts: ContiguousArray<UInt32> = [0]
        var values = ContiguousArray<UInt8>()
        var slots = ContiguousArray<Int32>(repeating: -1, count: capacity)
        var longest = 0
        for (key, value) in entries {
            var slot = Int(truncatingIfNeeded: ByteStringTable.hash(key)) & (capacity - 1)
            var found = false
            while slots[slot] >= 0 {
                let index = Int(slots[slot])
                if bytes[Int(starts[index])..<Int(starts[index + 1])].elementsEqual(key) {
                    values[index] = combine(values[index], value)
                    found = true
                    break
                }
                slot = (slot + 1) & (capacity - 1)
            }
            if found { continue }
            slots[slot] = Int32(values.count)
            bytes.append(contentsOf: key)
            starts.append(UInt32(bytes.count))
            values.append(value)
            longest = max(longest, key.count)
        }
        arenaBytes = bytes
        arenaStarts = starts
        valueBytes = values
        slotTable = slots
        maximumKeyLength = longest
    }

    /// The number of keys.
    var count: Int { valueBytes.count }

    /// The value of `key`, or nil when it is not in the table.
    ///
    /// - Complexity: O(key length), expected.
    func value(of key: UnsafeBufferPointer<UInt8>) -> UInt8? {
        guard key.count <= maximumKeyLength, !key.isEmpty else { return nil }
        let mask = slotTable.count - 1
        var slot = Int(truncatingIfNeeded: ByteStringTable.hash(key)) & mask
        return arenaBytes.withUnsafeBufferPointer { bytes in
            while true {
                let index = Int(slotTable[slot])
                if index < 0 { return nil }
                let start = Int(arenaStarts[index])
                let end = Int(arenaStarts[index + 1])
                if end - start == key.count, equalBytes(bytes.baseAddress! + start, key.baseAddress!, key.count) {
                    return valueBytes[index]
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// The keys and values, in insertion order (for tests and the detector's tables).
    var entries: [([UInt8], UInt8)] {
        (0..<count).map { (Array(arenaBytes[Int(arenaStarts[$0])..<Int(arenaStarts[$0 + 1])]), valueBytes[$0]) }
    }

    /// 64-bit FNV-1a.
    static func hash<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt64 {
        var hash: UInt64 = FNV1a.offset
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

/// Whether `count` bytes at `a` and at `b` are equal (keys are short: a
/// loop, no libc).
@inline(__always)
func equalBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    for i in 0..<count where a[i] != b[i] { return false }
    return true
}
