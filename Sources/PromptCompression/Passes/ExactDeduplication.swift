/// Drops exact repeats of paragraphs and sentences, after folding case and
/// white space; the first occurrence stays. Units shorter than
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
        var seenParagraphs = _FoldedIndex()
        var droppedParagraph = [Bool](repeating: false, count: document.paragraphs.count)
        for (index, paragraph) in document.paragraphs.enumerated() {
            let key = _folded(document.bytes[paragraph.range])
            guard key.count >= minimumLength else { continue }
            if let first = seenParagraphs.first(key, else: index) {
                let range = document.paragraphs[first].range
                droppedParagraph[index] = document.drop(
                    paragraph.range, reason: .init(pass: name, detail: "repeats the paragraph at bytes \(range.lowerBound)..<\(range.upperBound)"))
            }
        }
        var seenSentences = _FoldedIndex()
        for (index, sentence) in document.sentences.enumerated() where !droppedParagraph[sentence.parent] {
            let key = _folded(document.bytes[sentence.range])
            guard key.count >= minimumLength else { continue }
            if let first = seenSentences.first(key, else: index) {
                let range = document.sentences[first].range
                document.drop(sentence.range, reason: .init(pass: name, detail: "repeats the sentence at bytes \(range.lowerBound)..<\(range.upperBound)"))
            }
        }
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
