import CICU

/// ICU's sentence-break suppressions for a locale (`@ss=standard`), applied
/// to the breaks of ASCII text.
///
/// ICU reads the locale's list of abbreviations ("Mr.", "U.S.", "Ph.D.")
/// and drops a break when the text before it, less one space, ends with
/// one of them; this reproduces what its filter does with the list:
///
/// - An abbreviation with a period inside ("U.S.") is not matched whole:
///   its part up to the first period ("U.") is matched before the break,
///   and then the text from there must start with one of the abbreviations
///   of that part that no other one of them extends ("U.S.A.", not
///   "U.S."), or the text must end on one of them. An abbreviation that is
///   such a part ("U.", "A.") is only matched that way.
/// - The others drop the break when they end where it is (or a space
///   before it), whatever comes before them: "XMr. Smith" is one sentence.
///
/// The differential tests (`ASCIISentenceBreaksTests`) compare this with
/// ICU on texts made of every abbreviation in many contexts.
struct SentenceSuppressions: Sendable {
    /// Abbreviations matched ending at the break, by their byte before the
    /// last (256: one byte long), because every one ends with "."; `partial`
    /// when the forward match decides.
    private var backward: [[(bytes: [UInt8], partial: Bool)]] = Array(repeating: [], count: 257)
    /// Abbreviations with a period inside, and the parts up to their first period.
    private var forward: [[UInt8]] = []
    /// Whether no other entry of `forward` extends the one at the same index.
    private var maximal: [Bool] = []
    /// Whether every abbreviation is ASCII without spaces or line breaks, so
    /// that no suppression looks across a space (see `findSentences`).
    private(set) var allowsCuts = true

    /// The suppressions of `abbreviations` (ICU's strings, in any order).
    init(abbreviations: [[UInt8]]) {
        let entries = Array(Set(abbreviations)).sorted { $0.lexicographicallyPrecedes($1) }
        let period = UInt8(ascii: ".")
        var grouped = [Bool](repeating: false, count: entries.count)
        for (i, entry) in entries.enumerated() {
            guard let dot = entry.firstIndex(of: period), dot + 1 != entry.count else { continue }
            let part = entry[...dot]
            var groupSeen = false
            for (j, other) in entries.enumerated() where j != i && other.starts(with: part) {
                if grouped[j] { groupSeen = true } else { grouped[j] = true }
            }
            if !groupSeen && !grouped[i] {
                grouped[i] = true
                backward[Self.bucket(Array(part))].append((Array(part), true))
            }
        }
        for (i, entry) in entries.enumerated() {
            if grouped[i] {
                forward.append(entry)
            } else if !entry.isEmpty {
                backward[Self.bucket(entry)].append((entry, false))
            }
        }
        allowsCuts = entries.allSatisfy { $0.allSatisfy { $0 > 0x20 && $0 < 0x7F } }
        maximal = forward.map { entry in !forward.contains { $0.count > entry.count && $0.starts(with: entry) } }
    }

    private static func bucket(_ entry: [UInt8]) -> Int { entry.count >= 2 ? Int(entry[entry.count - 2]) : 256 }

    /// ICU's list for `locale` (an ICU locale ID without keywords), or nil
    /// when ICU has none or fails.
    static func icu(locale: String) -> SentenceSuppressions? {
        var status: Int32 = 0
        let count = tersify_sentence_suppressions(locale, nil, 0, &status)
        guard count > 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(count))
        guard tersify_sentence_suppressions(locale, &bytes, count, &status) == count, status == 0 else { return nil }
        let abbreviations = bytes.split(separator: 0).map(Array.init)
        return abbreviations.isEmpty ? nil : SentenceSuppressions(abbreviations: abbreviations)
    }

    /// Whether ICU drops its break at `end` (< `text.count`) of `text`.
    func suppresses(_ text: UnsafeBufferPointer<UInt8>, at end: Int) -> Bool {
        let close = end > 0 && text[end - 1] == UInt8(ascii: " ") ? end - 1 : end
        guard close > 0 else { return false }
        var best: (start: Int, partial: Bool)? = nil
        func longest(in bucket: Int) {
            for entry in backward[bucket] where entry.bytes.count <= close {
                let start = close - entry.bytes.count
                guard best.map({ start < $0.start }) ?? true, text.holds(entry.bytes, at: start) else { continue }
                best = (start, entry.partial)
            }
        }
        if close >= 2 { longest(in: Int(text[close - 2])) }
        longest(in: 256)
        guard let best else { return false }
        guard best.partial else { return true }
        for (index, entry) in forward.enumerated() where text.holds(entry, at: best.start) {
            if maximal[index] || best.start + entry.count == text.count { return true }
        }
        return false
    }
}
