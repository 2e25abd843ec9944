// Spanish: the Snowball Spanish algorithm (its description on the Snowball
// site): RV, R1, R2, steps 1 (standard suffixes), 2a and 2b (verb
// suffixes), 3 (residual suffixes), acute accents removed. Attached
// pronouns (step 0) are left alone.

extension Stemmer {
    static let spanishVowels = VowelSet("aeiouáéíóúü")
    static let acuteAccents = StemWord.latin1Mask("áéíóú")
    static let spanishStep1 = SuffixList(
        ["anza", "anzas", "ico", "ica", "icos", "icas", "ismo", "ismos", "able", "ables", "ible", "ibles", "ista", "istas",
         "oso", "osa", "osos", "osas", "amiento", "amientos", "imiento", "imientos"].map { ($0, 0) }
        + ["adora", "ador", "ación", "adoras", "adores", "aciones", "ante", "antes", "ancia", "ancias"].map { ($0, 1) }
        + [("logía", 2), ("logías", 2), ("ución", 3), ("uciones", 3), ("encia", 4), ("encias", 4), ("amente", 5), ("mente", 6),
           ("idad", 7), ("idades", 7), ("iva", 8), ("ivo", 8), ("ivas", 8), ("ivos", 8)])
    static let spanishStep2a = SuffixList(["ya", "ye", "yan", "yen", "yeron", "yendo", "yo", "yó", "yas", "yes", "yais", "yamos"])
    static let spanishStep2b = SuffixList(
        [("en", 0), ("es", 0), ("éis", 0), ("emos", 0)]
        + ["arían", "arías", "arán", "arás", "aríais", "aría", "aréis", "aríamos", "aremos", "ará", "aré",
           "erían", "erías", "erán", "erás", "eríais", "ería", "eréis", "eríamos", "eremos", "erá", "eré",
           "irían", "irías", "irán", "irás", "iríais", "iría", "iréis", "iríamos", "iremos", "irá", "iré",
           "aba", "ada", "ida", "ía", "ara", "iera", "ad", "ed", "id", "ase", "iese", "aste", "iste", "an", "aban", "ían",
           "aran", "ieran", "asen", "iesen", "aron", "ieron", "ado", "ido", "ando", "iendo", "ió", "ar", "er", "ir", "as",
           "abas", "adas", "idas", "ías", "aras", "ieras", "ases", "ieses", "ís", "áis", "abais", "íais", "arais", "ierais",
           "aseis", "ieseis", "asteis", "isteis", "ados", "idos", "amos", "ábamos", "íamos", "imos", "áramos", "iéramos",
           "iésemos", "ásemos"].map { ($0, 1) })
    static let spanishStep3 = SuffixList([("os", 0), ("a", 0), ("o", 0), ("á", 0), ("í", 0), ("ó", 0), ("e", 1), ("é", 1)])

    static func spanish(_ p: UnsafeMutablePointer<UInt8>, count: Int) -> Int {
        var w = StemWord(p, count: count, vowels: spanishVowels)
        w.setRomanceRegions()
        // Step 1: standard suffixes.
        var removed = false
        if let (length, tag) = w.longest(spanishStep1) {
            removed = w.romanceStandardSuffix(length: length, tag: tag, language: .spanish)
        }
        // Steps 2a and 2b: verb suffixes in RV.
        if !removed {
            if let (length, _) = w.longest(spanishStep2a, limit: w.rv), w.ends(with: "u", at: w.start(length)) {
                w.remove(length)
            } else if let (length, tag) = w.longest(spanishStep2b, limit: w.rv) {
                w.remove(length)
                if tag == 0 && w.ends(with: "gu") { w.remove(1) }
            }
        }
        // Step 3: residual suffixes.
        if let (length, tag) = w.longest(spanishStep3, limit: w.rv) {
            w.remove(length)
            if tag == 1 && w.ends(with: "gu") && w.start(1) >= w.rv { w.remove(1) }
        }
        w.stripAccents(acuteAccents)
        return w.count
    }
}

extension StemWord {
    /// RV of Spanish, Portuguese and Italian: after the next vowel when the
    /// second letter is a consonant, after the next consonant when the
    /// first two are vowels, else after the third letter; R1 and R2.
    mutating func setRomanceRegions() {
        r1 = region(from: 0)
        r2 = region(from: r1)
        rv = count
        guard count > 0 else { return }
        let second = next(0)
        guard second < count else { return }
        var i = next(second)
        if !isVowel(second) {
            while i < count && !isVowel(i) { i = next(i) }
            rv = i < count ? next(i) : count
        } else if isVowel(0) {
            while i < count && isVowel(i) { i = next(i) }
            rv = i < count ? next(i) : count
        } else {
            rv = i
        }
    }

    /// Step 1 of Spanish, Portuguese and Italian for a suffix of `length`
    /// found with `tag`, the tag's classes in the order their lists give
    /// them; whether the suffix was removed or replaced.
    mutating func romanceStandardSuffix(length: Int, tag: UInt8, language: Language) -> Bool {
        let start = self.start(length)
        @inline(__always) func inR2(_ suffix: StaticString) -> Bool {
            ends(with: suffix) && count &- suffix.utf8CodeUnitCount >= r2
        }
        switch tag {
        case 0:  // delete in R2
            guard start >= r2 else { return false }
            remove(length)
        case 1:  // delete in R2; a preceding "ic" too
            guard start >= r2 else { return false }
            remove(length)
            if inR2("ic") { remove(2) }
        case 2:  // logía → log
            guard start >= r2 else { return false }
            replace(length, with: "log")
        case 3:  // ución → u
            guard start >= r2 else { return false }
            replace(length, with: "u")
        case 4:  // encia → ente
            guard start >= r2 else { return false }
            replace(length, with: "ente")
        case 5:  // amente in R1
            guard start >= r1 else { return false }
            remove(length)
            if inR2("iv") {
                remove(2)
                if inR2("at") { remove(2) }
            } else if inR2("os") || inR2("ic") || (language == .italian ? inR2("abil") : inR2("ad")) {
                remove(language == .italian && ends(with: "abil") ? 4 : 2)
            }
        case 6:  // mente in R2
            guard start >= r2 else { return false }
            remove(length)
            if language == .portuguese {
                if inR2("ante") { remove(4) } else if inR2("avel") { remove(4) } else if inR2("ível") { remove(5) }
            } else if inR2("ante") || inR2("able") || inR2("ible") {
                remove(4)
            }
        case 7:  // idad, idade, ità in R2; a preceding abil, ic, iv too
            guard start >= r2 else { return false }
            remove(length)
            if inR2("abil") { remove(4) } else if inR2("ic") || inR2("iv") { remove(2) }
        case 8:  // iva, ivo in R2; a preceding at too (and, in Italian, ic before it)
            guard start >= r2 else { return false }
            remove(length)
            if inR2("at") {
                remove(2)
                if language == .italian && inR2("ic") { remove(2) }
            }
        case 9:  // Portuguese ira → ir after e, in RV
            guard start >= rv, ends(with: "e", at: start) else { return false }
            replace(length, with: "ir")
        case 10:  // Italian amento, imento in RV
            guard start >= rv else { return false }
            remove(length)
        default:
            return false
        }
        return true
    }
}
