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
/// `_WordHasher` (no `String`, no per-word arrays), BM25 counts only the
/// question's terms (words and pairs of neighbouring words, as the fine
/// ranking does) in each document, and a second hop scores every document
/// again with the distinct terms of the best one, combined as in
/// `Compressor.rank` (question score over the best, plus `secondHopWeight`
/// times the hop score over the best other). Without a question, a
/// document's information is the IDF of its distinct words over the square
/// root of its length, like `Compressor.informationScores` for sentences.
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
struct _CoarseSelection {
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

    /// Folded repeats shorter than this are not removed (as `ExactDeduplication`).
    static let minimumRepeatLength = 24

    /// The longest unit of the coarse stage, in bytes (a long document is
    /// cut into blocks). Measured on the essays, whose documents are whole
    /// essays without blank lines: with whole documents the second hop
    /// scanned with thousands of terms and the candidates were a few
    /// essays; with blocks of about 2 KiB the candidates are the best
    /// passages.
    static let blockBytes = 2048

    /// The largest input, in bytes, whose words scan 1 keeps (`_StoredWords`,
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
        tokenizer: Tokenizer, times: StageTimes? = nil, storedWordsLimit: Int = _CoarseSelection.storedWordsLimit,
        proceed: () -> Bool = { true }
    ) -> _CoarseSelection? {
        let (ranges, endsDocument) = _coarseUnits(document)
        let count = ranges.count
        let hasher = _WordHasher(segmenter: segmenter)
        var scores = [Double](repeating: 0, count: count)
        var lengths = [Int32](repeating: 0, count: count)
        var repeats: [(Int, Int)]? = []
        var isRepeat = [Bool](repeating: false, count: count)
        let queryBytes = Array((query ?? "").utf8)
        let byQuestion = !queryBytes.isEmpty
        var stemmingLanguage = Language.unknown
        // The scans read their units in parts shared with the thread that
        // counts the input's tokens, when there is one (`runShared`).
        let beside = document._inputCount.usesBackground ? document._inputCount : nil

        document.bytes.withUnsafeBufferPointer { buffer in
            if byQuestion {
                // Words by their stems, in the language of the question and the text.
                let stems = !stemming ? nil : queryBytes.withUnsafeBufferPointer { query in
                    Stemmer.forRanking(query: query, text: buffer).map { StemMemoPool(stemmer: $0, query: query, segmenter: segmenter) }
                }
                stemmingLanguage = stems?.stemmer.language ?? .unknown
                let queryTerms = queryBytes.withUnsafeBufferPointer { query in
                    var table = _TermTable(capacity: 64)
                    let memo = stems?.take()
                    defer { if let memo { stems?.give(memo) } }
                    _forEachTerm(_WordCursor(buffer: query, range: 0..<query.count, segmenter: hasher.segmenter, stems: memo)) {
                        table.insert($0)
                    }
                    return table
                }
                // Scan 1: the question's terms, the lengths, exact repeats;
                // the words of each unit kept for the hop when the input is small enough.
                var clock = ContinuousClock.now
                var stored: _StoredWords? = buffer.count <= storedWordsLimit ? _StoredWords(units: count) : nil
                scores = _bm25(buffer, ranges, terms: queryTerms, bm25: bm25, lengths: &lengths, isRepeat: &isRepeat,
                               repeats: &repeats, store: &stored, beside: beside, stems: stems) { index in
                    _WordCursor(buffer: buffer, range: ranges[index], segmenter: hasher.segmenter)
                }
                times?.add("coarse: scan 1 (question, repeats)", since: clock)
                clock = .now
                defer { times?.add("coarse: scan 2 (second hop)", since: clock) }
                // Scan 2, the second hop: the best document's terms as a question.
                var best = -1
                for index in 0..<count where scores[index] > 0 && (best < 0 || scores[index] > scores[best]) { best = index }
                if best >= 0 && count > 2 {
                    var hopTerms = _TermTable(capacity: 1024)
                    var none: [(Int, Int)]? = nil
                    var noStore: _StoredWords? = nil
                    let hop: [Double]
                    if let stored {
                        stored.words.withUnsafeBufferPointer { words in
                            _forEachTerm(_StoredWordCursor(words, stored.starts, best)) { hopTerms.insert($0) }
                        }
                        hop = stored.words.withUnsafeBufferPointer { words in
                            let counted = _uncommonTerms(ranges, terms: hopTerms, excluded: isRepeat) { index in
                                _StoredWordCursor(words, stored.starts, index)
                            }
                            return _bm25(buffer, ranges, terms: hopTerms, bm25: bm25, lengths: &lengths, isRepeat: &isRepeat,
                                         repeats: &none, store: &noStore, counted: counted, beside: beside) { index in
                                _StoredWordCursor(words, stored.starts, index)
                            }
                        }
                    } else {
                        let memo = stems?.take()
                        _forEachTerm(_WordCursor(buffer: buffer, range: ranges[best], segmenter: hasher.segmenter, stems: memo)) {
                            hopTerms.insert($0)
                        }
                        let counted = _uncommonTerms(ranges, terms: hopTerms, excluded: isRepeat) { index in
                            _WordCursor(buffer: buffer, range: ranges[index], segmenter: hasher.segmenter, stems: memo)
                        }
                        if let memo { stems?.give(memo) }
                        hop = _bm25(buffer, ranges, terms: hopTerms, bm25: bm25, lengths: &lengths, isRepeat: &isRepeat,
                                    repeats: &none, store: &noStore, counted: counted, beside: beside, stems: stems) { index in
                            _WordCursor(buffer: buffer, range: ranges[index], segmenter: hasher.segmenter)
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
                _findRepeats(buffer, ranges, hasher: hasher, isRepeat: &isRepeat, repeats: &repeats)
                scores = _information(buffer, ranges, hasher: hasher, excluded: isRepeat)
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

        // Groups of documents that a protected or atomic span crosses: all or none.
        var groupStart = Array(0..<count)
        let spans = _normalized(document.protected + document.atomic + document._code.blocks + document._items.units.map(\.range),
                                within: document.bytes.count)
        var spanIndex = 0
        for index in 1..<max(1, count) {
            let boundary = ranges[index].lowerBound
            while spanIndex < spans.count && spans[spanIndex].upperBound <= boundary { spanIndex += 1 }
            if spanIndex < spans.count && spans[spanIndex].lowerBound < boundary { groupStart[index] = groupStart[index - 1] }
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
                // count (which may still be under way, see `_InputTokenCount`).
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
        // that define an option it names, always (`Compressor._declarationsNamed`, `_itemsNaming`).
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
        return _CoarseSelection(
            units: ranges, endsDocument: endsDocument, candidates: (0..<count).filter { selected[$0] }, rank: rank,
            repeats: repeats ?? [], byQuestion: byQuestion, stemmingLanguage: stemmingLanguage)
    }
}

/// The coarse units of a document: its documents, long ones cut into
/// blocks of at most about `_CoarseSelection.blockBytes`, and whether each
/// ends its document.
func _coarseUnits(_ document: PromptDocument) -> ([Range<Int>], [Bool]) {
    let limit = _CoarseSelection.blockBytes
    var units: [Range<Int>] = [], ends: [Bool] = []
    units.reserveCapacity(document._documentRanges.count)
    document.bytes.withUnsafeBufferPointer { bytes in
        for range in document._documentRanges {
            var start = range.lowerBound
            while range.upperBound - start > limit + limit / 2 {
                let cut = _blockCut(bytes, from: start + limit / 2, to: start + limit)
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
func _blockCut(_ bytes: UnsafeBufferPointer<UInt8>, from low: Int, to high: Int) -> Int {
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

/// Calls `body` with each term of a unit's words: each word's hash, then
/// (interleaved) the hash of each pair of neighbouring words, the terms of
/// `_Vocabulary.terms`.
@inline(__always)
func _forEachTerm<Words: _WordSource>(_ words: Words, _ body: (UInt64) -> Void) {
    var words = words
    var previous: UInt64 = 0
    var first = true
    while let word = words.next() {
        body(word & ~1)
        if !first { body(_pairTerm(previous, word)) }  // pairs are odd, words even
        previous = word
        first = false
    }
}

/// Where the BM25 scans read a unit's word hashes: the text (`_WordCursor`)
/// or the words scan 1 kept (`_StoredWordCursor`).
protocol _WordSource: SendableMetatype {
    mutating func next() -> UInt64?
    /// Gives the words their stems' hashes from `memo` (text only: kept
    /// words are stemmed already).
    mutating func useStems(_ memo: StemMemo)
}

extension _WordCursor: _WordSource {
    mutating func useStems(_ memo: StemMemo) { stems = memo }
}

/// The word hashes of each unit, as scan 1 read them, truncated to 32 bits
/// (a collision of two words is a 2^-32 event a pair; the hop's terms are
/// built from these same values).
///
///     words   w w w w | w w w | w w w w w ...    UInt32 each
///     starts  0         4       7          ...    units + 1 offsets
struct _StoredWords {
    var words: [UInt32] = []
    var starts: [Int32] = [0]

    init(units: Int) {
        starts.reserveCapacity(units + 1)
    }
}

/// Scan 1's word hashes while it runs: appending to an `Array` checked the
/// buffer's uniqueness at every word (a call, about a fifth of scan 1's
/// instructions a word on the essays benchmark).
struct _WordStore {
    private(set) var base: UnsafeMutablePointer<UInt32>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    @inline(__always)
    mutating func append(_ word: UInt32) {
        if count == capacity { _grow() }
        base[count] = word
        count &+= 1
    }

    @inline(never)
    mutating func _grow() {
        let grown = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity * 2)
        grown.moveInitialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity *= 2
    }

    /// Forgets the words from `count` on.
    mutating func truncate(to count: Int) {
        precondition(count <= self.count)
        self.count = count
    }

    func array() -> [UInt32] { Array(UnsafeBufferPointer(start: base, count: count)) }

    func deallocate() { base.deallocate() }
}

/// A unit's words from `_StoredWords`, widened back to 64 bits.
struct _StoredWordCursor: _WordSource {
    let words: UnsafeBufferPointer<UInt32>
    var index: Int
    let end: Int

    @inline(__always)
    init(_ words: UnsafeBufferPointer<UInt32>, _ starts: [Int32], _ unit: Int) {
        self.words = words
        self.index = Int(starts[unit])
        self.end = Int(starts[unit + 1])
    }

    @inline(__always)
    mutating func next() -> UInt64? {
        guard index < end else { return nil }
        index &+= 1
        return UInt64(words[index &- 1])
    }

    func useStems(_ memo: StemMemo) {}
}

/// A small open-addressing set of term hashes; each term gets a slot index.
/// Keys must be well mixed (their low bits pick the bucket).
struct _TermTable {
    private(set) var keys: [UInt64]
    private(set) var slots: [Int32]
    private(set) var count = 0
    private var mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// Adds a term; its slot is the number of terms before it.
    mutating func insert(_ term: UInt64) {
        let key = term
        var position = Int(truncatingIfNeeded: key) & mask
        while slots[position] >= 0 {
            if keys[position] == key { return }
            position = (position + 1) & mask
        }
        keys[position] = key
        slots[position] = Int32(count)
        count += 1
        if count * 2 > keys.count { grow() }
    }

    /// The slot of `term`, inserting it (as slot `count`) when it is new.
    @inline(__always)
    mutating func slotInserting(_ term: UInt64) -> (slot: Int, inserted: Bool) {
        let slot = slot(of: term)
        if slot >= 0 { return (slot, false) }
        insert(term)
        return (count - 1, true)
    }

    /// The slot of a term, or -1.
    @inline(__always)
    func slot(of term: UInt64) -> Int {
        let key = term
        var position = Int(truncatingIfNeeded: key) & mask
        while true {
            let slot = slots[position]
            if slot < 0 { return -1 }
            if keys[position] == key { return Int(slot) }
            position = (position + 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = keys, oldSlots = slots
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        slots = [Int32](repeating: -1, count: oldKeys.count * 2)
        mask = keys.count - 1
        for (key, slot) in zip(oldKeys, oldSlots) where slot >= 0 {
            var position = Int(truncatingIfNeeded: key) & mask
            while slots[position] >= 0 { position = (position + 1) & mask }
            keys[position] = key
            slots[position] = slot
        }
    }
}

/// BM25 scores of the documents for a set of terms (words and pairs), in
/// one scan that keeps the (document, term, frequency) triples found.
///
/// Fills `lengths` (terms per document: words and pairs) when they are all
/// 0. With `repeats`, it also finds the documents whose folded bytes repeat
/// an earlier document (`_CoarseSelection.minimumRepeatLength` or longer):
/// those are left out of the statistics and marked in `isRepeat`. With
/// `store`, it appends each unit's words (32 bits each) and closes the
/// unit's run in `starts` (empty for a repeat), for the second hop.
/// `source` gives the words of a unit: the text or the kept words; with
/// `stems`, the text's words are read as their stems' hashes (a memo a
/// part of the scan).
///
/// Memory: 12 bytes a (document, distinct term) pair found, at most the
/// number of words of the input; a question has a handful of terms.
func _bm25<Words: _WordSource>(
    _ buffer: UnsafeBufferPointer<UInt8>, _ ranges: [Range<Int>], terms: _TermTable, bm25: BM25,
    lengths: inout [Int32], isRepeat: inout [Bool], repeats: inout [(Int, Int)]?, store: inout _StoredWords?,
    counted: [Bool]? = nil, beside inputCount: _InputTokenCount? = nil, stems: StemMemoPool? = nil,
    words source: @escaping (Int) -> Words
) -> [Double] {
    let count = ranges.count
    let storing = store != nil
    // The units are read in parts (shared with the thread that counts the
    // input's tokens, `runShared`), then merged in order: the figures are
    // the same either way.
    let context = _ScanContext(
        buffer: buffer, ranges: ranges, terms: terms, counted: counted, isRepeat: isRepeat, storing: storing,
        stems: stems, source: source)
    var parts: [_UnitScan]
    if let inputCount {
        let shared = _Unchecked(context)
        parts = inputCount.runShared(_scanParts(ranges, isRepeat: isRepeat)) { shared.value.scan($0) }
    } else {
        parts = [context.scan(0..<count)]
    }
    defer { for part in parts { part.stored.deallocate() } }

    let needLengths = lengths.allSatisfy { $0 == 0 }
    var documentFrequency = [Int32](repeating: 0, count: terms.count)
    var entryDocument: [Int32] = [], entrySlot: [Int32] = [], entryFrequency: [Int32] = []
    var firstOf: [UInt64: Int] = [:]
    var storedWords: [UInt32] = []
    var storedStarts: [Int32] = []
    if storing {
        storedWords.reserveCapacity(parts.reduce(0) { $0 + $1.stored.count })
        swap(&storedStarts, &store!.starts)
    }
    for part in parts {
        for local in 0..<part.units.count {
            let index = part.units.lowerBound + local
            // Units without words (repeats) keep an empty run of stored words.
            defer { if storing { storedStarts.append(Int32(truncatingIfNeeded: storedWords.count)) } }
            guard !isRepeat[index] else { continue }
            let words = part.words[local]
            if repeats != nil && words > 0 && ranges[index].count >= _CoarseSelection.minimumRepeatLength {
                let key = part.keys[local]
                if let first = firstOf[key] {
                    if _foldedEqual(buffer, ranges[first], ranges[index])
                        && _foldedHash(buffer, ranges[index]).1 >= _CoarseSelection.minimumRepeatLength {
                        isRepeat[index] = true
                        repeats!.append((index, first))
                        continue
                    }
                } else {
                    firstOf[key] = index
                }
            }
            if needLengths { lengths[index] = max(0, 2 * words - 1) }
            for entry in Int(part.entryStarts[local])..<Int(part.entryStarts[local + 1]) {
                let slot = part.entrySlots[entry]
                entryDocument.append(Int32(index))
                entrySlot.append(slot)
                entryFrequency.append(part.entryFrequencies[entry])
                documentFrequency[Int(slot)] += 1
            }
            if storing {
                let start = Int(part.storedStarts[local]), end = Int(part.storedStarts[local + 1])
                storedWords.append(contentsOf: UnsafeBufferPointer(start: part.stored.base + start, count: end - start))
            }
        }
    }
    if storing {
        store!.words = storedWords
        swap(&storedStarts, &store!.starts)
    }
    var totalLength = 0, units = 0
    for index in 0..<count where !isRepeat[index] {
        totalLength += Int(lengths[index])
        units += 1
    }
    let n = Double(max(units, 1))
    let averageLength = max(1, Double(totalLength) / n)
    let idf = documentFrequency.map { df in log(1 + (n - Double(df) + 0.5) / (Double(df) + 0.5)) }
    var scores = [Double](repeating: 0, count: count)
    for entry in entryDocument.indices {
        let index = Int(entryDocument[entry])
        let norm = bm25.k1 * (1 - bm25.b + bm25.b * Double(lengths[index]) / averageLength)
        let f = Double(entryFrequency[entry])
        scores[index] += idf[Int(entrySlot[entry])] * f * (bm25.k1 + 1) / (f + norm)
    }
    return scores
}

/// The units cut into `_InputTokenCount.sharedParts` runs of about the same
/// bytes to read (repeats are not read).
func _scanParts(_ ranges: [Range<Int>], isRepeat: [Bool]) -> [Range<Int>] {
    _balancedCuts(ranges.count, parts: _InputTokenCount.sharedParts) { isRepeat[$0] ? 0 : ranges[$0].count }
}

/// What one part of `_bm25`'s scan found, per unit of `units`: the number
/// of words, the key for finding repeats, the (term slot, frequency)
/// entries, and the words kept for the second hop.
struct _UnitScan {
    let units: Range<Int>
    var words: [Int32] = []
    var keys: [UInt64] = []
    var entryStarts: [Int32] = [0]
    var entrySlots: [Int32] = []
    var entryFrequencies: [Int32] = []
    var stored: _WordStore
    var storedStarts: [Int32] = [0]
}

/// The inputs of `_bm25`'s scan of a run of units, which the two parts share.
struct _ScanContext<Words: _WordSource> {
    let buffer: UnsafeBufferPointer<UInt8>
    let ranges: [Range<Int>]
    let terms: _TermTable
    let counted: [Bool]?
    let isRepeat: [Bool]
    let storing: Bool
    let stems: StemMemoPool?
    let source: (Int) -> Words

    /// Reads the units of `units`: the question's terms (words, and pairs of
    /// neighbouring words both in the table) and their frequencies per unit.
    func scan(_ units: Range<Int>) -> _UnitScan {
        // A word in about 5 bytes of English (the store grows if need be).
        var bytes = 0
        if storing { for index in units where !isRepeat[index] { bytes += ranges[index].count } }
        var part = _UnitScan(units: units, stored: _WordStore(capacity: storing ? bytes / 5 + 16 : 0))
        part.words.reserveCapacity(units.count)
        part.keys.reserveCapacity(units.count)
        part.entryStarts.reserveCapacity(units.count + 1)
        if storing { part.storedStarts.reserveCapacity(units.count + 1) }
        var frequency = [Int32](repeating: 0, count: terms.count)
        var touched: [Int] = []
        let memo = stems?.take()
        defer { if let memo { stems?.give(memo) } }
        for index in units {
            var words: Int32 = 0
            var key = _WordHasher.offset
            if !isRepeat[index] {
                var previous: UInt64 = 0
                var previousIsTerm = false
                var cursor = source(index)
                if let memo { cursor.useStems(memo) }
                while let word = cursor.next() {
                    words += 1
                    // The unit's key for finding repeats: the word hashes are mixed
                    // already, so one multiply a word (not `_mix`); equal keys are
                    // compared byte by byte before a unit counts as a repeat.
                    key = (key ^ word) &* 0x9E37_79B9_7F4A_7C15
                    if storing { part.stored.append(UInt32(truncatingIfNeeded: word)) }
                    let slot = terms.slot(of: word & ~1)
                    guard slot >= 0 else {
                        previousIsTerm = false
                        continue
                    }
                    if counted?[slot] ?? true {
                        if frequency[slot] == 0 { touched.append(slot) }
                        frequency[slot] += 1
                    }
                    // A pair of the table is made of two words of the table.
                    if previousIsTerm {
                        let pair = terms.slot(of: _pairTerm(previous, word))
                        if pair >= 0 && counted?[pair] ?? true {
                            if frequency[pair] == 0 { touched.append(pair) }
                            frequency[pair] += 1
                        }
                    }
                    previous = word
                    previousIsTerm = true
                }
            }
            part.words.append(words)
            part.keys.append(key)
            for slot in touched {
                part.entrySlots.append(Int32(slot))
                part.entryFrequencies.append(frequency[slot])
                frequency[slot] = 0
            }
            touched.removeAll(keepingCapacity: true)
            part.entryStarts.append(Int32(truncatingIfNeeded: part.entrySlots.count))
            if storing { part.storedStarts.append(Int32(truncatingIfNeeded: part.stored.count)) }
        }
        return part
    }
}

/// Which terms of the second hop to count: those in at most a tenth of a
/// sample of about 64 KiB of documents spread over the input.
///
/// Performance: the best document's terms include the common words of the
/// language ("the", "of the"), found in most documents; counting them made
/// the hop scan twice as slow as the question's, for terms whose IDF is
/// small. They stay in the table (a pair of a common word and another is
/// still found) but are not counted.
func _uncommonTerms<Words: _WordSource>(
    _ ranges: [Range<Int>], terms: _TermTable, excluded: [Bool], words source: (Int) -> Words
) -> [Bool] {
    let total = ranges.last.map { $0.upperBound } ?? 0
    let share = min(1, Double(64 << 10) / Double(max(total, 1)))  // of the bytes to sample
    var sampleFrequency = [Int32](repeating: 0, count: terms.count)
    var lastSeen = [Int32](repeating: -1, count: terms.count)
    var sampled = 0, nextOffset = 0
    for index in ranges.indices where !excluded[index] && ranges[index].lowerBound >= nextOffset {
        nextOffset = ranges[index].lowerBound + Int(Double(ranges[index].count) / share)
        sampled += 1
        var previous: UInt64 = 0, previousIsTerm = false
        var cursor = source(index)
        while let word = cursor.next() {
            let slot = terms.slot(of: word & ~1)
            guard slot >= 0 else {
                previousIsTerm = false
                continue
            }
            if lastSeen[slot] != Int32(index) {
                lastSeen[slot] = Int32(index)
                sampleFrequency[slot] += 1
            }
            if previousIsTerm {
                let pair = terms.slot(of: _pairTerm(previous, word))
                if pair >= 0 && lastSeen[pair] != Int32(index) {
                    lastSeen[pair] = Int32(index)
                    sampleFrequency[pair] += 1
                }
            }
            previous = word
            previousIsTerm = true
        }
    }
    let limit = Int32(max(1, sampled / 10))
    return sampleFrequency.map { $0 <= limit }
}

/// The term of a pair of neighbouring words (odd; word terms are even).
@inline(__always)
func _pairTerm(_ first: UInt64, _ second: UInt64) -> UInt64 {
    _mix(first &* 0x9E37_79B9_7F4A_7C15 ^ second) | 1
}

/// Exact repeats of earlier documents (folded), for the query-free path.
func _findRepeats(
    _ buffer: UnsafeBufferPointer<UInt8>, _ ranges: [Range<Int>], hasher: _WordHasher,
    isRepeat: inout [Bool], repeats: inout [(Int, Int)]?
) {
    var firstOf: [UInt64: Int] = [:]
    for index in ranges.indices where ranges[index].count >= _CoarseSelection.minimumRepeatLength {
        let (key, length) = _foldedHash(buffer, ranges[index])
        guard length >= _CoarseSelection.minimumRepeatLength else { continue }
        if let first = firstOf[key] {
            if _foldedEqual(buffer, ranges[first], ranges[index]) {
                isRepeat[index] = true
                repeats?.append((index, first))
            }
        } else {
            firstOf[key] = index
        }
    }
}

/// Query-free scores: the IDF of each document's distinct words (over the
/// documents) over the square root of its word count.
func _information(_ buffer: UnsafeBufferPointer<UInt8>, _ ranges: [Range<Int>], hasher: _WordHasher, excluded: [Bool]) -> [Double] {
    let count = ranges.count
    var vocabulary = _TermTable(capacity: 4096)
    var documentFrequency: [Int32] = []
    var lastSeen: [Int32] = []
    var units = 0
    for index in 0..<count where !excluded[index] {
        units += 1
        hasher.forEachWord(in: buffer, ranges[index]) { word in
            let term = word
            let (slot, inserted) = vocabulary.slotInserting(term)
            if inserted {
                documentFrequency.append(0)
                lastSeen.append(-1)
            }
            if lastSeen[slot] != Int32(index) {
                lastSeen[slot] = Int32(index)
                documentFrequency[slot] += 1
            }
        }
    }
    let n = Double(max(units, 1))
    var scores = [Double](repeating: 0, count: count)
    for index in 0..<count where !excluded[index] {
        var information = 0.0, words = 0
        hasher.forEachWord(in: buffer, ranges[index]) { word in
            words += 1
            let slot = vocabulary.slot(of: word)
            if lastSeen[slot] != Int32(-2 - index) {
                lastSeen[slot] = Int32(-2 - index)
                information += log(1 + n / Double(documentFrequency[slot]))
            }
        }
        scores[index] = words == 0 ? 0 : information / Double(words).squareRoot()
    }
    return scores
}

/// A 64-bit hash of the bytes of `range` with ASCII case and white space
/// folded (as `_folded`), and the folded length.
///
/// Eight bytes at a time where they fold to themselves but for case: ASCII
/// with single spaces, none last, and no other white space, after a byte
/// that is none (a register of eight pushes holds just them, and the one
/// mix among them is computed from the register before); the rest a byte
/// at a time, as `_foldedHashByteByByte` does for all of it.
func _foldedHash(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (UInt64, Int) {
    guard let base = buffer.baseAddress else { return _foldedHashByteByByte(buffer, range) }
    var h = _WordHasher.offset
    var register: UInt64 = 0
    var length = 0
    var pendingSpace = false
    var i = range.lowerBound
    let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080, lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    /// The high bit of each byte of `x` that equals `byte`.
    @inline(__always) func equal(_ x: UInt64, _ byte: UInt8) -> UInt64 {
        let y = x ^ (ones &* UInt64(byte))
        return ~(((y & lows) &+ lows) | y | lows)
    }
    while i < range.upperBound {
        if !pendingSpace && length > 0 && i + 8 <= range.upperBound {
            let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)  // the first byte lowest
            let spaces = equal(x, UInt8(ascii: " "))
            if x & highs == 0 && equal(x, UInt8(ascii: "\t")) | equal(x, UInt8(ascii: "\n")) | equal(x, UInt8(ascii: "\r")) == 0
                && spaces & (spaces << 8) == 0 && spaces & (1 << 63) == 0 {
                // ASCII capitals lower-cased: bytes from "A" up, less those past "Z".
                let capitals = (x &+ 0x3F3F_3F3F_3F3F_3F3F) & ~(x &+ 0x2525_2525_2525_2525) & highs
                let block = (x | capitals >> 2).byteSwapped  // the first byte highest, as pushed
                let pushes = 8 - (length & 7)  // pushes up to the mix
                h = _mix(h ^ (register << UInt64(8 * pushes) | block >> UInt64(8 * (8 - pushes))))
                register = block
                length += 8
                i += 8
                continue
            }
        }
        let b = buffer[i]
        i += 1
        if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
            pendingSpace = length > 0
            continue
        }
        if pendingSpace {
            register = register &<< 8 | UInt64(UInt8(ascii: " "))
            length += 1
            if length & 7 == 0 { h = _mix(h ^ register) }
            pendingSpace = false
        }
        let folded = b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b
        register = register &<< 8 | UInt64(folded)
        length += 1
        if length & 7 == 0 { h = _mix(h ^ register) }
    }
    return (_mix(h ^ register ^ UInt64(length) << 40), length)
}

/// `_foldedHash`, a byte at a time: the reference of its tests.
func _foldedHashByteByByte(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (UInt64, Int) {
    // Eight folded bytes to a register, mixed once it is full.
    var h = _WordHasher.offset
    var register: UInt64 = 0
    var length = 0
    var pendingSpace = false
    for i in range {
        let b = buffer[i]
        if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
            pendingSpace = length > 0
            continue
        }
        if pendingSpace {
            register = register &<< 8 | UInt64(UInt8(ascii: " "))
            length += 1
            if length & 7 == 0 { h = _mix(h ^ register) }
            pendingSpace = false
        }
        let folded = b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b
        register = register &<< 8 | UInt64(folded)
        length += 1
        if length & 7 == 0 { h = _mix(h ^ register) }
    }
    return (_mix(h ^ register ^ UInt64(length) << 40), length)
}

/// Whether two ranges are equal with case and white space folded.
func _foldedEqual(_ buffer: UnsafeBufferPointer<UInt8>, _ a: Range<Int>, _ b: Range<Int>) -> Bool {
    var left = _FoldedBytes(buffer: buffer, range: a), right = _FoldedBytes(buffer: buffer, range: b)
    while true {
        let x = left.next(), y = right.next()
        if x != y { return false }
        if x == nil { return true }
    }
}

/// The bytes of a range with ASCII case and white space folded, one at a time.
struct _FoldedBytes: IteratorProtocol {
    let buffer: UnsafeBufferPointer<UInt8>
    var index: Int
    let end: Int
    var started = false

    init(buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
        self.buffer = buffer
        self.index = range.lowerBound
        self.end = range.upperBound
    }

    mutating func next() -> UInt8? {
        var sawSpace = false
        while index < end {
            let b = buffer[index]
            if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
                sawSpace = true
                index += 1
                continue
            }
            if sawSpace && started { return UInt8(ascii: " ") }  // the byte at index is read next time
            started = true
            index += 1
            return b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b
        }
        return nil
    }
}
