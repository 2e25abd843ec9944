/// A word being stemmed, in place in a scratch buffer: its folded UTF-8
/// bytes, the language's vowels, and the operations the algorithm
/// descriptions are written in (regions, suffix tests, removal).
///
///     p  [ d a t e i e n · · · ]   count 7; positions are byte offsets
///                  ^r1             r1, r2, rv: where the regions start (count when empty)
///
/// Positions are always at the start of a letter: suffixes are whole UTF-8
/// sequences, so a suffix of the bytes that matches is a suffix of the letters.
struct StemWord {
    let p: UnsafeMutablePointer<UInt8>
    var count: Int
    let vowels: VowelSet
    var r1 = 0
    var r2 = 0
    var rv = 0

    init(_ p: UnsafeMutablePointer<UInt8>, count: Int, vowels: VowelSet) {
        self.p = p
        self.count = count
        self.vowels = vowels
    }

    /// The position after the letter at `i`.
    @inline(__always)
    func next(_ i: Int) -> Int {
        let b = p[i]
        let length = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
        return min(i &+ length, count)
    }

    /// The start of the letter that ends at `i` (`i` > 0).
    @inline(__always)
    func previous(_ i: Int) -> Int {
        var j = i &- 1
        while j > 0 && p[j] & 0xC0 == 0x80 { j &-= 1 }
        return j
    }

    /// Whether the letter at `i` is a vowel (false at or past the end).
    @inline(__always)
    func isVowel(_ i: Int) -> Bool {
        i >= 0 && i < count && vowels.contains(UnsafePointer(p), at: i, end: count)
    }

    /// The number of letters.
    var letterCount: Int {
        var n = 0, i = 0
        while i < count {
            i = next(i)
            n &+= 1
        }
        return n
    }

    /// The region after the first non-vowel that follows a vowel, searching
    /// from `start`: R1 from 0, R2 from R1. `count` when there is none.
    func region(from start: Int) -> Int {
        var i = start
        var afterVowel = false
        while i < count {
            let vowel = isVowel(i)
            i = next(i)
            if afterVowel && !vowel { return i }
            afterVowel = vowel
        }
        return count
    }

    /// The position after the first `n` letters (`count` when shorter).
    func afterLetters(_ n: Int) -> Int {
        var i = 0
        for _ in 0..<n where i < count { i = next(i) }
        return i
    }

    /// Whether the bytes before `end` (default: the end) are `suffix`.
    @inline(__always)
    func ends(with suffix: StaticString, at end: Int? = nil) -> Bool {
        let end = end ?? count
        return suffix.withUTF8Buffer { s in
            guard s.count <= end else { return false }
            let start = end &- s.count
            for k in 0..<s.count where p[start &+ k] != s[k] { return false }
            return true
        }
    }

    /// The longest suffix of `list` that starts at or after `limit`.
    @inline(__always)
    func longest(_ list: SuffixList, limit: Int = 0) -> (length: Int, tag: UInt8)? {
        list.longest(UnsafePointer(p), end: count, limit: limit)
    }

    /// The start of a suffix of `length` bytes.
    @inline(__always)
    func start(_ length: Int) -> Int { count &- length }

    /// Removes the last `length` bytes.
    @inline(__always)
    mutating func remove(_ length: Int) { count &-= length }

    /// Replaces the last `length` bytes with `replacement` (no longer than them).
    mutating func replace(_ length: Int, with replacement: StaticString) {
        count &-= length
        append(replacement)
    }

    /// Appends bytes (the scratch buffer has room for the word as folded,
    /// and a replacement is never longer than what it replaces, but for
    /// English's restored "e", which follows a removed suffix).
    mutating func append(_ bytes: StaticString) {
        bytes.withUTF8Buffer { s in
            for b in s {
                p[count] = b
                count &+= 1
            }
        }
    }

    /// The last byte (0 for an empty word).
    @inline(__always)
    var last: UInt8 { count > 0 ? p[count &- 1] : 0 }

    /// Replaces every two-byte letter `from` (a lead and a second byte)
    /// with the one-byte `to`, moving the rest down.
    mutating func replaceTwoByte(_ lead: UInt8, _ second: UInt8, with to: UInt8) {
        var read = 0, write = 0
        while read < count {
            if p[read] == lead && read &+ 1 < count && p[read &+ 1] == second {
                p[write] = to
                read &+= 2
            } else {
                p[write] = p[read]
                read &+= 1
            }
            write &+= 1
        }
        count = write
    }

    /// Replaces ASCII byte `from` with `to` everywhere.
    mutating func replaceByte(_ from: UInt8, with to: UInt8) {
        for i in 0..<count where p[i] == from { p[i] = to }
    }
}

extension StemWord {
    /// The base letter of each lower-case Latin-1 letter 0xC3 0xA0...0xBF
    /// (à…ÿ), by its second byte less 0xA0; 0 for ÷ and æ ð ø þ.
    static let latin1Base: [UInt8] = Array("aaaaaa\0ceeeeiiii\0nooooo\0\0uuuuy\0y".utf8)

    /// Mask of the second bytes (less 0x80) of the Latin-1 letters given.
    static func latin1Mask(_ letters: String) -> UInt64 {
        var mask: UInt64 = 0
        for scalar in letters.unicodeScalars {
            let utf8 = Array(String(scalar).utf8)
            precondition(utf8.count == 2 && utf8[0] == 0xC3, "latin1Mask: Latin-1 letters")
            mask |= 1 << UInt64(utf8[1] - 0x80)
        }
        return mask
    }

    /// Replaces each Latin-1 letter of `mask` (`latin1Mask`) with its base
    /// letter, from position `from` on, moving the rest down.
    mutating func stripAccents(_ mask: UInt64, from: Int = 0) {
        var read = from, write = from
        while read < count {
            let b = p[read]
            if b == 0xC3 && read &+ 1 < count {
                let second = p[read &+ 1]
                if second >= 0xA0 && second <= 0xBF && mask & (1 << UInt64(second &- 0x80)) != 0 {
                    let base = StemWord.latin1Base[Int(second &- 0xA0)]
                    if base != 0 {
                        p[write] = base
                        read &+= 2
                        write &+= 1
                        continue
                    }
                }
            }
            p[write] = b
            read &+= 1
            write &+= 1
        }
        count = write
    }
}
