import Foundation

/// A byte trie of all tokens, for the longest token at a position, and each
/// token's longest proper prefix that is a token. Built on first use (the
/// backtracking encoder of long pieces needs it), in about 30 ms for cl100k_base.
///
///     edges:      open addressing, slots of | (node << 8 | byte) + 1: 32 | child: 32 |
///     nextPrefix: for each rank, the longest token that is a proper prefix of it
///     twoByte:    the node after each two-byte prefix, so a walk starts at depth 2
///                 (`UInt32.max` when none)
///
/// Node numbers: the node where a token ends is numbered by the token's
/// rank; other nodes (the root among them) get numbers from `tokenLimit`
/// (the rank count) on. So a walk knows whether a node ends a token by
/// comparing its number, without reading a table of 0.6 M entries.
final class TokenTrie: @unchecked Sendable {
    /// Pointers into the buffers this object owns (valid while it lives),
    /// for the encoder's inner loop: no reference counting there.
    let view: TrieView
    /// Compatibility of token pairs, learned while encoding.
    private let memo = PairMemo()
    /// Where pieces split at character boundaries, and single characters' tokens.
    let boundaries: BoundaryTables
    let edges: UnsafeMutableBufferPointer<UInt64>
    let nextPrefix: UnsafeMutableBufferPointer<TokenID>
    let twoByte: UnsafeMutableBufferPointer<UInt32>
    /// The table file the buffers above point into; nil when they were built here.
    private let mapping: TableMapping?

    /// A trie read from a table file: its buffers point into `mapping`.
    init(
        mapping: TableMapping, edges: UnsafeBufferPointer<UInt64>, nextPrefix: UnsafeBufferPointer<TokenID>,
        twoByte: UnsafeBufferPointer<UInt32>, boundaries: BoundaryTables
    ) {
        self.mapping = mapping
        self.edges = UnsafeMutableBufferPointer(mutating: edges)
        self.nextPrefix = UnsafeMutableBufferPointer(mutating: nextPrefix)
        self.twoByte = UnsafeMutableBufferPointer(mutating: twoByte)
        self.boundaries = boundaries
        self.view = TrieView(
            edges: edges.baseAddress!, edgeMask: edges.count - 1, tokenLimit: UInt32(nextPrefix.count),
            nextPrefix: nextPrefix.baseAddress!, twoByte: twoByte.baseAddress!, memo: memo.view,
            boundaries: boundaries.view)
    }

    init(
        arena: ContiguousArray<UInt8>, starts: ContiguousArray<UInt32>, present: ContiguousArray<Bool>,
        boundaries: BoundaryTables
    ) {
        mapping = nil
        let rankCount = starts.count - 1
        var capacity = 1 << 10
        // About 0.6 million edges for cl100k_base: 2^20 slots.
        while capacity < Int(starts[rankCount]) * 3 / 2 { capacity <<= 1 }
        var edges = [UInt64](repeating: 0, count: capacity)
        let mask = capacity - 1
        var nextPrefix = [TokenID](repeating: .max, count: rankCount)
        // Nodes that end no token are numbered from `rankCount` on; the root first.
        let root = rankCount
        var nextNumber = rankCount + 1

        /// The child of `node` by `byte`; with `insert`, created when missing,
        /// numbered `number` if given (a token's last node), else the next free number.
        func child(_ node: Int, _ byte: UInt8, insert: Bool, number: Int? = nil) -> Int? {
            let key = UInt32(node) << 8 | UInt32(byte)
            var slot = Int(truncatingIfNeeded: mixEdge(key)) & mask
            while edges[slot] != 0 {
                if UInt32(truncatingIfNeeded: edges[slot] >> 32) == key &+ 1 {
                    return Int(truncatingIfNeeded: edges[slot] & 0xFFFF_FFFF)
                }
                slot = (slot + 1) & mask
            }
            guard insert else { return nil }
            let new: Int
            if let number {
                new = number
            } else {
                new = nextNumber
                nextNumber += 1
            }
            edges[slot] = UInt64(key &+ 1) << 32 | UInt64(new)
            return new
        }

        // Shortest tokens first: every token's proper prefixes that are tokens
        // are in the trie before it, so the nodes created for a token's inner
        // bytes never end a token, and its last node is always new.
        var byLength: [[Int]] = []
        for rank in 0..<rankCount where present[rank] {
            let length = Int(starts[rank + 1] - starts[rank])
            while byLength.count <= length { byLength.append([]) }
            byLength[length].append(rank)
        }
        for ranks in byLength {
            for rank in ranks {
                var node = root
                let first = Int(starts[rank]), last = Int(starts[rank + 1]) - 1
                for i in first..<last { node = child(node, arena[i], insert: true)! }
                let end = child(node, arena[last], insert: true, number: rank)!
                precondition(end == rank, "a token's last trie node is new")
            }
        }
        precondition(nextNumber < 1 << 24, "trie nodes are numbered below 2^24")
        for rank in 0..<rankCount where present[rank] {
            var node = root
            for i in Int(starts[rank])..<Int(starts[rank + 1]) - 1 {
                node = child(node, arena[i], insert: false)!
                if node < rankCount { nextPrefix[rank] = TokenID(node) }
            }
        }
        // The node after each two-byte prefix: most walks start with one read.
        var twoByte = [UInt32](repeating: .max, count: 1 << 16)
        for first in 0..<256 {
            guard let level1 = child(root, UInt8(first), insert: false) else { continue }
            for second in 0..<256 {
                if let level2 = child(level1, UInt8(second), insert: false) { twoByte[first << 8 | second] = UInt32(level2) }
            }
        }
        self.twoByte = .allocate(capacity: twoByte.count)
        _ = self.twoByte.initialize(from: twoByte)
        self.edges = .allocate(capacity: edges.count)
        _ = self.edges.initialize(from: edges)
        self.nextPrefix = .allocate(capacity: nextPrefix.count)
        _ = self.nextPrefix.initialize(from: nextPrefix)
        self.boundaries = boundaries
        self.view = TrieView(
            edges: UnsafePointer(self.edges.baseAddress!), edgeMask: mask,
            tokenLimit: UInt32(rankCount),
            nextPrefix: UnsafePointer(self.nextPrefix.baseAddress!),
            twoByte: UnsafePointer(self.twoByte.baseAddress!), memo: memo.view, boundaries: boundaries.view)
    }

    deinit {
        guard mapping == nil else { return }
        edges.deallocate()
        nextPrefix.deallocate()
        twoByte.deallocate()
    }
}

@inline(__always)
func mixEdge(_ key: UInt32) -> UInt64 {
    var h = UInt64(key) &* 0x9E37_79B9_7F4A_7C15
    h ^= h >> 29
    return h
}
