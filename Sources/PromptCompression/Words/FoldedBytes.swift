import Dispatch
import PromptTokenizer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Folded repeats shorter than this are not removed by the coarse stage
/// (as by `ExactDeduplication`).
let minimumFoldedRepeatLength = 24

/// A 64-bit hash of the bytes of `range` with ASCII case and white space
/// folded (as `foldedBytes`), and the folded length.
///
/// Eight bytes at a time where they fold to themselves but for case: ASCII
/// with single spaces, none last, and no other white space, after a byte
/// that is none (a register of eight pushes holds just them, and the one
/// mix among them is computed from the register before); the rest a byte
/// at a time, as `foldedHashByteByByte` does for all of it.
func foldedHashAndLength(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (UInt64, Int) {
    guard let base = buffer.baseAddress else { return foldedHashByteByByte(buffer, range) }
    var h = FNV1a.offset
    var register: UInt64 = 0
    var length = 0
    var pendingSpace = false
    var i = range.lowerBound
    let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080, lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    /// The high bit of each byte of `x` that equals `byte`.
    @inline(__always) func equal(_ x: UInt64, _ byte: UInt8) -> UInt64 {
        let y = x ^ (ones &* UInt64(byte))
        return ~(((y & lows) &+ lows) | y | lows)
    }
    while i < range.upperBound {
        if !pendingSpace && length > 0 && i + 8 <= range.upperBound {
            let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)  // the first byte lowest
            let spaces = equal(x, UInt8(ascii: " "))
            if x & highs == 0 && equal(x, UInt8(ascii: "\t")) | equal(x, UInt8(ascii: "\n")) | equal(x, UInt8(ascii: "\r")) == 0
                && spaces & (spaces << 8) == 0 && spaces & (1 << 63) == 0 {
                // ASCII capitals lower-cased: bytes from "A" up, less those past "Z".
                let capitals = (x &+ 0x3F3F_3F3F_3F3F_3F3F) & ~(x &+ 0x2525_2525_2525_2525) & highs
                let block = (x | capitals >> 2).byteSwapped  // the first byte highest, as pushed
                let pushes = 8 - (length & 7)  // pushes up to the mix
                h = mixBits(h ^ (register << UInt64(8 * pushes) | block >> UInt64(8 * (8 - pushes))))
                register = block
                length += 8
                i += 8
                continue
            }
        }
        let b = buffer[i]
        i += 1
        if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
            pendingSpace = length > 0
            continue
        }
        if pendingSpace {
            register = register &<< 8 | UInt64(UInt8(ascii: " "))
            length += 1
            if length & 7 == 0 { h = mixBits(h ^ register) }
            pendingSpace = false
        }
        let folded = b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b
        register = register &<< 8 | UInt64(folded)
        length += 1
        if length & 7 == 0 { h = mixBits(h ^ register) }
    }
    return (mixBits(h ^ register ^ UInt64(length) << 40), length)
}

/// `foldedHashAndLength`, a byte at a time: the reference of its tests.
func foldedHashByteByByte(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (UInt64, Int) {
    // Eight folded bytes to a register, mixed once it is full.
    var h = FNV1a.offset
    var register: UInt64 = 0
    var length = 0
    var pendingSpace = false
    for i in range {
        let b = buffer[i]
        if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
            pendingSpace = length > 0
            continue
        }
        if pendingSpace {
            register = register &<< 8 | UInt64(UInt8(ascii: " "))
            length += 1
            if length & 7 == 0 { h = mixBits(h ^ register) }
            pendingSpace = false
        }
        let folded = b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b
        register = register &<< 8 | UInt64(folded)
        length += 1
        if length & 7 == 0 { h = mixBits(h ^ register) }
    }
    return (mixBits(h ^ register ^ UInt64(length) << 40), length)
}

/// Whether two ranges are equal with case and white space folded.
func foldedEqual(_ buffer: UnsafeBufferPointer<UInt8>, _ a: Range<Int>, _ b: Range<Int>) -> Bool {
    var left = FoldedBytes(buffer: buffer, range: a), right = FoldedBytes(buffer: buffer, range: b)
    while true {
        let x = left.next(), y = right.next()
        if x != y { return false }
        if x == nil { return true }
    }
}

/// The bytes of a range with ASCII case and white space folded, one at a time.
struct FoldedBytes: IteratorProtocol {
    let buffer: UnsafeBufferPointer<UInt8>
    var index: Int
    let end: Int
    var started = false

    init(buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
        self.buffer = buffer
        self.index = range.lowerBound
        self.end = range.upperBound
    }

    mutating func next() -> UInt8? {
        var sawSpace = false
        while index < end {
            let b = buffer[index]
            if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
                sawSpace = true
                index += 1
                continue
            }
            if sawSpace && started { return UInt8(ascii: " ") }  // the byte at index is read next time
            started = true
            index += 1
            return b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b
        }
        return nil
    }
}
