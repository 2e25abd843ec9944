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
// - o200k_base's and Qwen's pieces up to 32 bytes find the longest token by
//   lookups of their prefixes, longest first, because their tokens hold
//   whole Cyrillic words, so the walk went deep, each step a miss waiting
//   for the one before; lookups are independent reads: o200k_base Russian
//   17 to 26 MB/s, Qwen 3 multilingual 16-20 to 22-25 MB/s. Not for
//   cl100k_base, whose walks are short: Russian 10-15 % slower by lookups.

extension EncodeHandle {
    @inline(__always)
    func length(_ token: TokenID) -> Int { Int(starts[Int(token) &+ 1] &- starts[Int(token)]) }

    /// Whether BPE encodes the two tokens' bytes together as exactly `[a, b]`.
    @inline(__always)
    func pairCompatible(_ a: TokenID, _ b: TokenID, _ state: inout LongPieceState) -> Bool {
        if let known = state.view.unsafelyUnwrapped.memo.lookup(a, b) { return known }
        return decideCompatible(a, b, &state)
    }

    /// The memo's miss path: run the merge loop on the two tokens' bytes.
    @inline(never)
    func decideCompatible(_ a: TokenID, _ b: TokenID, _ state: inout LongPieceState) -> Bool {
        let memo = state.view!.memo
        let la = length(a), lb = length(b)
        let total = la + lb
        var valid = false
        if state.pairBytes == nil { state.pairBytes = .allocate(capacity: 512) }
        let bytes = state.pairBytes!
        bytes.update(from: arena + Int(starts[Int(a)]), count: la)
        (bytes + la).update(from: arena + Int(starts[Int(b)]), count: lb)
        if total < Self.smallPieceLimit {
            let m = mergeSmall(bytes, total)
            valid = m == 2 && token[0] == a && token[1] == b
        } else {
            valid = GrowingSink.collect(estimate: 2) { mergeLarge(bytes, total, into: &$0) } == [a, b]
        }
        memo.store(a, b, valid)
        return valid
    }

    /// Encodes a piece by backtracking; false when the step budget ran out
    /// (nothing was appended then).
    func encodeBacktracking<Sink: TokenSink>(
        _ piece: UnsafePointer<UInt8>, _ count: Int, state: inout LongPieceState, into sink: inout Sink
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
                            var slot = Int(truncatingIfNeeded: mixEdge(key)) & mask
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

                    /// `longest` by lookups of the prefixes, longest first:
                    /// independent reads, where the walk's reads each wait
                    /// for the one before (see the notes).
                    func longestByLookup(_ at: Int) -> TokenID {
                        var length = min(count &- at, maxTokenLength)
                        while length >= 2 {
                            let found = filteredRank(piece + at, length)
                            if found != Self.none { return found }
                            length &-= 1
                        }
                        return byteRanks[Int(piece[at])]
                    }
                    let byLookup = (pattern == .o200k || pattern == .qwen2) && count <= PieceCache.maxPiece
                    var candidate = byLookup ? longestByLookup(0) : longest(0)
                    while true {
                        steps += 1
                        if steps > budget { return false }
                        if depth == 0 || pairCompatible(stack[depth - 1], candidate, &state) {
                            stack[depth] = candidate
                            depth += 1
                            position += length(candidate)
                            if position == count { return true }
                            candidate = byLookup ? longestByLookup(position) : longest(position)
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

extension EncodeHandle {
    /// Pieces longer than twice this are encoded in segments of about this
    /// many bytes (`encodeInSegments`).
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
    /// sequence is, and it is the piece's encoding (see `LongPieceState`).
    ///
    /// - Complexity: O(n) for n bytes, as the backtracking is; the memory
    ///   is O(`segmentBytes`) beside the sink.
    func encodeInSegments<Sink: TokenSink>(
        _ piece: UnsafePointer<UInt8>, _ count: Int, long: inout LongPieceState, into sink: inout Sink
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
                end = segmentCut(piece, near: start + Self.segmentBytes, from: start, to: count, long: &long, buffer: buffer)
            }
            var tokens = BufferSink(base: buffer)
            encodeLongWhole(piece + start, end - start, long: &long, into: &tokens)
            if previous != Self.none && !pairCompatible(previous, buffer[0], &long) {
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
    private func segmentCut(
        _ piece: UnsafePointer<UInt8>, near target: Int, from start: Int, to end: Int, long: inout LongPieceState,
        buffer: UnsafeMutablePointer<TokenID>
    ) -> Int {
        let low = max(start + 1, target - 64), high = min(end - 1, target + 64)
        var tokens = BufferSink(base: buffer)
        encodeLongWhole(piece + low, high - low, long: &long, into: &tokens)
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
