// German: the Snowball German algorithm (its description on the Snowball
// site): ß as ss, u and y between vowels kept as consonants, R1 at least
// three letters in, steps 1–3, umlauts removed at the end.

extension Stemmer {
    static let germanVowels = VowelSet("aeiouyäöü")
    static let germanStep1 = SuffixList([("em", 0), ("ern", 0), ("er", 0), ("e", 1), ("en", 1), ("es", 1), ("s", 2)])
    static let germanStep2 = SuffixList([("en", 0), ("er", 0), ("est", 0), ("st", 1)])
    static let germanStep3 = SuffixList([
        ("end", 0), ("ung", 0), ("ig", 1), ("ik", 1), ("isch", 1), ("lich", 2), ("heit", 2), ("keit", 3),
    ])
    static let umlauts = StemWord.latin1Mask("äöü")

    static func german(_ p: UnsafeMutablePointer<UInt8>, count: Int) -> Int {
        var w = StemWord(p, count: count, vowels: germanVowels)
        // ß is ss (two bytes either way).
        var i = 0
        while i &+ 1 < w.count {
            if p[i] == 0xC3 && p[i &+ 1] == 0x9F {
                p[i] = UInt8(ascii: "s")
                p[i &+ 1] = UInt8(ascii: "s")
            }
            i = w.next(i)
        }
        // u and y between vowels are consonants.
        i = w.count > 0 ? w.next(0) : 0
        var before = 0
        while i < w.count {
            let after = w.next(i)
            if (p[i] == UInt8(ascii: "u") || p[i] == UInt8(ascii: "y")) && w.isVowel(before) && w.isVowel(after) {
                p[i] &= ~0x20
            }
            before = i
            i = after
        }
        let r1 = w.region(from: 0)
        w.r2 = w.region(from: r1)
        w.r1 = max(r1, w.afterLetters(3))

        // Step 1.
        if let (length, tag) = w.longest(germanStep1), w.start(length) >= w.r1 {
            switch tag {
            case 0: w.remove(length)
            case 1:
                w.remove(length)
                if w.ends(with: "niss") { w.remove(1) }
            default:
                if w.start(1) > 0 && isGermanSEnding(p[w.start(1) &- 1]) { w.remove(1) }
            }
        }
        // Step 2.
        if let (length, tag) = w.longest(germanStep2), w.start(length) >= w.r1 {
            if tag == 0 {
                w.remove(length)
            } else {
                let letter = w.start(2) &- 1
                if letter >= 0 && isGermanSEnding(p[letter]) && p[letter] != UInt8(ascii: "r") && letter >= w.afterLetters(3) {
                    w.remove(2)
                }
            }
        }
        // Step 3: derivational suffixes in R2.
        if let (length, tag) = w.longest(germanStep3), w.start(length) >= w.r2 {
            switch tag {
            case 0:
                w.remove(length)
                if w.ends(with: "ig") && w.start(2) >= w.r2 && !w.ends(with: "e", at: w.start(2)) { w.remove(2) }
            case 1:
                if !w.ends(with: "e", at: w.start(length)) { w.remove(length) }
            case 2:
                w.remove(length)
                if (w.ends(with: "er") || w.ends(with: "en")) && w.start(2) >= w.r1 { w.remove(2) }
            default:
                w.remove(length)
                if w.ends(with: "lich") && w.start(4) >= w.r2 {
                    w.remove(4)
                } else if w.ends(with: "ig") && w.start(2) >= w.r2 {
                    w.remove(2)
                }
            }
        }
        // The consonant marks back, umlauts removed.
        w.replaceByte(UInt8(ascii: "U"), with: UInt8(ascii: "u"))
        w.replaceByte(UInt8(ascii: "Y"), with: UInt8(ascii: "y"))
        w.stripAccents(umlauts)
        return w.count
    }

    /// The letters after which a German s (and, but for r, st) is an ending: b d f g h k l m n r t.
    @inline(__always)
    static func isGermanSEnding(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "b"), UInt8(ascii: "d"), UInt8(ascii: "f"), UInt8(ascii: "g"), UInt8(ascii: "h"), UInt8(ascii: "k"),
            UInt8(ascii: "l"), UInt8(ascii: "m"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"): return true
        default: return false
        }
    }
}
