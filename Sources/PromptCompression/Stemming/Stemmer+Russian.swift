// Russian: the Snowball Russian algorithm (its description on the Snowball
// site): ё as е, RV after the first vowel, R2; step 1 (perfective gerund,
// or reflexive then adjectival, verb or noun endings), 2 (и), 3 (ост,
// ость in R2), 4 (нн, superlative, ь).

extension Stemmer {
    static let russianVowels = VowelSet("аеиоуыэюя")
    /// Tag 1: removed only after а or я.
    static let russianGerund = SuffixList(
        ["в", "вши", "вшись"].map { ($0, 1) } + ["ив", "ивши", "ившись", "ыв", "ывши", "ывшись"].map { ($0, 0) })
    static let russianReflexive = SuffixList(["ся", "сь"])
    static let russianAdjective = SuffixList([
        "ее", "ие", "ые", "ое", "ими", "ыми", "ей", "ий", "ый", "ой", "ем", "им", "ым", "ом", "его", "ого", "ему", "ому",
        "их", "ых", "ую", "юю", "ая", "яя", "ою", "ею",
    ])
    static let russianParticiple = SuffixList(
        ["ем", "нн", "вш", "ющ", "щ"].map { ($0, 1) } + ["ивш", "ывш", "ующ"].map { ($0, 0) })
    static let russianVerb = SuffixList(
        ["ла", "на", "ете", "йте", "ли", "й", "л", "ем", "н", "ло", "но", "ет", "ют", "ны", "ть", "ешь", "нно"].map { ($0, 1) }
        + ["ила", "ыла", "ена", "ейте", "уйте", "ите", "или", "ыли", "ей", "уй", "ил", "ыл", "им", "ым", "ен", "ило", "ыло",
           "ено", "ят", "ует", "уют", "ит", "ыт", "ены", "ить", "ыть", "ишь", "ую", "ю"].map { ($0, 0) })
    static let russianNoun = SuffixList([
        "а", "ев", "ов", "ие", "ье", "е", "иями", "ями", "ами", "еи", "ии", "и", "ией", "ей", "ой", "ий", "й", "иям", "ям",
        "ием", "ем", "ам", "ом", "о", "у", "ах", "иях", "ях", "ы", "ь", "ию", "ью", "ю", "ия", "ья", "я",
    ])
    static let russianSuperlative = SuffixList(["ейш", "ейше"])

    static func russian(_ p: UnsafeMutablePointer<UInt8>, count: Int) -> Int {
        var w = StemWord(p, count: count, vowels: russianVowels)
        // ё (D1 91) as е (D0 B5).
        var i = 0
        while i &+ 1 < w.count {
            if p[i] == 0xD1 && p[i &+ 1] == 0x91 {
                p[i] = 0xD0
                p[i &+ 1] = 0xB5
            }
            i = w.next(i)
        }
        w.rv = w.count
        i = 0
        while i < w.count {
            let vowel = w.isVowel(i)
            i = w.next(i)
            if vowel {
                w.rv = i
                break
            }
        }
        w.r2 = w.region(from: w.region(from: 0))

        // Step 1.
        if !w.removeRussianEnding(russianGerund) {
            if let (length, _) = w.longest(russianReflexive, limit: w.rv) { w.remove(length) }
            if let (length, _) = w.longest(russianAdjective, limit: w.rv) {
                w.remove(length)
                _ = w.removeRussianEnding(russianParticiple)
            } else if !w.removeRussianEnding(russianVerb), let (length, _) = w.longest(russianNoun, limit: w.rv) {
                w.remove(length)
            }
        }
        // Step 2.
        if w.ends(with: "и") && w.start(2) >= w.rv { w.remove(2) }
        // Step 3: derivational, in R2.
        if w.ends(with: "ость") && w.start(8) >= w.r2 {
            w.remove(8)
        } else if w.ends(with: "ост") && w.start(6) >= w.r2 {
            w.remove(6)
        }
        // Step 4.
        if let (length, _) = w.longest(russianSuperlative, limit: w.rv) {
            w.remove(length)
            if w.ends(with: "нн") && w.start(4) >= w.rv { w.remove(2) }
        } else if w.ends(with: "нн") && w.start(4) >= w.rv {
            w.remove(2)
        } else if w.ends(with: "ь") && w.start(2) >= w.rv {
            w.remove(2)
        }
        return w.count
    }
}

extension StemWord {
    /// Removes the longest ending of `list` in RV; an ending tagged 1 only
    /// after а or я (in RV). Whether one was removed.
    mutating func removeRussianEnding(_ list: SuffixList) -> Bool {
        guard let (length, tag) = longest(list, limit: rv) else { return false }
        let start = self.start(length)
        if tag == 1 {
            guard start &- 2 >= rv, ends(with: "а", at: start) || ends(with: "я", at: start) else { return false }
        }
        remove(length)
        return true
    }
}
