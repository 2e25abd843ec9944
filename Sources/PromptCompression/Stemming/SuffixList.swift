/// A list of suffixes, each with a tag, looked up at the end of a word: the
/// `among` of the Snowball algorithm descriptions (the longest suffix of
/// the list that the word ends with).
///
///     bytes    e n e r n e m …      every suffix's UTF-8 bytes, one arena
///     entries  (start, length, tag) sorted by last byte, then longest first
///     byLast   [256]                first entry and count of each last byte
///
/// A lookup reads only the entries whose last byte is the word's, longest
/// first, so a word that ends with none of the suffixes' last bytes costs
/// one table read.
struct SuffixList: Sendable {
    /// The suffixes' bytes.
    let bytes: [UInt8]
    /// Per entry: start in `bytes`, length, and the caller's tag.
    let starts: [UInt16]
    let lengths: [UInt8]
    let tags: [UInt8]
    /// Per last byte: the first entry (high 16 bits) and the number of entries.
    let byLast: [UInt32]

    /// Builds the list.
    ///
    /// - Parameter suffixes: Each suffix, as written (UTF-8), with its tag.
    ///   A suffix is at most 255 bytes and not empty.
    init(_ suffixes: [(String, UInt8)]) {
        let sorted = suffixes.map { (Array($0.0.utf8), $0.1) }
            .sorted { a, b in a.0.last! != b.0.last! ? a.0.last! < b.0.last! : a.0.count > b.0.count }
        var bytes: [UInt8] = [], starts: [UInt16] = [], lengths: [UInt8] = [], tags: [UInt8] = []
        var byLast = [UInt32](repeating: 0, count: 256)
        for (index, (suffix, tag)) in sorted.enumerated() {
            precondition(!suffix.isEmpty && suffix.count < 256, "SuffixList: a suffix of 1 to 255 bytes")
            let last = Int(suffix.last!)
            if byLast[last] == 0 { byLast[last] = UInt32(index) << 16 }
            byLast[last] += 1
            starts.append(UInt16(bytes.count))
            lengths.append(UInt8(suffix.count))
            tags.append(tag)
            bytes += suffix
        }
        self.bytes = bytes
        self.starts = starts
        self.lengths = lengths
        self.tags = tags
        self.byLast = byLast
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
        guard count > 0 else { return nil }
        return bytes.withUnsafeBufferPointer { arena in
            for entry in first..<(first &+ count) {
                let length = Int(lengths[entry])
                guard length <= end &- limit else { continue }
                let start = Int(starts[entry])
                var matches = true
                var k = 1  // the last byte is known to match
                while k < length {
                    if arena[start &+ length &- 1 &- k] != word[end &- 1 &- k] {
                        matches = false
                        break
                    }
                    k &+= 1
                }
                if matches { return (length, tags[entry]) }
            }
            return nil
        }
    }
}
