import Foundation
import Synchronization

/// Encoding long pieces by backtracking over the token trie.
///
/// A token sequence is the BPE encoding of a piece exactly when every two
/// neighbouring tokens are *compatible*: the BPE encoding of their two
/// strings together is those two tokens (the characterization GitHub's `bpe`
/// crate is built on; it needs every token to encode to itself, which
/// `Tokenizer` checks for cl100k_base in its tests). The encoder takes the
/// longest token at each position and, when it is not compatible with the
/// previous one, the next shorter prefix token, backtracking when none is
/// left. Compatibility of a pair is decided by the exact merge loop on the
/// pair's bytes and remembered in a memo shared by all calls (`PairMemo`).
///
/// Near-linear on real text, where backtracking is rare; a step budget
/// bounds the search, and past it the piece goes to the merge loop. Trie
/// nodes where a token ends are numbered by the token's rank (`TokenTrie`).
struct LongPieceState {
    /// Keeps the trie alive for the call; `view` points into it.
    var trie: TokenTrie?
    var view: TrieView?
    /// Room for two tokens' bytes while deciding compatibility.
    var pairBytes: UnsafeMutablePointer<UInt8>? = nil
    /// Keeps the boundary tables alive for the call; `boundaries` points into them.
    var boundaryTables: BoundaryTables?
    var boundaries: BoundaryView?

    mutating func deallocate() { pairBytes?.deallocate() }

    /// Builds the boundary tables on first use and points `boundaries` into them.
    @inline(__always)
    mutating func prepareBoundaries(_ box: LazyTrie) {
        if boundaries == nil {
            let built = box.boundaries()
            boundaryTables = built
            boundaries = built.view
        }
    }

    /// Builds the trie on first use and points `view` into it.
    @inline(__always)
    mutating func prepare(_ box: LazyTrie) {
        if view == nil {
            let built = box.get()
            trie = built
            view = built.view
        }
    }
}
