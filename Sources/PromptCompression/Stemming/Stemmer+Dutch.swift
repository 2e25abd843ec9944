// Dutch: the Snowball Dutch algorithm (its description on the Snowball
// site): accents removed, consonant i and y marked, R1 at least three
// letters in, steps 1–4.

extension Stemmer {
    static let dutchVowels = VowelSet("aeiouyè")
    static let dutchAccents = StemWord.latin1Mask("äëïöüáéíóú")
    static let dutchStep1 = SuffixList([("heden", 0), ("ene", 1), ("en", 1), ("se", 2), ("s", 2)])
    static let dutchStep3b = SuffixList([("end", 0), ("ing", 0), ("ig", 1), ("lijk", 2), ("baar", 3), ("bar", 4)])

    static func dutch(_ p: UnsafeMutablePointer<UInt8>, count: Int) -> Int {
        var w = StemWord(p, count: count, vowels: dutchVowels)
        w.stripAccents(dutchAccents)
        if w.count > 0 && p[0] == UInt8(ascii: "y") { p[0] = UInt8(ascii: "Y") }
        var i = w.count > 0 ? w.next(0) : 0
        var before = 0
        while i < w.count {
            let after = w.next(i)
            if p[i] == UInt8(ascii: "y") && w.isVowel(before) {
                p[i] = UInt8(ascii: "Y")
            } else if p[i] == UInt8(ascii: "i") && w.isVowel(before) && w.isVowel(after) {
                p[i] = UInt8(ascii: "I")
            }
            before = i
            i = after
        }
        let r1 = w.region(from: 0)
        w.r2 = w.region(from: r1)
        w.r1 = max(r1, w.afterLetters(3))

        // Step 1.
        if let (length, tag) = w.longest(dutchStep1), w.start(length) >= w.r1 {
            let start = w.start(length)
            switch tag {
            case 0: w.replace(length, with: "heid")
            case 1:
                if w.isDutchEnEnding(start) {
                    w.remove(length)
                    w.undoubleDutch()
                }
            default:
                if start > 0 && !w.isVowel(w.previous(start)) && p[start &- 1] != UInt8(ascii: "j") { w.remove(length) }
            }
        }
        // Step 2.
        let eFound = w.removeDutchE()
        // Step 3a.
        if w.ends(with: "heid") && w.start(4) >= w.r2 && !w.ends(with: "c", at: w.start(4)) {
            w.remove(4)
            if w.ends(with: "en") && w.start(2) >= w.r1 && w.isDutchEnEnding(w.start(2)) {
                w.remove(2)
                w.undoubleDutch()
            }
        }
        // Step 3b.
        if let (length, tag) = w.longest(dutchStep3b), w.start(length) >= w.r2 {
            switch tag {
            case 0:
                w.remove(length)
                if w.ends(with: "ig") && w.start(2) >= w.r2 && !w.ends(with: "e", at: w.start(2)) {
                    w.remove(2)
                } else {
                    w.undoubleDutch()
                }
            case 1:
                if !w.ends(with: "e", at: w.start(length)) { w.remove(length) }
            case 2:
                w.remove(length)
                _ = w.removeDutchE()
            case 3: w.remove(length)
            default: if eFound { w.remove(length) }
            }
        }
        // Step 4: a double vowel before a final consonant ("maan" → "man").
        if w.count >= 4 {
            let d = p[w.count &- 1], v1 = p[w.count &- 2], v2 = p[w.count &- 3], c = w.count &- 4
            if d < 0x80 && !w.isVowel(w.count &- 1) && d != UInt8(ascii: "I") && v1 == v2
                && (v1 == UInt8(ascii: "a") || v1 == UInt8(ascii: "e") || v1 == UInt8(ascii: "o") || v1 == UInt8(ascii: "u"))
                && !w.isVowel(w.previous(w.count &- 3)) && c >= 0 {
                p[w.count &- 2] = d
                w.remove(1)
            }
        }
        w.replaceByte(UInt8(ascii: "I"), with: UInt8(ascii: "i"))
        w.replaceByte(UInt8(ascii: "Y"), with: UInt8(ascii: "y"))
        return w.count
    }
}

extension StemWord {
    /// Whether "en" at `start` is a Dutch ending: after a non-vowel, not after "gem".
    func isDutchEnEnding(_ start: Int) -> Bool {
        start > 0 && !isVowel(previous(start)) && !ends(with: "gem", at: start)
    }

    /// Removes a final kk, dd or tt's last letter.
    mutating func undoubleDutch() {
        if ends(with: "kk") || ends(with: "dd") || ends(with: "tt") { remove(1) }
    }

    /// Dutch step 2: a final e in R1 after a non-vowel; whether it was removed.
    mutating func removeDutchE() -> Bool {
        guard last == UInt8(ascii: "e"), count &- 1 >= r1, count >= 2, !isVowel(previous(count &- 1)) else { return false }
        remove(1)
        undoubleDutch()
        return true
    }
}
