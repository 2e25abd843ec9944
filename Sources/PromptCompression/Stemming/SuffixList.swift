/// A list of suffixes, each with a tag, looked up at the end of a word: the
/// `among` of the Snowball algorithm descriptions (the longest suffix of
/// the list that the word ends with).
///
///     bytes    e n e r n e m …      every suffix's UTF-8 bytes, one arena
///     entries  start << 16 | length << 8 | tag, sorted by last byte, then longest first
///     byLast   [256]                first entry << 16 | count, per last byte
///
/// A lookup reads only the entries whose last byte is the word's, longest
/// first, so a word that ends with none of the suffixes' last bytes costs
/// one table read.
///
/// The tables are the stemmers' static lists, built once and kept for the
/// life of the process: raw pointers, not arrays, so a lookup retains
/// nothing (arrays in the lists cost five reference-count pairs a lookup,
/// about half of a stem's time).
struct SuffixList: @unchecked Sendable {
    private let bytes: UnsafePointer<UInt8>
    private let entries: UnsafePointer<UInt32>
    private let byLast: UnsafePointer<UInt32>

    /// Builds the list.
    ///
    /// - Parameter suffixes: Each suffix, as written (UTF-8), with its tag.
    ///   A suffix is 1 to 255 bytes.
    init(_ suffixes: [(String, UInt8)]) {
        let sorted = suffixes.map { (Array($0.0.utf8), $0.1) }
            .sorted { a, b in a.0.last! != b.0.last! ? a.0.last! < b.0.last! : a.0.count > b.0.count }
        var arena: [UInt8] = [], table: [UInt32] = []
        var firsts = [UInt32](repeating: 0, count: 256)
        for (index, (suffix, tag)) in sorted.enumerated() {
            precondition(!suffix.isEmpty && suffix.count < 256, "SuffixList: a suffix of 1 to 255 bytes")
            let last = Int(suffix.last!)
            if firsts[last] == 0 { firsts[last] = UInt32(index) << 16 }
            firsts[last] += 1
            table.append(UInt32(arena.count) << 16 | UInt32(suffix.count) << 8 | UInt32(tag))
            arena += suffix
        }
        func copy<T>(_ array: [T]) -> UnsafePointer<T> {
            let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(1, array.count))
            pointer.initialize(from: array, count: array.count)
            return UnsafePointer(pointer)
        }
        bytes = copy(arena)
        entries = copy(table)
        byLast = copy(firsts)
    }

    /// Builds a list whose suffixes all have the same tag.
    init(_ suffixes: [String], tag: UInt8 = 0) {
        self.init(suffixes.map { ($0, tag) })
    }

    /// The longest suffix of `word[..<end]` in the list that starts at or
    /// after `limit`.
    ///
    /// - Returns: The suffix's length in bytes and its tag; nil when none matches.
    @inline(__always)
    func longest(_ word: UnsafePointer<UInt8>, end: Int, limit: Int = 0) -> (length: Int, tag: UInt8)? {
        guard end > limit else { return nil }
        let slot = byLast[Int(word[end &- 1])]
        let first = Int(slot >> 16)
        let count = Int(slot & 0xFFFF)
        var entry = first
        while entry < first &+ count {
            let packed = entries[entry]
            entry &+= 1
            let length = Int(packed >> 8 & 0xFF)
            guard length <= end &- limit else { continue }
            let start = Int(packed >> 16)
            var k = 1  // the last byte is known to match
            while k < length && bytes[start &+ length &- 1 &- k] == word[end &- 1 &- k] { k &+= 1 }
            if k == length { return (length, UInt8(truncatingIfNeeded: packed)) }
        }
        return nil
    }
}
