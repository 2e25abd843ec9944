import PromptTokenizer

/// A prompt as one structure every compression pass reads and marks.
///
/// The input bytes never change. Passes record byte ranges to drop, with a
/// reason; the text is rendered once, at the end, by leaving those ranges
/// out, so the output is always a byte subsequence of the input.
///
///     documents   passages given by the caller, or the paragraphs of plain text
///     paragraphs  blocks separated by blank lines
///     sentences   ICU sentences inside each paragraph (hard-wrapped lines joined)
///
/// Every level covers the bytes of its parent in order, with nothing left
/// out: the blank lines after a paragraph belong to it, the spaces after a
/// sentence to the sentence. Each sentence carries its exact token count;
/// a paragraph or document carries the sum of its sentences' counts, an
/// estimate (tokens merge across boundaries, so counts of parts do not add
/// up exactly; the budget is always checked on the rendered text).
///
///     var document = try PromptDocument(text: prompt, tokenizer: tokenizer)
///     document.drop(document.sentences[3].range, reason: .init(pass: "dedup", detail: "repeat"))
///     let output = document.render()
public struct PromptDocument: Sendable {
    /// One unit of the structure: a byte range of the input and its tokens.
    public struct Unit: Sendable, Hashable {
        public var range: Range<Int>
        public var tokens: Int
        /// The index of the enclosing unit one level up (document of a
        /// paragraph, paragraph of a sentence); 0 for documents.
        public var parent: Int
    }

    /// The input, unchanged.
    public let bytes: [UInt8]
    public private(set) var documents: [Unit]
    public private(set) var paragraphs: [Unit]
    public private(set) var sentences: [Unit]
    /// Byte ranges no pass may drop (`<keep>` regions, the question, code
    /// blocks, JSON and markup, user patterns), sorted and disjoint.
    public let protected: [Range<Int>]
    /// Byte ranges a pass may drop only whole, never in part (numbers,
    /// dates, URLs, identifiers, inline code): a sentence holding one may go,
    /// but no pass cuts into it. Sorted and disjoint.
    public let atomic: [Range<Int>]
    /// Byte ranges the renderer always leaves out (the `<keep>` markers), sorted and disjoint.
    public let markers: [Range<Int>]
    /// What passes dropped, in the order they asked.
    public internal(set) var drops: [Drop] = []
    /// Token count of the whole input.
    public let tokens: Int

    /// Builds the structure of plain text: documents are its paragraphs.
    ///
    /// - Parameters:
    ///   - protected: Byte ranges no pass may drop (any order, may overlap).
    ///   - atomic: Byte ranges a pass may drop only whole.
    ///   - markers: Byte ranges the renderer removes (`<keep>` tags).
    /// - Throws: `CompressionError` when ICU cannot segment the text.
    public init(
        text: [UInt8], tokenizer: Tokenizer, segmenter: Segmenter = Segmenter(),
        protected: [Range<Int>] = [], atomic: [Range<Int>] = [], markers: [Range<Int>] = []
    ) throws(CompressionError) {
        try self.init(bytes: text, documentBreaks: nil, tokenizer: tokenizer, segmenter: segmenter,
                      protected: protected, atomic: atomic, markers: markers)
    }

    /// Builds the structure of retrieved passages joined by `separator`;
    /// each passage is one document (the separator belongs to the passage before it).
    public init(
        passages: [String], separator: String = "\n\n", tokenizer: Tokenizer, segmenter: Segmenter = Segmenter()
    ) throws(CompressionError) {
        var bytes: [UInt8] = []
        var breaks: [Int] = []
        for (index, passage) in passages.enumerated() {
            bytes.append(contentsOf: passage.utf8)
            if index + 1 < passages.count { bytes.append(contentsOf: separator.utf8) }
            breaks.append(bytes.count)
        }
        try self.init(bytes: bytes, documentBreaks: breaks, tokenizer: tokenizer, segmenter: segmenter,
                      protected: [], atomic: [], markers: [])
    }

    private init(
        bytes: [UInt8], documentBreaks: [Int]?, tokenizer: Tokenizer, segmenter: Segmenter,
        protected: [Range<Int>], atomic: [Range<Int>], markers: [Range<Int>]
    ) throws(CompressionError) {
        self.bytes = bytes
        self.protected = _normalized(protected, within: bytes.count)
        self.atomic = _normalized(atomic, within: bytes.count)
        self.markers = _normalized(markers, within: bytes.count)
        self.tokens = tokenizer.count(bytes: bytes)

        let paragraphEnds = _paragraphEnds(bytes)
        let documentEnds = documentBreaks ?? paragraphEnds
        func count(_ range: Range<Int>) -> Int { tokenizer.count(bytes: bytes[range]) }

        var documents: [Unit] = []
        var start = 0
        for end in documentEnds where end > start {
            documents.append(Unit(range: start..<end, tokens: 0, parent: 0))
            start = end
        }
        // Paragraphs never cross a document boundary.
        var paragraphs: [Unit] = []
        var cuts = Set(paragraphEnds)
        cuts.formUnion(documentEnds)
        start = 0
        var document = 0
        for end in cuts.sorted() where end > start {
            while document < documents.count && documents[document].range.upperBound < end { document += 1 }
            paragraphs.append(Unit(range: start..<end, tokens: 0, parent: document))
            start = end
        }
        var sentences: [Unit] = []
        for (index, paragraph) in paragraphs.enumerated() {
            let unwrapped = _unwrapped(bytes[paragraph.range])
            // ICU makes a blank line a sentence of its own: fold white space
            // into the sentence before it (or after it, at the start).
            var ranges: [Range<Int>] = []
            for range in try segmenter.sentences(in: unwrapped) {
                if let last = ranges.last, _isBlank(unwrapped[range]) || _isBlank(unwrapped[last]) {
                    ranges[ranges.count - 1] = last.lowerBound..<range.upperBound
                } else {
                    ranges.append(range)
                }
            }
            for range in ranges {
                let shifted = (range.lowerBound + paragraph.range.lowerBound)..<(range.upperBound + paragraph.range.lowerBound)
                let tokens = count(shifted)
                sentences.append(Unit(range: shifted, tokens: tokens, parent: index))
                paragraphs[index].tokens += tokens
                documents[paragraph.parent].tokens += tokens
            }
        }
        self.documents = documents
        self.paragraphs = paragraphs
        self.sentences = sentences
    }
}

/// Ends of the blank-line separated blocks: each block runs through the
/// blank lines after it. A blank line holds only spaces, tabs or `\r`.
func _paragraphEnds(_ bytes: [UInt8]) -> [Int] {
    var ends: [Int] = []
    var i = 0
    let n = bytes.count
    while i < n {
        guard bytes[i] == UInt8(ascii: "\n") else {
            i += 1
            continue
        }
        // Count the blank lines that follow this line break.
        var j = i + 1
        var lastBreak = i
        var blank = false
        var k = j
        while k < n {
            let b = bytes[k]
            if b == UInt8(ascii: "\n") {
                blank = true
                lastBreak = k
                j = k + 1
            } else if b != UInt8(ascii: " ") && b != UInt8(ascii: "\t") && b != UInt8(ascii: "\r") {
                break
            }
            k += 1
        }
        if blank && j < n { ends.append(j) }
        i = max(lastBreak + 1, i + 1)
    }
    if n > 0 { ends.append(n) }
    return ends
}

/// A copy of a paragraph in which the line breaks of hard-wrapped prose are
/// spaces, so that ICU does not end a sentence at every line: a break is
/// joined when the line before it does not end a sentence (`.`, `!`, `?`,
/// `:`) and the line after it starts with a letter or digit that is not a
/// list item. Same length, so offsets carry over.
func _unwrapped(_ paragraph: ArraySlice<UInt8>) -> [UInt8] {
    var copy = Array(paragraph)
    let n = copy.count
    for i in 0..<n where copy[i] == UInt8(ascii: "\n") {
        var before = i - 1
        if before >= 0 && copy[before] == UInt8(ascii: "\r") { before -= 1 }
        guard before >= 0, i + 1 < n else { continue }
        let last = copy[before]
        if last == UInt8(ascii: ".") || last == UInt8(ascii: "!") || last == UInt8(ascii: "?") || last == UInt8(ascii: ":")
            || last == UInt8(ascii: "\n") || last == UInt8(ascii: " ") {
            continue
        }
        let next = copy[i + 1]
        let startsWord = (next | 0x20) >= UInt8(ascii: "a") && (next | 0x20) <= UInt8(ascii: "z") || next >= 0x80
        guard startsWord else { continue }
        copy[i] = UInt8(ascii: " ")
        if before == i - 2 { copy[i - 1] = UInt8(ascii: " ") }
    }
    return copy
}

/// Whether bytes are only ASCII spaces, tabs and line breaks.
func _isBlank(_ bytes: ArraySlice<UInt8>) -> Bool {
    bytes.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }
}

/// Sorted, merged, clamped ranges.
func _normalized(_ ranges: [Range<Int>], within count: Int) -> [Range<Int>] {
    var result: [Range<Int>] = []
    for range in ranges.map({ max(0, $0.lowerBound)..<min(count, max($0.upperBound, 0)) })
        .filter({ !$0.isEmpty }).sorted(by: { $0.lowerBound < $1.lowerBound }) {
        if let last = result.last, range.lowerBound <= last.upperBound {
            result[result.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
        } else {
            result.append(range)
        }
    }
    return result
}
