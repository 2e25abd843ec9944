// French: the Snowball French algorithm (its description on the Snowball
// site): consonant u, i and y marked, RV, R1, R2, steps 1 (standard
// suffixes), 2a and 2b (verb suffixes), 3 or 4 (residual), 5 (undouble)
// and 6 (un-accent). Elisions ("l'", "qu'") are left out by `fold`.

extension Stemmer {
    static let frenchVowels = VowelSet("aeiouyâàëéêèïîôûù")
    static let frenchStep1 = SuffixList(
        ["ance", "iqUe", "isme", "able", "iste", "eux", "ances", "iqUes", "ismes", "ables", "istes"].map { ($0, 0) }
        + ["atrice", "ateur", "ation", "atrices", "ateurs", "ations"].map { ($0, 1) }
        + [("logie", 2), ("logies", 2), ("usion", 3), ("ution", 3), ("usions", 3), ("utions", 3), ("ence", 4), ("ences", 4),
           ("ement", 5), ("ements", 5), ("ité", 6), ("ités", 6), ("if", 7), ("ive", 7), ("ifs", 7), ("ives", 7),
           ("eaux", 8), ("aux", 9), ("euse", 10), ("euses", 10), ("issement", 11), ("issements", 11),
           ("amment", 12), ("emment", 13), ("ment", 14), ("ments", 14)])
    static let frenchStep2a = SuffixList([
        "îmes", "ît", "îtes", "i", "ie", "ies", "ir", "ira", "irai", "iraIent", "irais", "irait", "iras", "irent", "irez",
        "iriez", "irions", "irons", "iront", "is", "issaIent", "issais", "issait", "issant", "issante", "issantes",
        "issants", "isse", "issent", "isses", "issez", "issiez", "issions", "issons", "it",
    ])
    static let frenchStep2b = SuffixList(
        [("ions", 0)]
        + ["é", "ée", "ées", "és", "èrent", "er", "era", "erai", "eraIent", "erais", "erait", "eras", "erez", "eriez",
           "erions", "erons", "eront", "ez", "iez"].map { ($0, 1) }
        + ["âmes", "ât", "âtes", "a", "ai", "aIent", "ais", "ait", "ant", "ante", "antes", "ants", "as", "asse", "assent",
           "asses", "assiez", "assions"].map { ($0, 2) })
    static let frenchStep4 = SuffixList([("ion", 0), ("ier", 1), ("ière", 1), ("Ier", 1), ("Ière", 1), ("e", 2), ("ë", 3)])

    static func french(_ p: UnsafeMutablePointer<UInt8>, count: Int) -> Int {
        var w = StemWord(p, count: count, vowels: frenchVowels)
        // Consonant u, i, y: u and i between vowels, y beside a vowel, u after q.
        var i = 0
        var before = -1
        while i < w.count {
            let after = w.next(i)
            let b = p[i]
            let vowelBefore = before >= 0 && w.isVowel(before)
            if (b == UInt8(ascii: "u") || b == UInt8(ascii: "i")) && vowelBefore && w.isVowel(after) {
                p[i] = b & ~0x20
            } else if b == UInt8(ascii: "y") && (vowelBefore || w.isVowel(after)) {
                p[i] = UInt8(ascii: "Y")
            } else if b == UInt8(ascii: "u") && before >= 0 && p[before] == UInt8(ascii: "q") {
                p[i] = UInt8(ascii: "U")
            }
            before = i
            i = after
        }
        w.r1 = w.region(from: 0)
        w.r2 = w.region(from: w.r1)
        w.rv = w.frenchRV()

        // Step 1.
        var altered = false
        var verbs = true
        if let (length, tag) = w.longest(frenchStep1) {
            altered = w.frenchStandardSuffix(length: length, tag: tag)
            verbs = !altered || tag >= 12
        }
        // Steps 2a and 2b: verb suffixes in RV.
        if verbs {
            if let (length, _) = w.longest(frenchStep2a, limit: w.rv), w.start(length) > w.rv,
                !w.isVowel(w.previous(w.start(length))) {
                w.remove(length)
                altered = true
            } else if let (length, tag) = w.longest(frenchStep2b, limit: w.rv) {
                let start = w.start(length)
                if tag == 0 {
                    if start >= w.r2 {
                        w.remove(length)
                        altered = true
                    }
                } else {
                    w.remove(length)
                    altered = true
                    if tag == 2 && w.last == UInt8(ascii: "e") && w.start(1) >= w.rv { w.remove(1) }
                }
            }
        }
        if altered {
            // Step 3.
            if w.last == UInt8(ascii: "Y") {
                p[w.count &- 1] = UInt8(ascii: "i")
            } else if w.ends(with: "ç") {
                w.replace(2, with: "c")
            }
        } else {
            // Step 4: residual suffixes.
            if w.last == UInt8(ascii: "s") && w.count >= 2 {
                let letter = w.previous(w.count &- 1)
                let b = p[letter]
                let keeps = b == UInt8(ascii: "a") || b == UInt8(ascii: "i") || b == UInt8(ascii: "o") || b == UInt8(ascii: "u")
                    || b == UInt8(ascii: "s") || w.ends(with: "è", at: w.count &- 1)
                if !keeps { w.remove(1) }
            }
            if let (length, tag) = w.longest(frenchStep4, limit: w.rv) {
                let start = w.start(length)
                switch tag {
                case 0:
                    if start >= w.r2 && (w.ends(with: "s", at: start) || w.ends(with: "t", at: start)) { w.remove(length) }
                case 1: w.replace(length, with: "i")
                case 2: w.remove(length)
                default: if w.ends(with: "gu", at: start) { w.remove(length) }
                }
            }
        }
        // Step 5: undouble.
        if w.ends(with: "enn") || w.ends(with: "onn") || w.ends(with: "ett") || w.ends(with: "ell") || w.ends(with: "eill") {
            w.remove(1)
        }
        // Step 6: é or è before the final consonants loses its accent.
        var j = w.count
        while j > 0 && !w.isVowel(w.previous(j)) { j = w.previous(j) }
        if j < w.count && j >= 2 && p[j &- 2] == 0xC3 && (p[j &- 1] == 0xA9 || p[j &- 1] == 0xA8) {
            w.stripAccents(StemWord.latin1Mask("éè"), from: j &- 2)
        }
        w.replaceByte(UInt8(ascii: "I"), with: UInt8(ascii: "i"))
        w.replaceByte(UInt8(ascii: "U"), with: UInt8(ascii: "u"))
        w.replaceByte(UInt8(ascii: "Y"), with: UInt8(ascii: "y"))
        return w.count
    }
}

extension StemWord {
    /// French RV: after the third letter when the word starts with two
    /// vowels, after "par", "col" or "tap" at the start, else after the
    /// first vowel not at the start.
    func frenchRV() -> Int {
        guard count >= 2 else { return count }
        let second = next(0)
        if isVowel(0) && isVowel(second) { return afterLetters(3) }
        if ends(with: "par", at: 3) || ends(with: "col", at: 3) || ends(with: "tap", at: 3) { return 3 }
        var i = second
        while i < count && !isVowel(i) { i = next(i) }
        return i < count ? next(i) : count
    }

    /// French step 1 for a suffix of `length` found with `tag`; whether
    /// the word was altered.
    mutating func frenchStandardSuffix(length: Int, tag: UInt8) -> Bool {
        let start = self.start(length)
        @inline(__always) func at(_ suffix: StaticString, _ region: Int) -> Bool {
            ends(with: suffix) && count &- suffix.utf8CodeUnitCount >= region
        }
        switch tag {
        case 0:
            guard start >= r2 else { return false }
            remove(length)
        case 1:
            guard start >= r2 else { return false }
            remove(length)
            if ends(with: "ic") { if count &- 2 >= r2 { remove(2) } else { replace(2, with: "iqU") } }
        case 2:
            guard start >= r2 else { return false }
            replace(length, with: "log")
        case 3:
            guard start >= r2 else { return false }
            replace(length, with: "u")
        case 4:
            guard start >= r2 else { return false }
            replace(length, with: "ent")
        case 5:
            guard start >= rv else { return false }
            remove(length)
            if at("iv", r2) {
                remove(2)
                if at("at", r2) { remove(2) }
            } else if ends(with: "eus") {
                if count &- 3 >= r2 { remove(3) } else if count &- 3 >= r1 { replace(3, with: "eux") }
            } else if at("abl", r2) || at("iqU", r2) {
                remove(3)
            } else if at("ièr", rv) || at("Ièr", rv) {
                replace(4, with: "i")
            }
        case 6:
            guard start >= r2 else { return false }
            remove(length)
            if ends(with: "abil") {
                if count &- 4 >= r2 { remove(4) } else { replace(4, with: "abl") }
            } else if ends(with: "ic") {
                if count &- 2 >= r2 { remove(2) } else { replace(2, with: "iqU") }
            } else if at("iv", r2) {
                remove(2)
            }
        case 7:
            guard start >= r2 else { return false }
            remove(length)
            if at("at", r2) {
                remove(2)
                if ends(with: "ic") { if count &- 2 >= r2 { remove(2) } else { replace(2, with: "iqU") } }
            }
        case 8:
            replace(length, with: "eau")
        case 9:
            guard start >= r1 else { return false }
            replace(length, with: "al")
        case 10:
            if start >= r2 { remove(length) } else if start >= r1 { replace(length, with: "eux") } else { return false }
        case 11:
            guard start >= r1, start > 0, !isVowel(previous(start)) else { return false }
            remove(length)
        case 12:
            guard start >= rv else { return false }
            replace(length, with: "ant")
        case 13:
            guard start >= rv else { return false }
            replace(length, with: "ent")
        default:
            guard start > rv, isVowel(previous(start)), previous(start) >= rv else { return false }
            remove(length)
        }
        return true
    }
}
