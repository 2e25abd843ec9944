import Dispatch
import PromptTokenizer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The coarse stage of `Compressor`: which documents of a large input go on
/// to the fine stage (sentences, passes, ranking, the exact budget loop).
///
/// It reads only bytes and the document ranges: words are hashed by
/// `WordHasher` (no `String`, no per-word arrays), BM25 counts only the
/// question's terms (words and pairs of neighbouring words, as the fine
/// ranking does) in each document, and a second hop scores every document
/// again with the distinct terms of the best one, combined as in
/// `SentenceRanking.rank` (question score over the best, plus `secondHopWeight`
/// times the hop score over the best other). Without a question, a
/// document's information is the IDF of its distinct words over the square
/// root of its length, like `SentenceRanking.informationScores` for sentences.
///
/// Candidates, best first, until their tokens reach `volume`: documents
/// holding protected bytes always (and every document an atomic or
/// protected span crosses into goes with its neighbour); an exact repeat of
/// an earlier document (case and white space folded, at least 24 bytes) is
/// never one.
///
/// Memory: O(documents + distinct question terms), or the distinct words
/// of the input without a question; with a question, 4 bytes a word of
/// inputs up to `storedWordsLimit` bytes (the words scan 1 keeps for the
/// second hop), nothing per word above.
struct CoarseSelection {
    /// The units ranked: the documents, long ones cut into blocks of at most
    /// about `blockBytes` (at a sentence end, else a line break or a space).
    var units: [Range<Int>]
    /// Whether each unit ends its document.
    var endsDocument: [Bool]
    /// Unit indices that go to the fine stage, increasing.
    var candidates: [Int]
    /// For each unit, its rank in the coarse order (0 is best).
    var rank: [Int]
    /// Units that repeat an earlier one: (repeat, first).
    var repeats: [(Int, Int)]
    /// Whether a question ranked the documents (else information did).
    var byQuestion: Bool
    /// The language whose stemmer read the words (`Stemmer.forRanking`),
    /// `.unknown` for none: the fine stage ranks with the same one.
    var stemmingLanguage: Language = .unknown

    /// The longest unit of the coarse stage, in bytes (a long document is
    /// cut into blocks). Measured on the essays, whose documents are whole
    /// essays without blank lines: with whole documents the second hop
    /// scanned with thousands of terms and the candidates were a few
    /// essays; with blocks of about 2 KiB the candidates are the best
    /// passages.
    static let blockBytes = 2048

    /// The largest input, in bytes, whose words scan 1 keeps (`StoredWords`,
    /// 4 bytes a word, about 0.7 times the bytes of English) so that the
    /// second hop reads no text; larger inputs are read twice, and their
    /// memory stays O(documents).
    static let storedWordsLimit = 4 << 20

    /// Selects the candidate documents of `document`.
    ///
    /// - Parameters:
    ///   - volume: Tokens of candidates to aim for (protected documents may exceed it).
    ///   - stemming: Whether words are read as their stems' hashes with a
    ///     question (`Stemmer.forRanking`).
    ///   - share: The compression's work share: the scans read their units
    ///     in parts shared with its second thread; nil to read them here.
    ///   - storedWordsLimit: Inputs up to this many bytes keep their word
    ///     hashes for the second hop; larger ones are read again (tests
    ///     compare the two).
    ///   - proceed: Asked once the units are scored; when it says no, the
    ///     selection is given up (nil).
    /// - Complexity: O(n) in the bytes: one scan of the text and one of the
    ///   kept words with a question (two of the text above
    ///   `storedWordsLimit`, two without a question), plus O(d log d) to sort
    ///   d documents.
    static func select(
        _ document: PromptDocument, query: String?, volume: Int, bm25: BM25, secondHopWeight: Double, stemming: Bool = true,
        retrieverWeight: Double = 0, segmenter: Segmenter,
        tokenizer: Tokenizer, share: WorkShare? = nil, times: StageTimes? = nil, storedWordsLimit: Int = CoarseSelection.storedWordsLimit,
        proceed: () -> Bool = { true }
    ) -> CoarseSelection? {
        let (ranges, endsDocument) = coarseUnits(document)
        let count = ranges.count
        let hasher = WordHasher(segmenter: segmenter)
        var scores = [Double](repeating: 0, count: count)
        var lengths = [Int32](repeating: 0, count: count)
        var repeats: [(Int, Int)]? = []
        var isRepeat = [Bool](repeating: false, count: count)
        let queryBytes = Array((query ?? "").utf8)
        let byQuestion = !queryBytes.isEmpty
        var stemmingLanguage = Language.unknown

        document.bytes.withUnsafeBufferPointer { buffer in
            if byQuestion {
                // Words by their stems, in the language of the question and the text.
                let stems = !stemming ? nil : queryBytes.withUnsafeBufferPointer { query in
                    Stemmer.forRanking(query: query, text: buffer).map { StemMemoPool(stemmer: $0, query: query, segmenter: segmenter) }
                }
                stemmingLanguage = stems?.stemmer.language ?? .unknown
                let queryTerms = queryBytes.withUnsafeBufferPointer { query in
                    var table = TermTable(capacity: 64)
                    let memo = stems?.take()
                    defer { if let memo { stems?.give(memo) } }
                    forEachTerm(WordCursor(buffer: query, range: 0..<query.count, segmenter: hasher.segmenter, stems: memo)) {
                        table.insert($0)
                    }
                    return table
                }
                // Scan 1: the question's terms, the lengths, exact repeats;
                // the words of each unit kept for the hop when the input is small enough.
                var clock = ContinuousClock.now
                var stored: StoredWords? = buffer.count <= storedWordsLimit ? StoredWords(units: count) : nil
                scores = bm25Scores(buffer, ranges, terms: queryTerms, bm25: bm25, lengths: &lengths, isRepeat: &isRepeat,
                               repeats: &repeats, store: &stored, share: share, stems: stems) { index in
                    WordCursor(buffer: buffer, range: ranges[index], segmenter: hasher.segmenter)
                }
                times?.add("coarse: scan 1 (question, repeats)", since: clock)
                clock = .now
                defer { times?.add("coarse: scan 2 (second hop)", since: clock) }
                // Scan 2, the second hop: the best document's terms as a question.
                var best = -1
                for index in 0..<count where scores[index] > 0 && (best < 0 || scores[index] > scores[best]) { best = index }
                if best >= 0 && count > 2 {
                    var hopTerms = TermTable(capacity: 1024)
                    var none: [(Int, Int)]? = nil
                    var noStore: StoredWords? = nil
                    let hop: [Double]
                    if let stored {
                        stored.words.withUnsafeBufferPointer { words in
                            forEachTerm(StoredWordCursor(words, stored.starts, best)) { hopTerms.insert($0) }
                        }
                        hop = stored.words.withUnsafeBufferPointer { words in
                            let counted = uncommonTerms(ranges, terms: hopTerms, excluded: isRepeat) { index in
                                StoredWordCursor(words, stored.starts, index)
                            }
                            return bm25Scores(buffer, ranges, terms: hopTerms, bm25: bm25, lengths: &lengths, isRepeat: &isRepeat,
                                         repeats: &none, store: &noStore, counted: counted, share: share) { index in
                                StoredWordCursor(words, stored.starts, index)
                            }
                        }
                    } else {
                        let memo = stems?.take()
                        forEachTerm(WordCursor(buffer: buffer, range: ranges[best], segmenter: hasher.segmenter, stems: memo)) {
                            hopTerms.insert($0)
                        }
                        let counted = uncommonTerms(ranges, terms: hopTerms, excluded: isRepeat) { index in
                            WordCursor(buffer: buffer, range: ranges[index], segmenter: hasher.segmenter, stems: memo)
                        }
                        if let memo { stems?.give(memo) }
                        hop = bm25Scores(buffer, ranges, terms: hopTerms, bm25: bm25, lengths: &lengths, isRepeat: &isRepeat,
                                    repeats: &none, store: &noStore, counted: counted, share: share, stems: stems) { index in
                            WordCursor(buffer: buffer, range: ranges[index], segmenter: hasher.segmenter)
                        }
                    }
                    let top = max(scores[best], 1e-9)
                    var topHop = 1e-9
                    for index in 0..<count where index != best { topHop = max(topHop, hop[index]) }
                    for index in 0..<count where index != best {
                        scores[index] = scores[index] / top + secondHopWeight * hop[index] / topHop
                    }
                    scores[best] = .infinity
                }
            } else {
                findRepeats(buffer, ranges, hasher: hasher, isRepeat: &isRepeat, repeats: &repeats)
                scores = documentInformation(buffer, ranges, hasher: hasher, excluded: isRepeat)
            }
        }

        // The passages' own scores, when they came with them, blended in:
        // a block gets its passage's.
        if let passageScores = document._passageScores {
            scores = PassageScores.blend(scores, weight: retrieverWeight, scores: passageScores) { ranges[$0].lowerBound }
        }
        guard proceed() else { return nil }
        // Order: score, then position; repeats last.
        var order = Array(0..<count)
        order.sort { a, b in
            if isRepeat[a] != isRepeat[b] { return !isRepeat[a] }
            return scores[a] != scores[b] ? scores[a] > scores[b] : a < b
        }
        var rank = [Int](repeating: 0, count: count)
        for (position, index) in order.enumerated() { rank[index] = position }

        // Groups of documents that a protected or atomic span crosses: all or
        // none. A boundary is crossed when the bytes on both sides of it are
        // covered (spans that touch join), read from the span lists in place:
        // one merged copy of them was 2.8x the input on a list of records.
        var groupStart = Array(0..<count)
        let protected = document.protected, atomic = document.atomic
        let blocks = document._code.blocks, units = document._items.units
        var cover = RangeUnionCursor(lists: 4)
        func covers(_ offset: Int) -> Bool {
            cover.take(0, upTo: offset, count: protected.count) { protected[$0] }
            cover.take(1, upTo: offset, count: atomic.count) { atomic[$0] }
            cover.take(2, upTo: offset, count: blocks.count) { blocks[$0] }
            cover.take(3, upTo: offset, count: units.count) { units[$0].range }
            return cover.covers(offset)
        }
        for index in 1..<max(1, count) {
            let boundary = ranges[index].lowerBound
            if covers(boundary - 1) && covers(boundary) { groupStart[index] = groupStart[index - 1] }
        }
        var selected = [Bool](repeating: false, count: count)
        var tokens = 0
        func take(_ index: Int) {
            var first = groupStart[index]
            var last = index
            while last + 1 < count && groupStart[last + 1] == first { last += 1 }
            first = groupStart[first]
            for member in first...last where !selected[member] {
                selected[member] = true
                // Counted alone: the candidates' volume, not the input's
                // count (which may still be under way, see `InputTokenCount`).
                tokens += document.bytes.withUnsafeBufferPointer {
                    tokenizer.count(bytes: UnsafeBufferPointer(rebasing: $0[ranges[member]]))
                }
            }
        }
        // Protected documents always.
        var protectedIndex = 0
        for index in 0..<count {
            while protectedIndex < document.protected.count && document.protected[protectedIndex].upperBound <= ranges[index].lowerBound {
                protectedIndex += 1
            }
            if protectedIndex < document.protected.count && document.protected[protectedIndex].lowerBound < ranges[index].upperBound {
                take(index)
            }
        }
        // Code the question names by its declared name, and the list items
        // that define an option it names, always (`SentenceRanking.declarationsNamed`, `itemsNaming`).
        if let query {
            for named in document._code.unitsNamed(in: Array(query.utf8), document.bytes)
                + document._items.unitsNaming(optionsOf: Array(query.utf8), document.bytes) {
                if let index = ranges.firstIndex(where: { $0.upperBound > named.lowerBound }), !selected[index] { take(index) }
            }
        }
        for index in order where !selected[index] && !isRepeat[index] {
            if tokens >= volume { break }
            take(index)
        }
        return CoarseSelection(
            units: ranges, endsDocument: endsDocument, candidates: (0..<count).filter { selected[$0] }, rank: rank,
            repeats: repeats ?? [], byQuestion: byQuestion, stemmingLanguage: stemmingLanguage)
    }
}

/// The coarse units of a document: its documents, long ones cut into
/// blocks of at most about `CoarseSelection.blockBytes`, and whether each
/// ends its document.
func coarseUnits(_ document: PromptDocument) -> ([Range<Int>], [Bool]) {
    let limit = CoarseSelection.blockBytes
    var units: [Range<Int>] = [], ends: [Bool] = []
    units.reserveCapacity(document._documentRanges.count)
    document.bytes.withUnsafeBufferPointer { bytes in
        for range in document._documentRanges {
            var start = range.lowerBound
            while range.upperBound - start > limit + limit / 2 {
                let cut = blockCut(bytes, from: start + limit / 2, to: start + limit)
                units.append(start..<cut)
                ends.append(false)
                start = cut
            }
            units.append(start..<range.upperBound)
            ends.append(true)
        }
    }
    return (units, ends)
}

/// Where to cut a block in `low..<high`: after the last sentence end (`.`,
/// `?`, `!` and white space), else after the last line break, else after
/// the last space, else at the last UTF-8 character start before `high`.
func blockCut(_ bytes: UnsafeBufferPointer<UInt8>, from low: Int, to high: Int) -> Int {
    var lineBreak = -1, space = -1
    var i = high - 1
    while i > low {
        let b = bytes[i]
        if b == UInt8(ascii: " ") || b == UInt8(ascii: "\n") {
            let before = bytes[i - 1]
            if before == UInt8(ascii: ".") || before == UInt8(ascii: "?") || before == UInt8(ascii: "!") { return i + 1 }
            if b == UInt8(ascii: "\n") && lineBreak < 0 { lineBreak = i + 1 }
            if space < 0 { space = i + 1 }
        }
        i -= 1
    }
    if lineBreak > 0 { return lineBreak }
    if space > 0 { return space }
    var cut = high
    while cut > low && bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
    return cut
}

/// Exact repeats of earlier documents (folded), for the query-free path.
func findRepeats(
    _ buffer: UnsafeBufferPointer<UInt8>, _ ranges: [Range<Int>], hasher: WordHasher,
    isRepeat: inout [Bool], repeats: inout [(Int, Int)]?
) {
    var firstOf: [UInt64: Int] = [:]
    for index in ranges.indices where ranges[index].count >= minimumFoldedRepeatLength {
        let (key, length) = foldedHashAndLength(buffer, ranges[index])
        guard length >= minimumFoldedRepeatLength else { continue }
        if let first = firstOf[key] {
            if foldedEqual(buffer, ranges[first], ranges[index]) {
                isRepeat[index] = true
                repeats?.append((index, first))
            }
        } else {
            firstOf[key] = index
        }
    }
}
