/// Drops exact repeats of paragraphs and sentences, after folding case and
/// white space; the first occurrence stays, or, with a question, the copy
/// in the surroundings that hold most of the question's words. Units shorter than
/// `minimumLength` folded bytes are never dropped (a repeated "Yes." is
/// not redundant). Lossless: every dropped unit's words are still in the text.
public struct ExactDeduplication: CompressionPass {
    public let name = "dedup"
    public let isLossless = true
    /// Shortest folded unit (bytes) that may be dropped as a repeat.
    public var minimumLength: Int

    public init(minimumLength: Int = 24) {
        self.minimumLength = minimumLength
    }

    public func apply(to document: inout PromptDocument, context: PassContext) throws(CompressionError) {
        // With a question, the copy whose surroundings (a paragraph's
        // document, a sentence's paragraph, then its document) hold the most
        // of the question's words stays; without one, or on a tie, the first.
        let queryWords = Set(_foldedWordHashes(Array((context.query ?? "").utf8)[...]))
        func relevance(_ range: Range<Int>) -> Int {
            queryWords.isEmpty ? 0 : Set(_foldedWordHashes(document.bytes[range])).intersection(queryWords).count
        }
        var droppedParagraph = [Bool](repeating: false, count: document.paragraphs.count)
        let paragraphGroups = _repeatGroups(document.paragraphs.indices.map { _folded(document.bytes[document.paragraphs[$0].range]) })
        let sentenceKeys = document.sentences.indices.map { _folded(document.bytes[document.sentences[$0].range]) }
        // Relevance is measured only when there are repeats to choose among.
        let needsRelevance = !queryWords.isEmpty && (!paragraphGroups.isEmpty || !_repeatGroups(sentenceKeys).isEmpty)
        let documentRelevance = needsRelevance ? document.documents.map { relevance($0.range) } : []
        let paragraphRelevance = needsRelevance ? document.paragraphs.map { relevance($0.range) } : []
        for group in paragraphGroups {
            let keeper = !needsRelevance ? group[0]
                : group.max { (documentRelevance[document.paragraphs[$0].parent], -$0) < (documentRelevance[document.paragraphs[$1].parent], -$1) }!
            let range = document.paragraphs[keeper].range
            for index in group where index != keeper {
                droppedParagraph[index] = document.drop(
                    document.paragraphs[index].range,
                    reason: .init(pass: name, detail: "repeats the paragraph at bytes \(range.lowerBound)..<\(range.upperBound)"))
            }
        }
        let sentences = document.sentences.indices.filter { !droppedParagraph[document.sentences[$0].parent] }
        for group in _repeatGroups(sentences.map { sentenceKeys[$0] }) {
            let members = group.map { sentences[$0] }
            func key(_ i: Int) -> (Int, Int, Int) {
                let paragraph = document.sentences[i].parent
                return (paragraphRelevance[paragraph], documentRelevance[document.paragraphs[paragraph].parent], -i)
            }
            let keeper = !needsRelevance ? members[0] : members.max { key($0) < key($1) }!
            let range = document.sentences[keeper].range
            for index in members where index != keeper {
                document.drop(document.sentences[index].range,
                              reason: .init(pass: name, detail: "repeats the sentence at bytes \(range.lowerBound)..<\(range.upperBound)"))
            }
        }
    }

    /// Groups of indices of equal keys (two or more each, at least
    /// `minimumLength` bytes), in order of first occurrence; each group in
    /// index order.
    func _repeatGroups(_ keys: [[UInt8]]) -> [[Int]] {
        var index = _FoldedIndex()
        var groupOf: [Int: Int] = [:]
        var groups: [[Int]] = []
        for (i, key) in keys.enumerated() where key.count >= minimumLength {
            guard let first = index.first(key, else: i) else { continue }
            if let group = groupOf[first] {
                groups[group].append(i)
            } else {
                groupOf[first] = groups.count
                groups.append([first, i])
            }
        }
        return groups
    }
}

/// First occurrences of folded units, by a 64-bit hash of their bytes
/// (Swift's `Hasher` over byte arrays costs a call a byte); equal hashes
/// are checked byte for byte.
struct _FoldedIndex {
    private var first: [UInt64: [(key: [UInt8], index: Int)]] = [:]

    /// The index of an earlier unit with the same folded bytes; else records `index` and returns nil.
    mutating func first(_ key: [UInt8], else index: Int) -> Int? {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in key { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        if let match = first[h]?.first(where: { $0.key == key }) { return match.index }
        first[h, default: []].append((key, index))
        return nil
    }
}

/// ASCII letters lower-cased, runs of white space as one space, no white
/// space at either end.
func _folded(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count)
    var pendingSpace = false
    for b in bytes {
        if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
            pendingSpace = !result.isEmpty
            continue
        }
        if pendingSpace {
            result.append(UInt8(ascii: " "))
            pendingSpace = false
        }
        result.append(b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b)
    }
    return result
}
