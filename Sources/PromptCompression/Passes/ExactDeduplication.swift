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
        var queryWords = QueryWordPresence(Set(foldedWordHashes(Array((context.query ?? "").utf8)[...])))
        var droppedParagraph = [Bool](repeating: false, count: document.paragraphs.count)
        let units = document.sentences, paragraphs = document.paragraphs
        let paragraphGroups = _repeatGroups(
            keys: _foldedKeys(paragraphs.count, in: document.bytes) { paragraphs[$0].range }, in: document.bytes) { paragraphs[$0].range }
        // Each sentence's folded hash once, for both groupings below.
        let sentenceKeys = _foldedKeys(units.count, in: document.bytes) { units[$0].range }
        // Relevance is measured only when there are repeats to choose among.
        let needsRelevance = !queryWords.isEmpty
            && (!paragraphGroups.isEmpty || !_repeatGroups(keys: sentenceKeys, in: document.bytes) { units[$0].range }.isEmpty)
        // Measured on first use: only the units of repeats and their
        // surroundings are asked for. The documents of plain text are its paragraphs.
        let bytes = document.bytes, documents = document.documents
        let documentsAreParagraphs = documents.count == paragraphs.count && zip(documents, paragraphs).allSatisfy { $0.range == $1.range }
        var paragraphMemo = [Int](repeating: -1, count: needsRelevance ? paragraphs.count : 0)
        var documentMemo = [Int](repeating: -1, count: needsRelevance && !documentsAreParagraphs ? documents.count : 0)
        func paragraphRelevance(_ index: Int) -> Int {
            if paragraphMemo[index] < 0 {
                paragraphMemo[index] = bytes.withUnsafeBufferPointer { queryWords.distinctWords(in: $0, paragraphs[index].range) }
            }
            return paragraphMemo[index]
        }
        func documentRelevance(_ index: Int) -> Int {
            if documentsAreParagraphs { return paragraphRelevance(index) }
            if documentMemo[index] < 0 {
                documentMemo[index] = bytes.withUnsafeBufferPointer { queryWords.distinctWords(in: $0, documents[index].range) }
            }
            return documentMemo[index]
        }
        for group in paragraphGroups {
            let keeper = !needsRelevance ? group[0]
                : group.max { (documentRelevance(paragraphs[$0].parent), -$0) < (documentRelevance(paragraphs[$1].parent), -$1) }!
            let range = document.paragraphs[keeper].range
            for index in group where index != keeper {
                droppedParagraph[index] = document.drop(
                    document.paragraphs[index].range,
                    reason: .init(pass: name, detail: "repeats the paragraph at bytes \(range.lowerBound)..<\(range.upperBound)"))
                if droppedParagraph[index] {
                    document._repeats.append(Repeat(dropped: document.paragraphs[index].range, original: range, isNear: false))
                }
            }
        }
        // (dropped sentence, the sentence it repeats), in text order.
        var repeats: [(index: Int, keeper: Int)] = []
        for members in _repeatGroups(keys: sentenceKeys, in: document.bytes, range: { units[$0].range },
                                     including: { !droppedParagraph[units[$0].parent] }) {
            func key(_ i: Int) -> (Int, Int, Int) {
                let paragraph = units[i].parent
                return (paragraphRelevance(paragraph), documentRelevance(paragraphs[paragraph].parent), -i)
            }
            let keeper = !needsRelevance ? members[0] : members.max { key($0) < key($1) }!
            // A fence or a frame line goes only with its frame (`Sections`).
            for index in members where index != keeper && document.canDrop(units[index].range)
                && !document._code.overlapsFrame(units[index].range) {
                repeats.append((index, keeper))
            }
        }
        repeats.sort { $0.index < $1.index }
        // A run of neighbouring sentences that repeats a run of neighbouring
        // sentences is one drop: a drop a sentence (48 bytes and the
        // reason's string) cost 1.9 times the input on copies of the essays.
        var start = 0
        while start < repeats.count {
            var end = start + 1
            while end < repeats.count && repeats[end].index == repeats[end - 1].index + 1
                && repeats[end].keeper == repeats[end - 1].keeper + 1 { end += 1 }
            let first = repeats[start], last = repeats[end - 1]
            let original = units[first.keeper].range.lowerBound..<units[last.keeper].range.upperBound
            let what = end - start == 1 ? "sentence" : "\(end - start) sentences"
            let dropped = units[first.index].range.lowerBound..<units[last.index].range.upperBound
            if document.drop(dropped, reason: .init(pass: name, detail: "repeats the \(what) at bytes \(original.lowerBound)..<\(original.upperBound)")) {
                document._repeats.append(Repeat(dropped: dropped, original: original, isNear: false))
            }
            start = end
        }
    }

    // A unit is keyed by a 64-bit hash of its folded bytes and their length,
    // folded on the fly (`foldedHashAndLength`, shared with the coarse stage), and
    // units of equal hashes are compared by folding both again
    // (`foldedEqual`), because folded copies of every unit and a dictionary
    // of them cost about twice the input at a 4x ratio. The keys are read
    // from the units in place, 8 bytes a unit, because copies of the ranges,
    // (hash, length) keys and the filtered lists of both took 72 bytes a
    // sentence: 16 times the input on lines of four bytes.

    /// The key of each of `count` units, whose ranges `range` gives: the
    /// folded hash (`foldedHashAndLength`), never 0, or 0 for a unit shorter than
    /// `minimumLength` folded bytes, which is never dropped.
    func _foldedKeys(_ count: Int, in bytes: [UInt8], range: (Int) -> Range<Int>) -> [UInt64] {
        bytes.withUnsafeBufferPointer { buffer in
            (0..<count).map { index in
                let (hash, length) = foldedHashAndLength(buffer, range(index))
                return length < minimumLength ? 0 : max(hash, 1)
            }
        }
    }

    /// `_foldedKeys` of ranges.
    func _foldedKeys(_ ranges: [Range<Int>], in bytes: [UInt8]) -> [UInt64] {
        _foldedKeys(ranges.count, in: bytes) { ranges[$0] }
    }

    /// Groups of the indices of units whose folded bytes are equal (at
    /// least `minimumLength` of them), each in text order, ordered by their
    /// second member; `keys` are the units' `_foldedKeys`, `range` gives
    /// their ranges, and only the units `including` accepts take part.
    func _repeatGroups(keys: [UInt64], in bytes: [UInt8], range: (Int) -> Range<Int>,
                       including: (Int) -> Bool = { _ in true }) -> [[Int]] {
        bytes.withUnsafeBufferPointer { buffer in
            var keyed: [(hash: UInt64, index: Int)] = []
            for (index, key) in keys.enumerated() where key != 0 && including(index) {
                keyed.append((key, index))
            }
            keyed.sort { ($0.hash, $0.index) < ($1.hash, $1.index) }
            var groups: [[Int]] = []
            var start = 0
            while start < keyed.count {
                var end = start + 1
                while end < keyed.count && keyed[end].hash == keyed[start].hash { end += 1 }
                if end - start > 1 {
                    // Equal hashes: classes of equal folded bytes (nearly always one).
                    var classes: [[Int]] = []
                    for position in start..<end {
                        let index = keyed[position].index
                        if let match = classes.firstIndex(where: { foldedEqual(buffer, range($0[0]), range(index)) }) {
                            classes[match].append(index)
                        } else {
                            classes.append([index])
                        }
                    }
                    groups.append(contentsOf: classes.filter { $0.count > 1 && hasWords(buffer, range($0[0])) })
                }
                start = end
            }
            return groups.sorted { $0[1] < $1[1] }
        }
    }

    /// `_repeatGroups` of ranges.
    func _repeatGroups(_ ranges: [Range<Int>], keys: [UInt64], in bytes: [UInt8]) -> [[Int]] {
        _repeatGroups(keys: keys, in: bytes) { ranges[$0] }
    }
}

/// ASCII letters lower-cased, runs of white space as one space, no white
/// space at either end.
func foldedBytes(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
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

/// Whether a unit holds a letter or digit: rules and separator rows of
/// tables (`|---|---|`, `+-----+`, box drawing) are structure, never
/// dropped as repeats.
func hasWords(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
    var i = range.lowerBound
    while i < range.upperBound {
        let b = bytes[i]
        if b < 0x80 {
            if (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A) { return true }
            i += 1
        } else if b == 0xE2 && i + 1 < range.upperBound && (0x94...0x96).contains(bytes[i + 1]) {
            i += 3  // U+2500–U+25BF: box drawing, block elements
        } else if b >= 0xC0 {
            return true
        } else {
            i += 1
        }
    }
    return false
}
