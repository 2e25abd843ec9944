import Foundation
import Synchronization

/// Where BPE can never merge across a character boundary, and the encoding
/// of every character of up to three UTF-8 bytes on its own.
///
/// A merge always makes a token, so a merge across the boundary between
/// characters X and Y makes a token that holds the last bytes of X followed
/// by the first bytes of Y. Reading every token, each boundary inside it
/// (a byte that is not a continuation byte) gives a *crossing*: the bytes
/// of the character before it that the token holds (all of X, or its
/// suffix when the token starts inside X) and those of the character after
/// it (all of Y, or its prefix when the token ends inside Y). When no
/// crossing matches a boundary of a piece, BPE encodes the two sides
/// independently (merges on one side never see the other, and the merge
/// order inside each side is the one BPE would follow on that side alone),
/// so the piece splits there. Chinese and Japanese runs split at about 84 %
/// of their character boundaries in cl100k_base, and most parts are one
/// character, whose encoding is kept in `encodings`.
///
///     filters:    per code point below U+10000, a 64-bit filter of the right
///                 parts its suffixes meet in crossings, and the filter bits
///                 of its own prefixes: a boundary with no common bit is
///                 never crossed (four boundaries in five in Chinese text)
///     masks:      per code point, bit k (k = 0, 1, 2) when its last k + 1
///                 bytes are the left part of some crossing, bit 4 + k when
///                 its first k + 1 bytes are the right part of one
///     crossings:  open addressing of `crossingKey(left, right)`, read when
///                 the filters share a bit
///     encodings:  per code point, `count << 60 | t0 | t1 << 20 | t2 << 40`
///                 (its tokens), 0 until first needed; shared by all calls
final class BoundaryTables: @unchecked Sendable {
    let view: BoundaryView
    let filters: UnsafeMutablePointer<UInt64>
    let masks: UnsafeMutablePointer<UInt8>
    let crossings: UnsafeMutablePointer<UInt64>
    /// `crossingMask + 1` slots.
    let crossingCount: Int
    private let encodings: UnsafeMutablePointer<Atomic<UInt64>>
    /// The table file `filters`, `masks` and `crossings` point into; nil when built here.
    private let mapping: TableMapping?
    static let codePoints = 1 << 16

    /// Tables read from a table file: `2 * codePoints` filters, `codePoints`
    /// masks and a power of two of crossings, all in `mapping`.
    init(
        mapping: TableMapping, filters: UnsafeBufferPointer<UInt64>, masks: UnsafeBufferPointer<UInt8>,
        crossings: UnsafeBufferPointer<UInt64>
    ) {
        precondition(filters.count == 2 * Self.codePoints && masks.count == Self.codePoints
            && crossings.count > 0 && crossings.count & (crossings.count - 1) == 0)
        self.mapping = mapping
        self.filters = UnsafeMutablePointer(mutating: filters.baseAddress!)
        self.masks = UnsafeMutablePointer(mutating: masks.baseAddress!)
        self.crossings = UnsafeMutablePointer(mutating: crossings.baseAddress!)
        crossingCount = crossings.count
        encodings = Self.zeroedEncodings()
        view = BoundaryView(filters: self.filters, masks: self.masks, crossings: self.crossings,
                             crossingMask: crossings.count - 1, encodings: encodings)
    }

    /// `codePoints` zero words from `calloc`: the pages are mapped when first
    /// written, not all at once (zero bits are an `Atomic(0)`).
    static func zeroedEncodings() -> UnsafeMutablePointer<Atomic<UInt64>> {
        calloc(codePoints, MemoryLayout<Atomic<UInt64>>.stride)!.bindMemory(to: Atomic<UInt64>.self, capacity: codePoints)
    }

    init(arena: ContiguousArray<UInt8>, starts: ContiguousArray<UInt32>, present: ContiguousArray<Bool>) {
        // Crossings by the kind of their left part: a whole character (by
        // code point), its last continuation byte, or its last two; each a
        // 64-bit filter of the right parts it meets (`filterBit`).
        var wholeLeft = [UInt64](repeating: 0, count: Self.codePoints)
        var lastByte = [UInt64](repeating: 0, count: 256)
        var lastTwo = [UInt64](repeating: 0, count: 1 << 16)
        // Right parts seen: whole characters, first bytes, first two bytes.
        var wholeRight = [Bool](repeating: false, count: Self.codePoints)
        var firstByte = [Bool](repeating: false, count: 256)
        var firstTwo = [Bool](repeating: false, count: 1 << 16)
        var keys: [UInt64] = []
        arena.withUnsafeBufferPointer { arena in
            let base = arena.baseAddress!
            for rank in 0..<(starts.count - 1) where present[rank] {
                let start = Int(starts[rank]), end = Int(starts[rank + 1])
                var i = start + 1
                while i < end {
                    defer { i += 1 }
                    if isUTF8Continuation(base[i]) { continue }
                    var j = i - 1
                    while j > start && isUTF8Continuation(base[j]) { j -= 1 }
                    var k = i + 1
                    while k < end && isUTF8Continuation(base[k]) { k += 1 }
                    let leftCount = i - j, rightCount = k - i
                    guard leftCount <= 3 && rightCount <= 3 else { continue }
                    // Only parts that can be a suffix (left) or prefix (right)
                    // of a well-formed character of up to three bytes matter.
                    let right = packedBytes(base + i, rightCount)
                    let whole = wholeCharacter(base + i, rightCount)
                    if whole >= 0 {
                        wholeRight[whole] = true
                    } else if rightCount == 1 && base[i] >= 0xC2 && base[i] < 0xF0 {
                        firstByte[Int(base[i])] = true
                    } else if rightCount == 2 && base[i] & 0xF0 == 0xE0 {
                        firstTwo[Int(base[i]) << 8 | Int(base[i + 1])] = true
                    } else {
                        continue
                    }
                    let bit = filterBit(right)
                    if !isUTF8Continuation(base[j]) {
                        let left = wholeCharacter(base + j, leftCount)
                        guard left >= 0 else { continue }
                        wholeLeft[left] |= bit
                    } else if leftCount == 1 {
                        lastByte[Int(base[j])] |= bit
                    } else if leftCount == 2 {
                        lastTwo[Int(base[j]) << 8 | Int(base[j + 1])] |= bit
                    } else {
                        continue
                    }
                    keys.append(crossingKey(packedBytes(base + j, leftCount), right))
                }
            }
        }
        mapping = nil
        // `keys` repeats a crossing for every token that holds it: the
        // distinct ones first (a table sized for all of them), then a table
        // of twice as many slots (2^21 slots for o200k_base before, 2^19 after).
        var distinct: [UInt64] = []
        do {
            var capacity = 1024
            while capacity < keys.count * 2 { capacity <<= 1 }
            var all = [UInt64](repeating: 0, count: capacity)
            for key in keys {
                var slot = Int(truncatingIfNeeded: mixCrossing(key)) & (capacity - 1)
                while all[slot] != 0 && all[slot] != key { slot = (slot + 1) & (capacity - 1) }
                if all[slot] == 0 { distinct.append(key) }
                all[slot] = key
            }
        }
        var capacity = 1024
        while capacity < distinct.count * 2 { capacity <<= 1 }
        crossingCount = capacity
        crossings = .allocate(capacity: capacity)
        crossings.initialize(repeating: 0, count: capacity)
        let mask = capacity - 1
        for key in distinct {
            var slot = Int(truncatingIfNeeded: mixCrossing(key)) & mask
            while crossings[slot] != 0 { slot = (slot + 1) & mask }
            crossings[slot] = key
        }

        // Per code point: the filter of right parts its suffixes meet, the
        // filter bits of its own prefixes, and which suffix and prefix
        // lengths occur in some crossing at all.
        let filters = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * Self.codePoints)
        filters.initialize(repeating: 0, count: 2 * Self.codePoints)
        let masks = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.codePoints)
        masks.initialize(repeating: 0, count: Self.codePoints)
        var bytes: (UInt8, UInt8, UInt8) = (0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { buffer in
            let b = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            for codePoint in 0..<Self.codePoints where !(0xD800...0xDFFF).contains(codePoint) {
                let count = encodeUTF8(codePoint, into: b)
                var filter = wholeLeft[codePoint], prefixes: UInt64 = 0
                var bits: UInt8 = wholeLeft[codePoint] != 0 ? 1 << (count - 1) : 0
                if count >= 2 {
                    let last = lastByte[Int(b[count - 1])]
                    filter |= last
                    if last != 0 { bits |= 1 }
                }
                if count == 3 {
                    let two = lastTwo[Int(b[1]) << 8 | Int(b[2])]
                    filter |= two
                    if two != 0 { bits |= 2 }
                }
                for length in 1...count { prefixes |= filterBit(packedBytes(b, length)) }
                if wholeRight[codePoint] { bits |= 1 << (count + 3) }
                if count >= 2 && firstByte[Int(b[0])] { bits |= 1 << 4 }
                if count == 3 && firstTwo[Int(b[0]) << 8 | Int(b[1])] { bits |= 1 << 5 }
                filters[2 * codePoint] = filter
                filters[2 * codePoint + 1] = prefixes
                masks[codePoint] = bits
            }
        }

        self.filters = filters
        self.masks = masks
        encodings = Self.zeroedEncodings()
        view = BoundaryView(filters: filters, masks: masks, crossings: crossings, crossingMask: mask, encodings: encodings)
    }

    deinit {
        free(encodings)
        guard mapping == nil else { return }
        filters.deallocate()
        masks.deallocate()
        crossings.deallocate()
    }
}

/// The code point of exactly `count` bytes forming one well-formed
/// character below U+10000, or -1.
func wholeCharacter(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int {
    let (codePoint, length) = EncodeHandle.decodeCharacter(bytes, 0, count)
    return codePoint >= 0 && length == count ? codePoint : -1
}

/// One bit of a 64-bit filter for a packed part.
@inline(__always)
func filterBit(_ packed: UInt32) -> UInt64 { 1 << ((UInt64(packed) &* 0x9E37_79B9_7F4A_7C15) >> 58) }

@inline(__always)
func isUTF8Continuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

/// One to three bytes and their count in 32 bits: `count << 24 | bytes`.
@inline(__always)
func packedBytes(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> UInt32 {
    switch count {
    case 1: return 1 << 24 | UInt32(bytes[0]) << 16
    case 2: return 2 << 24 | UInt32(bytes[0]) << 16 | UInt32(bytes[1]) << 8
    default: return 3 << 24 | UInt32(bytes[0]) << 16 | UInt32(bytes[1]) << 8 | UInt32(bytes[2])
    }
}

@inline(__always)
func crossingKey(_ left: UInt32, _ right: UInt32) -> UInt64 { UInt64(left) << 32 | UInt64(right) }

@inline(__always)
func mixCrossing(_ key: UInt64) -> UInt64 {
    var h = key &* 0x9E37_79B9_7F4A_7C15
    h ^= h >> 31
    return h
}

/// Writes the UTF-8 bytes of a code point below U+10000; returns their count.
func encodeUTF8(_ codePoint: Int, into bytes: UnsafeMutablePointer<UInt8>) -> Int {
    if codePoint < 0x80 {
        bytes[0] = UInt8(codePoint)
        return 1
    }
    if codePoint < 0x800 {
        bytes[0] = UInt8(0xC0 | codePoint >> 6)
        bytes[1] = UInt8(0x80 | codePoint & 0x3F)
        return 2
    }
    bytes[0] = UInt8(0xE0 | codePoint >> 12)
    bytes[1] = UInt8(0x80 | codePoint >> 6 & 0x3F)
    bytes[2] = UInt8(0x80 | codePoint & 0x3F)
    return 3
}
