import Foundation

/// Unowned pointers into a `TokenTrie`; valid while the trie lives.
struct TrieView {
    let edges: UnsafePointer<UInt64>
    let edgeMask: Int
    /// Nodes numbered below this end a token: the token of that rank.
    let tokenLimit: UInt32
    let nextPrefix: UnsafePointer<TokenID>
    /// The node after each two-byte prefix (`first << 8 | second`), `UInt32.max` when none.
    let twoByte: UnsafePointer<UInt32>
    let memo: PairMemoView
    let boundaries: BoundaryView
}
