/// Brings back units the deduplication passes dropped when retrieval leaves
/// out the copy they repeat.
///
/// Exact and near-duplicate removal keep one copy of a repeated sentence
/// or paragraph (the first, or the one whose surroundings share more of the
/// question's words) and run before retrieval, which may then drop the
/// document of that copy while it keeps the document of a dropped repeat:
/// the text was in neither. On HotpotQA at 4x this took a sentence out of
/// a document otherwise kept in 6 of 500 questions (2 of them a supporting
/// paragraph). So in the budget loop, when every other sentence of a
/// repeat's document is kept (the ranking chose it whole, or all of it
/// fitted) and no sentence of the copy it repeats is, the repeat comes back
/// if it fits, and the copy's sentences are not kept later: one copy stays,
/// the one in the document that was chosen first.
///
/// Without repeats this costs one check of an empty array a kept sentence.
struct RepeatRestorer {
    private struct Entry {
        /// Sentence indices of the dropped unit, and of the copy it repeats.
        var dropped: Range<Int>
        var original: Range<Int>
        var tokens: Int
        /// The dropped bytes, and the pass that dropped them.
        var bytes: Range<Int>
        var pass: String
    }

    private var entries: [Entry] = []
    /// For each document, its entries.
    private var entriesOfDocument: [Int: [Int]] = [:]
    /// For each document, its sentences neither kept nor dropped.
    private var open: [Int32] = []
    private var documentOf: [Int32] = []
    private var suppressed: [Bool] = []
    /// Entries brought back.
    private(set) var restored: [Int] = []

    init(_ document: PromptDocument, sentences: [PromptDocument.Unit], keep: [Bool], alreadyDropped: [Bool]) {
        let repeats = document._repeats
        guard !repeats.isEmpty else { return }
        let paragraphs = document.paragraphs
        /// The sentences whose ranges lie inside `range`, as an index range (sentences are sorted).
        func sentencesInside(_ range: Range<Int>) -> Range<Int> {
            var low = 0, high = sentences.count
            while low < high {
                let mid = (low + high) / 2
                if sentences[mid].range.lowerBound < range.lowerBound { low = mid + 1 } else { high = mid }
            }
            var end = low
            while end < sentences.count && sentences[end].range.upperBound <= range.upperBound { end += 1 }
            return low..<end
        }
        documentOf = sentences.map { Int32(paragraphs[$0.parent].parent) }
        for item in repeats {
            let dropped = sentencesInside(item.dropped), original = sentencesInside(item.original)
            // Whole sentences, all of them dropped, in one document.
            guard !dropped.isEmpty, !original.isEmpty, dropped.allSatisfy({ alreadyDropped[$0] }),
                  documentOf[dropped.lowerBound] == documentOf[dropped.upperBound - 1] else { continue }
            entries.append(Entry(dropped: dropped, original: original, tokens: dropped.reduce(0) { $0 + sentences[$1].tokens },
                                 bytes: item.dropped, pass: item.isNear ? NearDuplicateRemoval().name : ExactDeduplication().name))
            entriesOfDocument[Int(documentOf[dropped.lowerBound]), default: []].append(entries.count - 1)
        }
        guard !entries.isEmpty else { return }
        open = [Int32](repeating: 0, count: document.documents.count)
        for index in sentences.indices where !keep[index] && !alreadyDropped[index] { open[Int(documentOf[index])] += 1 }
        suppressed = [Bool](repeating: false, count: sentences.count)
    }

    /// Whether `index` is a sentence of a copy whose repeat came back.
    func isSuppressed(_ index: Int) -> Bool { !suppressed.isEmpty && suppressed[index] }

    /// Sentence `index` was kept: when it was the last open one of its
    /// document, brings back the document's repeats whose copies are not
    /// kept, while they fit.
    mutating func kept(_ index: Int, keep: inout [Bool], alreadyDropped: inout [Bool], estimate: inout Int, budget: Int) {
        guard !entries.isEmpty else { return }
        let document = Int(documentOf[index])
        open[document] -= 1
        guard open[document] == 0, let list = entriesOfDocument[document] else { return }
        for number in list {
            let entry = entries[number]
            guard entry.dropped.allSatisfy({ alreadyDropped[$0] }),
                  !entry.original.contains(where: { keep[$0] }),
                  estimate + entry.tokens <= budget else { continue }
            for sentence in entry.dropped {
                keep[sentence] = true
                alreadyDropped[sentence] = false
            }
            for sentence in entry.original { suppressed[sentence] = true }
            estimate += entry.tokens
            restored.append(number)
        }
    }

    /// Removes the drops of the repeats brought back, and takes their
    /// tokens (as the sentences' counts) and drops off their pass's report.
    func removeDrops(from document: inout PromptDocument, reports: inout [PassReport]) {
        var back: [Range<Int>: String] = [:]
        var returned: [String: (tokens: Int, drops: Int)] = [:]
        for number in restored {
            let entry = entries[number]
            back[entry.bytes] = entry.pass
            returned[entry.pass, default: (0, 0)].tokens += entry.tokens
            returned[entry.pass, default: (0, 0)].drops += 1
        }
        document.drops.removeAll { back[$0.range] == $0.reason.pass }
        for index in reports.indices {
            if let (tokens, drops) = returned[reports[index].pass] {
                reports[index].tokensSaved -= tokens
                reports[index].drops -= drops
            }
        }
    }
}
