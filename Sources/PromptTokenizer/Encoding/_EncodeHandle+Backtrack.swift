import Foundation
import Synchronization

// Performance notes (cl100k_base, callgrind with a 2 MB last-level cache,
// 1 MB of Chinese and Japanese, whose letter runs of 30 to 300 bytes are
// rarely one token):
//
// - Backtracking for long pieces, because the quadratic merge loop spent
//   about 240 instructions a byte on them, backtracking with a warm memo
//   about 75 (0.3 last-level misses a byte).
// - A memo of 2^20 slots, because 2^17 took 10 % more instructions (pairs
//   decided twice) for the same misses; 32-bit slots (4 MB) cost 2 % more
//   instructions and saved no misses.
// - Trie nodes where a token ends are numbered by its rank, because reading
//   a node-to-token table (2.4 MB) at every step missed: multilingual corpus
//   -5 % misses, code -4 %, instructions unchanged. Tokens are inserted
//   shortest first, because renumbering after the build cost 24 M
//   instructions.
// - Not a double-array trie: 14 % fewer instructions in the walk, but 90 ms
//   to build.

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
/// pair's bytes and remembered in a memo shared by all calls (`_PairMemo`).
///
/// Near-linear on real text, where backtracking is rare; a step budget
/// bounds the search, and past it the piece goes to the merge loop. Trie
/// nodes where a token ends are numbered by the token's rank (`_Trie`).
struct _LongPieceState {
    /// Keeps the trie alive for the call; `view` points into it.
    var trie: _Trie?
    var view: _TrieView?
    /// Room for two tokens' bytes while deciding compatibility.
    var pairBytes: UnsafeMutablePointer<UInt8>? = nil
    /// Keeps the boundary tables alive for the call; `boundaries` points into them.
    var boundaryTables: _BoundaryTables?
    var boundaries: _BoundaryView?

    mutating func deallocate() { pairBytes?.deallocate() }

    /// Builds the boundary tables on first use and points `boundaries` into them.
    @inline(__always)
    mutating func prepareBoundaries(_ box: _LazyTrie) {
        if boundaries == nil {
            let built = box.boundaries()
            boundaryTables = built
            boundaries = built.view
        }
    }

    /// Builds the trie on first use and points `view` into it.
    @inline(__always)
    mutating func prepare(_ box: _LazyTrie) {
        if view == nil {
            let built = box.get()
            trie = built
            view = built.view
        }
    }
}

/// Remembers which token pairs are compatible, for the life of the vocabulary
/// and across threads: 2^20 direct-mapped slots (8 MB) of
/// `((a << 24 | b) + 1) << 1 | compatible`, each one atomic word, so a lookup
/// checks its own key and concurrent writers can only overwrite each other.
final class _PairMemo: @unchecked Sendable {
    static let capacity = 1 << 20
    private let slots: UnsafeMutablePointer<Atomic<UInt64>>

    init() {
        // From `calloc`: pages mapped when first written, not 8 MB at once
        // (zero bits are an `Atomic(0)`).
        slots = calloc(Self.capacity, MemoryLayout<Atomic<UInt64>>.stride)!
            .bindMemory(to: Atomic<UInt64>.self, capacity: Self.capacity)
    }

    deinit {
        free(slots)
    }

    /// An unowned view, valid while this memo lives.
    var view: _PairMemoView { _PairMemoView(slots: slots) }
}

struct _PairMemoView {
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

extension _EncodeHandle {
    @inline(__always)
    func length(_ token: TokenID) -> Int { Int(starts[Int(token) &+ 1] &- starts[Int(token)]) }

    /// Whether BPE encodes the two tokens' bytes together as exactly `[a, b]`.
    @inline(__always)
    func _compatible(_ a: TokenID, _ b: TokenID, _ state: inout _LongPieceState) -> Bool {
        if let known = state.view.unsafelyUnwrapped.memo.lookup(a, b) { return known }
        return _decideCompatible(a, b, &state)
    }

    /// The memo's miss path: run the merge loop on the two tokens' bytes.
    @inline(never)
    func _decideCompatible(_ a: TokenID, _ b: TokenID, _ state: inout _LongPieceState) -> Bool {
        let memo = state.view!.memo
        let la = length(a), lb = length(b)
        let total = la + lb
        var valid = false
        if state.pairBytes == nil { state.pairBytes = .allocate(capacity: 512) }
        let bytes = state.pairBytes!
        bytes.update(from: arena + Int(starts[Int(a)]), count: la)
        (bytes + la).update(from: arena + Int(starts[Int(b)]), count: lb)
        if total < Self.smallPieceLimit {
            let m = _mergeSmall(bytes, total)
            valid = m == 2 && token[0] == a && token[1] == b
        } else {
            valid = _GrowingSink.collect(estimate: 2) { _mergeLarge(bytes, total, into: &$0) } == [a, b]
        }
        memo.store(a, b, valid)
        return valid
    }

    /// Encodes a piece by backtracking; false when the step budget ran out
    /// (nothing was appended then).
    func _encodeBacktracking<Sink: _TokenSink>(
        _ piece: UnsafePointer<UInt8>, _ count: Int, state: inout _LongPieceState, into sink: inout Sink
    ) -> Bool {
        let trie = state.view!
        let stack = UnsafeMutablePointer<TokenID>.allocate(capacity: count)
        defer { stack.deallocate() }
        var depth = 0
        var position = 0
        var steps = 0
        let budget = 8 * count + 64
        let edges = trie.edges, tokenLimit = trie.tokenLimit, nextPrefix = trie.nextPrefix, twoByte = trie.twoByte
        let finished: Bool = {
                    let mask = trie.edgeMask
                    /// The longest token that starts at `at`.
                    func longest(_ at: Int) -> TokenID {
                        var best = byteRanks[Int(piece[at])]
                        guard at &+ 1 < count else { return best }
                        var node = twoByte[Int(piece[at]) &<< 8 | Int(piece[at &+ 1])]
                        if node == .max { return best }
                        if node < tokenLimit { best = node }
                        var i = at &+ 2
                        while i < count {
                            let key = node << 8 | UInt32(piece[i])
                            var slot = Int(truncatingIfNeeded: _mixEdge(key)) & mask
                            var next: UInt32 = .max
                            while true {
                                let entry = edges[slot]
                                if entry == 0 { break }
                                if UInt32(truncatingIfNeeded: entry >> 32) == key &+ 1 {
                                    next = UInt32(truncatingIfNeeded: entry)
                                    break
                                }
                                slot = (slot &+ 1) & mask
                            }
                            if next == .max { break }
                            node = next
                            if node < tokenLimit { best = node }
                            i += 1
                        }
                        return best
                    }

                    var candidate = longest(0)
                    while true {
                        steps += 1
                        if steps > budget { return false }
                        if depth == 0 || _compatible(stack[depth - 1], candidate, &state) {
                            stack[depth] = candidate
                            depth += 1
                            position += length(candidate)
                            if position == count { return true }
                            candidate = longest(position)
                            continue
                        }
                        var next = nextPrefix[Int(candidate)]
                        while next == Self.none {
                            // No shorter token here: take back the previous one.
                            depth -= 1
                            let top = stack[depth]
                            position -= length(top)
                            next = nextPrefix[Int(top)]
                        }
                        candidate = next
                    }
        }()
        guard finished else { return false }
        for i in 0..<depth { sink.append(stack[i]) }
        return true
    }
}

extension _EncodeHandle {
    /// Pieces longer than twice this are encoded in segments of about this
    /// many bytes (`_encodeInSegments`).
    static let segmentBytes = 64 << 10

    /// Encodes a very long piece in segments of about `segmentBytes`, each
    /// on its own, so that the backtracking stack and the search stay the
    /// size of a segment; returns false, with nothing appended, when a cut
    /// does not join (the caller then encodes the piece whole).
    ///
    /// A segment ends where the BPE encoding of the 128 bytes around the
    /// aimed-at cut has a token boundary. Each segment's tokens are
    /// pairwise compatible (its own encoding); when the last token before
    /// each cut and the first after it are compatible too, the whole
    /// sequence is, and it is the piece's encoding (see `_LongPieceState`).
    ///
    /// - Complexity: O(n) for n bytes, as the backtracking is; the memory
    ///   is O(`segmentBytes`) beside the sink.
    func _encodeInSegments<Sink: _TokenSink>(
        _ piece: UnsafePointer<UInt8>, _ count: Int, long: inout _LongPieceState, into sink: inout Sink
    ) -> Bool {
        let mark = sink.mark
        let capacity = 2 * Self.segmentBytes
        let buffer = UnsafeMutablePointer<TokenID>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var previous = Self.none
        var start = 0
        while start < count {
            var end = count
            if count - start > capacity - Self.segmentBytes / 2 {
                end = _segmentCut(piece, near: start + Self.segmentBytes, from: start, to: count, long: &long, buffer: buffer)
            }
            var tokens = _BufferSink(base: buffer)
            _encodeLongWhole(piece + start, end - start, long: &long, into: &tokens)
            if previous != Self.none && !_compatible(previous, buffer[0], &long) {
                sink.rollback(to: mark)
                return false
            }
            for i in 0..<tokens.count { sink.append(buffer[i]) }
            previous = buffer[tokens.count - 1]
            start = end
        }
        return true
    }

    /// A cut near `target`: the token end of the local encoding of the
    /// bytes around it that is nearest to it.
    private func _segmentCut(
        _ piece: UnsafePointer<UInt8>, near target: Int, from start: Int, to end: Int, long: inout _LongPieceState,
        buffer: UnsafeMutablePointer<TokenID>
    ) -> Int {
        let low = max(start + 1, target - 64), high = min(end - 1, target + 64)
        var tokens = _BufferSink(base: buffer)
        _encodeLongWhole(piece + low, high - low, long: &long, into: &tokens)
        var best = target, distance = Int.max, position = low
        for i in 0..<tokens.count {
            position += length(buffer[i])
            if position < high && abs(position - target) < distance {
                best = position
                distance = abs(position - target)
            }
        }
        return best
    }
}
