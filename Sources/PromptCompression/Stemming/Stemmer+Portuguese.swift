// Portuguese: the Snowball Portuguese algorithm (its description on the
// Snowball site): RV, R1, R2, steps 1 (standard suffixes), 2 (verb
// suffixes), 3 or 4 (residual), 5. Nasal vowels (ã, õ) are kept as letters
// rather than written "a~", "o~": they count as vowels.

extension Stemmer {
    static let portugueseVowels = VowelSet("aeiouáéíóúâêôãõ")
    static let portugueseStep1 = SuffixList(
        ["eza", "ezas", "ico", "ica", "icos", "icas", "ismo", "ismos", "ável", "ível", "ista", "istas", "oso", "osa", "osos",
         "osas", "amento", "amentos", "imento", "imentos", "adora", "ador", "ação", "adoras", "adores", "ações", "ante",
         "antes", "ância"].map { ($0, 0) }
        + [("logia", 2), ("logias", 2), ("ução", 3), ("uções", 3), ("ência", 4), ("ências", 4), ("amente", 5), ("mente", 6),
           ("idade", 7), ("idades", 7), ("iva", 8), ("ivo", 8), ("ivas", 8), ("ivos", 8), ("ira", 9), ("iras", 9)])
    static let portugueseStep2 = SuffixList([
        "ada", "ida", "ia", "aria", "eria", "iria", "ará", "ara", "erá", "era", "irá", "ava", "asse", "esse", "isse", "aste",
        "este", "iste", "ei", "arei", "erei", "irei", "am", "iam", "ariam", "eriam", "iriam", "aram", "eram", "iram", "avam",
        "em", "arem", "erem", "irem", "assem", "essem", "issem", "ado", "ido", "ando", "endo", "indo", "arão", "erão", "irão",
        "ar", "er", "ir", "as", "adas", "idas", "ias", "arias", "erias", "irias", "arás", "aras", "erás", "eras", "irás", "avas",
        "es", "ardes", "erdes", "irdes", "ares", "eres", "ires", "asses", "esses", "isses", "astes", "estes", "istes", "is",
        "ais", "eis", "íeis", "aríeis", "eríeis", "iríeis", "áreis", "areis", "éreis", "ereis", "íreis", "ireis", "ásseis",
        "ésseis", "ísseis", "áveis", "ados", "idos", "ámos", "amos", "íamos", "aríamos", "eríamos", "iríamos", "áramos",
        "éramos", "íramos", "ávamos", "emos", "aremos", "eremos", "iremos", "ássemos", "êssemos", "íssemos", "imos", "armos",
        "ermos", "irmos", "eu", "iu", "ou", "ira", "iras",
    ])
    static let portugueseStep4 = SuffixList(["os", "a", "i", "o", "á", "í", "ó"])
    static let portugueseStep5 = SuffixList([("e", 0), ("é", 0), ("ê", 0), ("ç", 1)])

    static func portuguese(_ p: UnsafeMutablePointer<UInt8>, count: Int) -> Int {
        var w = StemWord(p, count: count, vowels: portugueseVowels)
        w.setRomanceRegions()
        var altered = false
        if let (length, tag) = w.longest(portugueseStep1) {
            altered = w.romanceStandardSuffix(length: length, tag: tag, language: .portuguese)
        }
        if !altered, let (length, _) = w.longest(portugueseStep2, limit: w.rv) {
            w.remove(length)
            altered = true
        }
        if altered {
            // Step 3: i after c, in RV.
            if w.last == UInt8(ascii: "i") && w.start(1) >= w.rv && w.ends(with: "c", at: w.start(1)) { w.remove(1) }
        } else if let (length, _) = w.longest(portugueseStep4, limit: w.rv) {
            w.remove(length)
        }
        // Step 5.
        if let (length, tag) = w.longest(portugueseStep5, limit: w.rv) {
            if tag == 1 {
                w.replace(length, with: "c")
            } else {
                w.remove(length)
                if (w.ends(with: "gu") || w.ends(with: "ci")) && w.start(1) >= w.rv { w.remove(1) }
            }
        }
        return w.count
    }
}
