/// A memo of merged pieces for one call: two-way sets of two slots of one
/// cache line each,
///
///     | hash tag: 4 | count: 1 | token count: 1 | way-1 tag: 2 | piece: 32 | tokens: 8 x 3 |   64 bytes
///
/// (tokens are 24-bit: ranks are below 2^24). The set index is `hash >> 41`,
/// the tag the hash's low 32 bits; the piece bytes are compared in full.
/// The first slot of a set (way 0) holds the piece used last, the second
/// (way 1) the one before; way 0's bytes 6-7 keep the low 16 bits of way
/// 1's tag, so a piece in neither way is refused reading one cache line.
///
/// Pieces up to 32 bytes that merge into at most 8 tokens are kept; a new
/// piece moves way 0 to way 1 (evicting way 1), a hit in way 1 swaps the two.
///
/// The table starts at 256 to 16384 slots (one for every 64 input bytes).
/// Each time it has taken a quarter as many new pieces as it has slots, it
/// looks at the input read meanwhile: with more than 8 new pieces a KB it
/// grows, keeping its entries, to 65536 slots or one for every 128 input
/// bytes, whichever is less (so inputs below 2 MB keep 16384). Text whose
/// words are mostly tokens (English, code: about 3 new pieces a KB) keeps a
/// small table that stays in the L2 cache; text with many merged words
/// (German, French, Russian: about 17) gets room for its vocabulary.
struct PieceCache {
    static let stride = 64
    static let maxPiece = 32
    static let maxTokens = 8
    /// Below this many input bytes, clearing the cache costs more than it saves.
    static let minimumInput = 4096
    static let initialMaxSlots = 16384
    static let maxSlots = 65536

    /// The table and its counters, behind one pointer so that the cache can
    /// grow while it is passed around by value.
    struct State {
        var base: UnsafeMutableRawPointer
        /// A power of two: slots - 1.
        var slotMask: UInt64
        /// Pieces stored since `windowStart`.
        var stores: Int
        /// Where in the input the current window of stores began.
        var windowStart: UnsafePointer<UInt8>
        /// The number of slots the table may grow to.
        var limit: Int
    }

    let state: UnsafeMutablePointer<State>

    init(text: UnsafePointer<UInt8>, inputBytes: Int) {
        var slots = 256
        while slots < Self.initialMaxSlots && slots * 64 < inputBytes { slots <<= 1 }
        var limit = slots
        while limit < Self.maxSlots && limit * 128 < inputBytes { limit <<= 1 }
        state = .allocate(capacity: 1)
        state.initialize(to: State(base: Self.allocateSlots(slots), slotMask: UInt64(slots - 1), stores: 0, windowStart: text, limit: limit))
    }

    /// The table, zeroed, with one slot of slack: `emit` reads the last
    /// token as 4 bytes, one past the slot.
    static func allocateSlots(_ slots: Int) -> UnsafeMutableRawPointer {
        let base = UnsafeMutableRawPointer.allocate(byteCount: (slots + 1) * Self.stride, alignment: 128)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: (slots + 1) * Self.stride)
        return base
    }

    func deallocate() {
        state.pointee.base.deallocate()
        state.deallocate()
    }

    /// The first slot (way 0) of the set of `hash`.
    @inline(__always)
    func slot(_ hash: UInt64) -> UnsafeMutableRawPointer {
        state.pointee.base + Int(truncatingIfNeeded: (hash >> 40) & state.pointee.slotMask & ~1) &* Self.stride
    }

    @inline(__always)
    static func slotHolds(_ slot: UnsafeMutableRawPointer, _ hash: UInt64, _ piece: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        slot.load(as: UInt32.self) == UInt32(truncatingIfNeeded: hash)
            && Int(slot.load(fromByteOffset: 4, as: UInt8.self)) == count
            && equalTokenBytes(UnsafePointer(slot.advanced(by: 8).assumingMemoryBound(to: UInt8.self)), piece, count)
    }

    /// The slot of the set `set` (from `slot(_:)`) holding the piece, or nil.
    @inline(__always)
    func find(_ set: UnsafeMutableRawPointer, _ hash: UInt64, _ piece: UnsafePointer<UInt8>, _ count: Int) -> UnsafeMutableRawPointer? {
        if Self.slotHolds(set, hash, piece, count) { return set }
        if set.load(fromByteOffset: 6, as: UInt16.self) != UInt16(truncatingIfNeeded: hash) { return nil }
        return findSecond(set, hash, piece, count)
    }

    /// Way 1: on a hit, the two ways swap, so that way 0 holds the piece used last.
    @inline(never)
    func findSecond(_ set: UnsafeMutableRawPointer, _ hash: UInt64, _ piece: UnsafePointer<UInt8>, _ count: Int) -> UnsafeMutableRawPointer? {
        let second = set + Self.stride
        guard Self.slotHolds(second, hash, piece, count) else { return nil }
        withUnsafeTemporaryAllocation(byteCount: Self.stride, alignment: 16) { line in
            let temporary = line.baseAddress!
            temporary.copyMemory(from: set, byteCount: Self.stride)
            set.copyMemory(from: second, byteCount: Self.stride)
            second.copyMemory(from: temporary, byteCount: Self.stride)
        }
        set.storeBytes(of: UInt16(truncatingIfNeeded: second.load(as: UInt32.self)), toByteOffset: 6, as: UInt16.self)
        return set
    }

    @inline(__always)
    func emit<Sink: TokenSink>(_ slot: UnsafeMutableRawPointer, into sink: inout Sink) {
        let tokens = Int(slot.load(fromByteOffset: 5, as: UInt8.self))
        for i in 0..<tokens {
            sink.append(slot.loadUnaligned(fromByteOffset: 40 &+ 3 &* i, as: TokenID.self) & 0xFF_FFFF)
        }
    }

    /// Stores a piece's tokens in `slot` (from `slot(hash)`, which this call
    /// may invalidate: the table can grow).
    @inline(__always)
    func store(
        _ slot: UnsafeMutableRawPointer, _ hash: UInt64, _ piece: UnsafePointer<UInt8>, _ count: Int,
        tokens: UnsafePointer<TokenID>, _ tokenCount: Int
    ) {
        guard tokenCount <= Self.maxTokens else { return }
        Self.writeEntry(slot, hash, piece, count, tokens: tokens, tokenCount)
        state.pointee.stores &+= 1
        if state.pointee.stores &<< 2 > Int(truncatingIfNeeded: state.pointee.slotMask) { moveWindow(end: piece) }
    }

    /// Writes an entry into way 0 of `slot`'s set, moving a piece there to way 1.
    @inline(__always)
    static func writeEntry(
        _ slot: UnsafeMutableRawPointer, _ hash: UInt64, _ piece: UnsafePointer<UInt8>, _ count: Int,
        tokens: UnsafePointer<TokenID>, _ tokenCount: Int
    ) {
        if slot.load(fromByteOffset: 5, as: UInt8.self) != 0 {
            (slot + Self.stride).copyMemory(from: slot, byteCount: Self.stride)
            slot.storeBytes(of: UInt16(truncatingIfNeeded: slot.load(as: UInt32.self)), toByteOffset: 6, as: UInt16.self)
        }
        slot.storeBytes(of: UInt32(truncatingIfNeeded: hash), as: UInt32.self)
        slot.storeBytes(of: UInt8(truncatingIfNeeded: count), toByteOffset: 4, as: UInt8.self)
        slot.storeBytes(of: UInt8(truncatingIfNeeded: tokenCount), toByteOffset: 5, as: UInt8.self)
        (slot + 8).copyMemory(from: piece, byteCount: count)
        for i in 0..<tokenCount {
            let token = tokens[i]
            slot.storeBytes(of: UInt16(truncatingIfNeeded: token), toByteOffset: 40 &+ 3 &* i, as: UInt16.self)
            slot.storeBytes(of: UInt8(truncatingIfNeeded: token >> 16), toByteOffset: 42 &+ 3 &* i, as: UInt8.self)
        }
    }

    /// Ends a window of stores at `end` (the last stored piece): doubles
    /// the table when the window held more than 8 stores a KB of input.
    @inline(never)
    func moveWindow(end: UnsafePointer<UInt8>) {
        let bytes = end - state.pointee.windowStart
        let dense = state.pointee.stores &* 128 > bytes
        state.pointee.stores = 0
        state.pointee.windowStart = end
        if dense && Int(truncatingIfNeeded: state.pointee.slotMask) + 1 < state.pointee.limit { grow() }
    }

    /// Grows the table to its limit, moving every entry to its new set
    /// (way 1 of each old set first, so a set's last-used piece stays in way 0).
    @inline(never)
    func grow() {
        let oldSlots = Int(truncatingIfNeeded: state.pointee.slotMask) + 1
        let old = state.pointee.base
        let slots = state.pointee.limit
        let base = Self.allocateSlots(slots)
        let mask = UInt64(slots - 1)
        for i in 0..<oldSlots {
            let from = old + (i ^ 1) &* Self.stride
            // An empty slot has token count 0; a stored piece has at least one token.
            guard from.load(fromByteOffset: 5, as: UInt8.self) != 0 else { continue }
            // Only the tag is stored: the index comes from the piece's hash.
            let count = Int(from.load(fromByteOffset: 4, as: UInt8.self))
            let hash = tokenKey(UnsafePointer(from.advanced(by: 8).assumingMemoryBound(to: UInt8.self)), count).hash
            let to = base + Int(truncatingIfNeeded: (hash >> 40) & mask & ~1) &* Self.stride
            if to.load(fromByteOffset: 5, as: UInt8.self) != 0 {
                (to + Self.stride).copyMemory(from: to, byteCount: Self.stride)
                to.storeBytes(of: UInt16(truncatingIfNeeded: to.load(as: UInt32.self)), toByteOffset: 6, as: UInt16.self)
            }
            let partner = to.load(fromByteOffset: 6, as: UInt16.self)
            to.copyMemory(from: from, byteCount: Self.stride)
            to.storeBytes(of: partner, toByteOffset: 6, as: UInt16.self)
        }
        old.deallocate()
        state.pointee.base = base
        state.pointee.slotMask = mask
    }
}

/// `tokenKey` of `count` bytes (1 to 16) at `bytes`, where 16 bytes may be
/// read: two loads and masks, no branch on the length.
@inline(__always)
func maskedKey(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> (prefix: UInt64, hash: UInt64) {
    let raw = UnsafeRawPointer(bytes)
    let first = UInt64(truncatingIfNeeded: Swift.min(count, 8))
    let prefix = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)) & (UInt64.max &>> (64 &- 8 &* first))
    let rest = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        & (UInt64.max &>> (128 &- 8 &* UInt64(truncatingIfNeeded: count)))
    let next = count > 8 ? rest : 0
    return (prefix, pairHash(prefix, next, count))
}
