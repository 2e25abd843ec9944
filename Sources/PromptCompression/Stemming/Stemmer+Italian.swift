// Italian: the Snowball Italian algorithm (its description on the Snowball
// site): acute accents as grave, qu and u and i between vowels kept as
// consonants, RV, R1, R2, steps 1 (standard suffixes), 2 (verb suffixes),
// 3a and 3b. Attached pronouns (step 0) are left alone.

extension Stemmer {
    static let italianVowels = VowelSet("aeiouàèìòù")
    static let italianStep1 = SuffixList(
        ["anza", "anze", "ico", "ici", "ica", "ice", "iche", "ichi", "ismo", "ismi", "abile", "abili", "ibile", "ibili", "ista",
         "iste", "isti", "istà", "istè", "istì", "oso", "osi", "osa", "ose", "mente", "atrice", "atrici", "ante", "anti"].map { ($0, 0) }
        + ["azione", "azioni", "atore", "atori"].map { ($0, 1) }
        + [("logia", 2), ("logie", 2), ("uzione", 3), ("uzioni", 3), ("usione", 3), ("usioni", 3), ("enza", 4), ("enze", 4),
           ("amento", 10), ("amenti", 10), ("imento", 10), ("imenti", 10), ("amente", 5), ("ità", 7),
           ("ivo", 8), ("ivi", 8), ("iva", 8), ("ive", 8)])
    static let italianStep2 = SuffixList([
        "ammo", "ando", "ano", "are", "arono", "asse", "assero", "assi", "assimo", "ata", "ate", "ati", "ato", "ava", "avamo",
        "avano", "avate", "avi", "avo", "emmo", "enda", "ende", "endi", "endo", "erà", "erai", "eranno", "ere", "erebbe",
        "erebbero", "erei", "eremmo", "eremo", "ereste", "eresti", "erete", "erò", "erono", "essero", "ete", "eva", "evamo",
        "evano", "evate", "evi", "evo", "iamo", "immo", "irà", "irai", "iranno", "ire", "irebbe", "irebbero", "irei",
        "iremmo", "iremo", "ireste", "iresti", "irete", "irò", "irono", "isca", "iscano", "isce", "isci", "isco", "iscono",
        "issero", "ita", "ite", "iti", "ito", "iva", "ivamo", "ivano", "ivate", "ivi", "ivo", "ar", "ir",
    ])
    static let italianStep3a = SuffixList(["a", "e", "i", "o", "à", "è", "ì", "ò"])

    static func italian(_ p: UnsafeMutablePointer<UInt8>, count: Int) -> Int {
        var w = StemWord(p, count: count, vowels: italianVowels)
        // Acute accents as grave: á é í ó ú → à è ì ò ù (one less in the second byte).
        var i = 0
        while i &+ 1 < w.count {
            if p[i] == 0xC3 {
                switch p[i &+ 1] {
                case 0xA1, 0xA9, 0xAD, 0xB3, 0xBA: p[i &+ 1] &-= 1
                default: break
                }
            }
            i = w.next(i)
        }
        // qu, and u and i between vowels, are consonants.
        i = w.count > 0 ? w.next(0) : 0
        var before = 0
        while i < w.count {
            let after = w.next(i)
            if p[i] == UInt8(ascii: "u") && p[before] == UInt8(ascii: "q") {
                p[i] = UInt8(ascii: "U")
            } else if (p[i] == UInt8(ascii: "u") || p[i] == UInt8(ascii: "i")) && w.isVowel(before) && w.isVowel(after) {
                p[i] &= ~0x20
            }
            before = i
            i = after
        }
        w.setRomanceRegions()
        var removed = false
        if let (length, tag) = w.longest(italianStep1) {
            removed = w.romanceStandardSuffix(length: length, tag: tag, language: .italian)
        }
        if !removed, let (length, _) = w.longest(italianStep2, limit: w.rv) {
            w.remove(length)
        }
        // Step 3a: a final vowel, and an i before it, in RV.
        if let (length, _) = w.longest(italianStep3a, limit: w.rv) {
            w.remove(length)
            if w.last == UInt8(ascii: "i") && w.start(1) >= w.rv { w.remove(1) }
        }
        // Step 3b: ch and gh as c and g, in RV.
        if (w.ends(with: "ch") || w.ends(with: "gh")) && w.start(1) >= w.rv { w.remove(1) }
        w.replaceByte(UInt8(ascii: "I"), with: UInt8(ascii: "i"))
        w.replaceByte(UInt8(ascii: "U"), with: UInt8(ascii: "u"))
        return w.count
    }
}
