// English: Porter2 ("the English (Porter2) stemming algorithm" of the
// Snowball site), steps 0, 1a, 1b, 1c and 5 with the exceptional forms;
// the derivational steps 2–4 are left out, as the other languages' light
// stemmers leave out most derivational suffixes.

extension Stemmer {
    static let englishVowels = VowelSet("aeiouy")

    /// Words Porter2 treats whole: tag 0 is left as it is, 1 loses its
    /// last letter, 2 ends in "y" for "ies", 3 in "ie" for "ying".
    static let englishExceptions = SuffixList([
        ("skis", 1), ("skies", 2), ("dying", 3), ("lying", 3), ("tying", 3),
        ("idly", 0), ("gently", 0), ("ugly", 0), ("early", 0), ("only", 0), ("singly", 0),
        ("sky", 0), ("news", 0), ("howe", 0), ("atlas", 0), ("cosmos", 0), ("bias", 0), ("andes", 0),
    ])
    /// Left as they are after step 1a.
    static let englishExceptions1a = SuffixList([
        "inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed",
    ])
    static let englishStep0 = SuffixList(["'s'", "'s", "'"])
    static let englishStep1a = SuffixList([("sses", 0), ("ied", 1), ("ies", 1), ("s", 2), ("us", 3), ("ss", 3)])
    static let englishStep1b = SuffixList([("eed", 0), ("eedly", 0), ("ed", 1), ("edly", 1), ("ing", 1), ("ingly", 1)])

    static func english(_ p: UnsafeMutablePointer<UInt8>, count: Int) -> Int {
        var w = StemWord(p, count: count, vowels: englishVowels)
        if w.count > 0 && p[0] == UInt8(ascii: "'") {
            for k in 1..<w.count { p[k &- 1] = p[k] }
            w.count &-= 1
        }
        guard w.count > 2 else { return w.count }
        if let (length, tag) = w.longest(englishExceptions), length == w.count {
            switch tag {
            case 1: w.remove(1)
            case 2: w.replace(3, with: "y")
            case 3: w.replace(4, with: "ie")
            default: break
            }
            return w.count
        }
        // Y for a consonant y: at the start, or after a vowel.
        if p[0] == UInt8(ascii: "y") { p[0] = UInt8(ascii: "Y") }
        for i in 1..<w.count where p[i] == UInt8(ascii: "y") && w.isVowel(i &- 1) { p[i] = UInt8(ascii: "Y") }
        if w.ends(with: "gener", at: 5) || w.ends(with: "arsen", at: 5) {
            w.r1 = 5
        } else if w.ends(with: "commun", at: 6) {
            w.r1 = 6
        } else {
            w.r1 = w.region(from: 0)
        }
        w.r2 = w.region(from: w.r1)

        // Step 0: the possessive.
        if let (length, _) = w.longest(englishStep0) { w.remove(length) }
        // Step 1a: plurals.
        if let (length, tag) = w.longest(englishStep1a) {
            let start = w.start(length)
            switch tag {
            case 0: w.remove(2)
            case 1:
                w.remove(length)
                w.append(start > 1 ? "i" : "ie")
            case 2:
                // A vowel before the letter that precedes the s.
                if start >= 1 && w.hasVowel(before: start &- 1) { w.remove(1) }
            default: break
            }
        }
        if let (length, _) = w.longest(englishExceptions1a), length == w.count { return w.postludeEnglish() }
        // Step 1b: -ed, -ing.
        if let (length, tag) = w.longest(englishStep1b) {
            let start = w.start(length)
            if tag == 0 {
                if start >= w.r1 { w.replace(length, with: "ee") }
            } else if w.hasVowel(before: start) {
                w.remove(length)
                if w.ends(with: "at") || w.ends(with: "bl") || w.ends(with: "iz") {
                    w.append("e")
                } else if w.endsWithEnglishDouble {
                    w.remove(1)
                } else if w.r1 >= w.count && w.endsWithShortSyllable(at: w.count) {
                    w.append("e")
                }
            }
        }
        // Step 1c: y after a consonant that is not the first letter.
        if w.count > 2 && (w.last == UInt8(ascii: "y") || w.last == UInt8(ascii: "Y")) && !w.isVowel(w.count &- 2) {
            p[w.count &- 1] = UInt8(ascii: "i")
        }
        // Step 5: a final e or ll.
        if w.last == UInt8(ascii: "e") {
            let start = w.count &- 1
            if start >= w.r2 || (start >= w.r1 && !w.endsWithShortSyllable(at: start)) { w.remove(1) }
        } else if w.last == UInt8(ascii: "l") && w.count &- 1 >= w.r2 && w.count >= 2 && p[w.count &- 2] == UInt8(ascii: "l") {
            w.remove(1)
        }
        return w.postludeEnglish()
    }
}

extension StemWord {
    /// Whether a vowel is among the letters before `end`.
    func hasVowel(before end: Int) -> Bool {
        var i = 0
        while i < end {
            if isVowel(i) { return true }
            i = next(i)
        }
        return false
    }

    /// Whether the word ends with one of Porter2's doubles: bb dd ff gg mm nn pp rr tt.
    var endsWithEnglishDouble: Bool {
        guard count >= 2, p[count &- 1] == p[count &- 2] else { return false }
        switch p[count &- 1] {
        case UInt8(ascii: "b"), UInt8(ascii: "d"), UInt8(ascii: "f"), UInt8(ascii: "g"), UInt8(ascii: "m"),
            UInt8(ascii: "n"), UInt8(ascii: "p"), UInt8(ascii: "r"), UInt8(ascii: "t"): return true
        default: return false
        }
    }

    /// Whether the letters before `end` end with a short syllable: a vowel
    /// followed by a non-vowel other than w, x or Y and preceded by a
    /// non-vowel, or a vowel at the start followed by a non-vowel.
    func endsWithShortSyllable(at end: Int) -> Bool {
        guard end >= 2 else { return false }
        let consonant = previous(end)
        guard !isVowel(consonant), consonant > 0 else { return false }
        let vowel = previous(consonant)
        guard isVowel(vowel) else { return false }
        if vowel == 0 { return true }
        let c = p[consonant]
        if c == UInt8(ascii: "w") || c == UInt8(ascii: "x") || c == UInt8(ascii: "Y") { return false }
        return !isVowel(previous(vowel))
    }

    /// Y back to y; the stem's length.
    mutating func postludeEnglish() -> Int {
        replaceByte(UInt8(ascii: "Y"), with: UInt8(ascii: "y"))
        return count
    }
}
