import Dispatch
import PromptTokenizer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A prompt as one structure every compression pass reads and marks.
///
/// The input bytes never change. Passes record byte ranges to drop, with a
/// reason; the text is rendered once, at the end, by leaving those ranges
/// out, so the output is always a byte subsequence of the input.
///
///     documents   passages given by the caller, or the paragraphs of plain text
///     paragraphs  blocks separated by blank lines; a code block, a list item
///                 or a table row is one (`CodeLayout`, `ItemLayout`)
///     sentences   ICU sentences inside each paragraph (hard-wrapped lines
///                 joined); a code unit, a list item or a table row is one
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
    ///
    /// Stored in 16 bytes: the offsets, the tokens and the parent as
    /// `UInt32` (a document holds at most `maximumByteCount` bytes), read
    /// and written as `Int` (see the performance notes at the end of the file).
    public struct Unit: Sendable, Hashable {
        var _start: UInt32
        var _end: UInt32
        var _tokens: UInt32
        var _parent: UInt32

        /// The unit's bytes in the input.
        public var range: Range<Int> {
            get { Int(_start)..<Int(_end) }
            set {
                _start = UInt32(newValue.lowerBound)
                _end = UInt32(newValue.upperBound)
            }
        }
        public var tokens: Int {
            get { Int(_tokens) }
            set { _tokens = UInt32(newValue) }
        }
        /// The index of the enclosing unit one level up (document of a
        /// paragraph, paragraph of a sentence); 0 for documents.
        public var parent: Int {
            get { Int(_parent) }
            set { _parent = UInt32(newValue) }
        }

        init(range: Range<Int>, tokens: Int, parent: Int) {
            _start = UInt32(range.lowerBound)
            _end = UInt32(range.upperBound)
            _tokens = UInt32(tokens)
            _parent = UInt32(parent)
        }
    }

    /// The largest input a document holds: offsets are 32-bit.
    public static let maximumByteCount = Int(UInt32.max)

    /// The input, unchanged.
    public let bytes: [UInt8]
    /// The documents, each with the sum of its sentences' token counts.
    ///
    /// The sentence structure is built on first use of `documents`,
    /// `paragraphs` or `sentences` (ICU segmentation and a token count of
    /// every sentence); `Compressor` reads only the byte ranges of a large
    /// input and builds the sentences of the documents it keeps as
    /// candidates.
    public var documents: [Unit] { _fine.structure.documents }
    /// The paragraphs, each with the sum of its sentences' token counts.
    public var paragraphs: [Unit] { _fine.structure.paragraphs }
    /// The sentences, each with its exact token count.
    public var sentences: [Unit] { _fine.structure.sentences }
    /// Byte ranges no pass may drop (`<keep>` regions, the question, code
    /// blocks, JSON and markup, user patterns), sorted and disjoint.
    public let protected: [Range<Int>]
    /// Byte ranges a pass may drop only whole, never in part (numbers,
    /// dates, URLs, identifiers, inline code): a sentence holding one may go,
    /// but no pass cuts into it. Sorted and disjoint. Always among them,
    /// whatever the caller gives: each bidi embedding, override or isolate
    /// from its opening control to the one that closes it (`bidiPairRanges`),
    /// so that no output keeps an opener without its closer or the reverse.
    public let atomic: [Range<Int>]
    /// Byte ranges the renderer always leaves out (the `<keep>` markers), sorted and disjoint.
    public let markers: [Range<Int>]
    /// The code blocks and their units: each block is one paragraph, each
    /// unit one sentence, atomic (`CodeLayout`).
    let _code: CodeLayout
    /// The list items and table rows: each is one paragraph and one
    /// sentence, kept or dropped whole (`ItemLayout`).
    let _items: ItemLayout
    /// What passes dropped, in the order they asked.
    public internal(set) var drops: [Drop] = []
    /// The question's bytes, when the document was built with one: protected
    /// like the rest, but no section's content (it brings no heading).
    var _question: Range<Int>? = nil
    /// The drops of the deduplication passes and the copy each repeats
    /// (`Repeat`): the budget loop brings a repeat back when retrieval
    /// leaves out the copy it repeats but keeps its own surroundings.
    var _repeats: [Repeat] = []
    /// Token count of the whole input.
    ///
    /// Exact. On a large input it is taken on a background thread from
    /// the moment the document is built (`InputTokenCount`); reading it
    /// waits for that count to finish (the reading thread helps).
    public var tokens: Int { _inputCount.total }

    /// The byte ranges of the documents, built eagerly by byte scans.
    let _documentRanges: [Range<Int>]
    /// The exact count of the input, maybe still being taken.
    let _inputCount: InputTokenCount
    /// The sentence structure, built on first use.
    let _fine: FineStructure
    /// For a document of the coarse stage's candidates: where its bytes are in the original.
    var _subsetMap: OffsetMap? = nil
    /// The passages' own relevance scores, when they came with them.
    var _passageScores: PassageScores? = nil

    /// Builds the structure of plain text: documents are its paragraphs.
    ///
    /// - Parameters:
    ///   - text: The text's UTF-8 bytes.
    ///   - tokenizer: Counts the units' tokens.
    ///   - segmenter: Finds sentences and words (ICU).
    ///   - protected: Byte ranges no pass may drop (any order, may overlap).
    ///   - atomic: Byte ranges a pass may drop only whole.
    ///   - markers: Byte ranges the renderer removes (`<keep>` tags).
    /// - Throws: `CompressionError` when ICU cannot segment the text (an
    ///   invalid locale, a paragraph of 2 GiB or more).
    /// - Complexity: O(n): byte scans and one token count of the input (on
    ///   a background thread for inputs of 256 KiB or more, see `tokens`);
    ///   the sentences are segmented and counted on first use.
    public init(
        text: [UInt8], tokenizer: Tokenizer, segmenter: Segmenter = Segmenter(),
        protected: [Range<Int>] = [], atomic: [Range<Int>] = [], markers: [Range<Int>] = []
    ) throws(CompressionError) {
        try self.init(bytes: text, documentBreaks: nil, tokenizer: tokenizer, segmenter: segmenter,
                      protected: protected, atomic: atomic, markers: markers)
    }

    /// Builds the structure of plain text as `init(text:tokenizer:segmenter:)`
    /// does, with the input's token count taken on a background thread or
    /// not, whatever its size (`InputTokenCount`). For the benchmarks,
    /// which report both, and the tests.
    package init(
        text: [UInt8], tokenizer: Tokenizer, segmenter: Segmenter = Segmenter(), countInBackground: Bool
    ) throws(CompressionError) {
        try self.init(bytes: text, documentBreaks: nil, tokenizer: tokenizer, segmenter: segmenter,
                      protected: [], atomic: [], markers: [], countInBackground: countInBackground)
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

    /// Builds the structure of retrieved passages as `init(passages:separator:tokenizer:segmenter:)`
    /// does, with the relevance score a retriever or reranker gave each one.
    ///
    /// The ranking blends them with its own (`CompressionOptions.retrieverWeight`),
    /// with a question and without one, in both stages: the way to a
    /// semantic ranking without model weights in Tersify. Scores may be on
    /// any scale (higher is more relevant); they are scaled to 0...1 over
    /// the passages. Equal scores say nothing: the ranking is then as
    /// without them.
    ///
    ///     let document = try PromptDocument(passages: hits.map(\.text), scores: hits.map(\.score), tokenizer: tokenizer)
    ///     let result = try compressor.compress(document, options: .init(target: .tokens(2000), query: question))
    ///
    /// - Throws: `CompressionError.invalidScores` when `scores` and
    ///   `passages` differ in number or a score is not finite.
    public init(
        passages: [String], scores: [Double], separator: String = "\n\n", tokenizer: Tokenizer, segmenter: Segmenter = Segmenter()
    ) throws(CompressionError) {
        var ranges: [Range<Int>] = []
        var start = 0
        for (index, passage) in passages.enumerated() {
            let end = start + passage.utf8.count + (index + 1 < passages.count ? separator.utf8.count : 0)
            ranges.append(start..<end)
            start = end
        }
        let scores = try PassageScores(ranges: ranges, scores: scores)
        try self.init(passages: passages, separator: separator, tokenizer: tokenizer, segmenter: segmenter)
        _passageScores = scores.isInformative ? scores : nil
    }

    init(
        bytes: [UInt8], documentBreaks: [Int]?, tokenizer: Tokenizer, segmenter: Segmenter,
        protected: [Range<Int>], atomic: consuming [Range<Int>], markers: [Range<Int>], code: CodeLayout = CodeLayout(),
        items: ItemLayout = ItemLayout(), countInBackground: Bool? = nil, countShare: WorkShare? = nil,
        inputTokens: Int? = nil, tokenEnds: TokenEnds? = nil
    ) throws(CompressionError) {
        guard bytes.count <= Self.maximumByteCount else {
            throw .inputTooLarge(byteCount: bytes.count, limit: Self.maximumByteCount)
        }
        self.bytes = bytes
        // First: on a large input the count runs beside the scans below.
        if let tokenEnds {
            self._inputCount = InputTokenCount(bytes: bytes, tokenizer: tokenizer, total: tokenEnds.total, tokenEnds: tokenEnds)
        } else if let inputTokens {
            self._inputCount = InputTokenCount(bytes: bytes, tokenizer: tokenizer, total: inputTokens)
        } else {
            self._inputCount = .taking(bytes: bytes, tokenizer: tokenizer, inBackground: countInBackground, share: countShare)
        }
        self.protected = normalizedRanges(protected, within: bytes.count)
        // In place: a list of records has an atomic span on every line.
        atomic += bidiPairRanges(bytes)
        normalizeRanges(&atomic, within: bytes.count)
        self.atomic = atomic
        self.markers = normalizedRanges(markers, within: bytes.count)
        self._code = code
        self._items = items

        let paragraphEnds = withBlocks(paragraphEndOffsets(bytes), paragraphBlocks(code, items))
        let documentEnds = documentBreaks ?? paragraphEnds
        var documentRanges: [Range<Int>] = []
        documentRanges.reserveCapacity(documentEnds.count)
        var start = 0
        for end in documentEnds where end > start {
            documentRanges.append(start..<end)
            start = end
        }
        // Paragraphs never cross a document boundary: merge the two sorted lists of ends.
        var paragraphs: [Unit] = []
        paragraphs.reserveCapacity(paragraphEnds.count)
        var p = 0, d = 0, document = 0
        start = 0
        while p < paragraphEnds.count || d < documentEnds.count {
            let end: Int
            if d >= documentEnds.count || (p < paragraphEnds.count && paragraphEnds[p] < documentEnds[d]) {
                end = paragraphEnds[p]
                p += 1
            } else {
                end = documentEnds[d]
                if p < paragraphEnds.count && paragraphEnds[p] == end { p += 1 }
                d += 1
            }
            guard end > start else { continue }
            while document < documentRanges.count && documentRanges[document].upperBound < end { document += 1 }
            paragraphs.append(Unit(range: start..<end, tokens: 0, parent: document))
            start = end
        }
        // The errors the sentence segmentation could raise, found now rather than on first use.
        if !bytes.isEmpty {
            for paragraph in paragraphs where paragraph.range.count > ICUBreaks.maximumByteCount {
                throw .inputTooLarge(byteCount: paragraph.range.count, limit: ICUBreaks.maximumByteCount)
            }
            _ = try segmenter.sentences(in: Array("Probe. Text.".utf8))
        }
        self._documentRanges = documentRanges
        self._fine = FineStructure(
            bytes: bytes, documents: documentRanges, paragraphs: paragraphs, tokenizer: tokenizer, segmenter: segmenter,
            code: code, items: items, tokenEnds: _inputCount.tokenEnds)
    }
}

/// A paragraph's unwrapped bytes (`unwrappedParagraph`) handed to `body`
/// in parts that ICU's sentences and Tersify's repairs never cross, with
/// each part's offset in `bytes`, for segmenting a long paragraph without
/// its whole unwrapped copy and boundary arrays. A paragraph up to twice
/// `chunk` bytes is one part. A longer one is unwrapped in pieces of about
/// `chunk` bytes ending at line feeds, each with `unwrapContext` lines of
/// the paragraph on either side, so that each line feed is joined or kept
/// as in the whole (`LineWidths` looks 3 lines away); a part ends at a kept
/// line feed before a byte that is not white space (UAX #29 breaks after
/// every line feed, SB4, and no blank sentence starts the next part). No
/// repair of `SentenceRepair` moves a boundary across a line break.
func forEachUnwrappedPart(_ bytes: [UInt8], _ range: Range<Int>, chunk: Int, _ body: (_ offset: Int, _ unwrapped: [UInt8]) -> Void) {
    guard range.count / 2 > chunk else {
        body(range.lowerBound, unwrappedParagraph(bytes[range]))
        return
    }
    let lf = UInt8(ascii: "\n")
    var partStart = range.lowerBound
    var pending: [UInt8] = []
    var pieceStart = range.lowerBound
    while pieceStart < range.upperBound {
        var pieceEnd = range.upperBound
        if range.upperBound - pieceStart > chunk, let found = bytes[(pieceStart + chunk)..<range.upperBound].firstIndex(of: lf) {
            pieceEnd = found + 1
        }
        var contextStart = pieceStart
        for _ in 0..<unwrapContext where contextStart > range.lowerBound {
            contextStart = bytes[range.lowerBound..<(contextStart - 1)].lastIndex(of: lf).map { $0 + 1 } ?? range.lowerBound
        }
        var contextEnd = pieceEnd
        for _ in 0..<unwrapContext where contextEnd < range.upperBound {
            contextEnd = bytes[contextEnd..<range.upperBound].firstIndex(of: lf).map { $0 + 1 } ?? range.upperBound
        }
        let unwrapped = unwrappedParagraph(bytes[contextStart..<contextEnd])
        let appendedFrom = pending.count
        pending.append(contentsOf: unwrapped[(pieceStart - contextStart)..<(pieceEnd - contextStart)])
        pieceStart = pieceEnd
        guard pieceEnd < range.upperBound, pending.count > chunk else { continue }
        // The last kept line feed whose next byte is known and not white space.
        var cut = pending.count - 1
        let next = bytes[pieceEnd]
        if !(pending[cut] == lf && next > 0x20 && next != 0x7F) {
            cut = pending.count - 2
            while cut >= max(0, appendedFrom - 1) && !(pending[cut] == lf && pending[cut + 1] > 0x20 && pending[cut + 1] != 0x7F) {
                cut -= 1
            }
            guard cut >= max(0, appendedFrom - 1) else { continue }
        }
        body(partStart, Array(pending[...cut]))
        pending.removeFirst(cut + 1)
        partStart += cut + 1
    }
    body(partStart, pending)
}

/// Lines of context on either side of a piece that `forEachUnwrappedPart`
/// unwraps: one more than `LineWidths.window`.
let unwrapContext = LineWidths.window + 1

/// Whether every piece of both split patterns (cl100k_base's and
/// o200k_base's) ends at `i`, whatever comes before: after a `\n` followed
/// by a non-space ASCII character other than `/` (o200k's punctuation takes
/// `[\r\n/]*` after it), or after an ASCII letter followed by a space. Token
/// counts of texts cut at such positions add up to the count of the whole.
/// The same rule as the tokenizer's parallel encoder
/// (`Tokenizer._isPieceBoundary`), whose parity tests cover it.
@inline(__always)
func isTokenPieceBoundary(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
    guard i > 0, i < bytes.count else { return false }
    let before = bytes[i - 1], at = bytes[i]
    if before == UInt8(ascii: "\n") { return at > 0x20 && at < 0x80 && at != UInt8(ascii: "/") }
    let isLetter = (before | 0x20) >= UInt8(ascii: "a") && (before | 0x20) <= UInt8(ascii: "z")
    return isLetter && at == UInt8(ascii: " ")
}

/// The byte ranges of the matched bidi pairs of `bytes`, each from its
/// opening control to its closing one (both included), nested pairs apart:
///
///     U+202A LRE, U+202B RLE, U+202D LRO, U+202E RLO   closed by U+202C PDF
///     U+2066 LRI, U+2067 RLI, U+2068 FSI              closed by U+2069 PDI
///
/// As UAX #9 pairs them: a PDF closes the last embedding or override unless
/// an isolate was opened after it; a PDI closes the last open isolate and
/// every embedding opened after it; a line break (a paragraph separator)
/// closes everything. Unmatched controls make no range.
///
/// - Complexity: O(n): `memchr` for the controls' lead byte and for line
///   breaks between two controls.
func bidiPairRanges(_ bytes: [UInt8]) -> [Range<Int>] {
    var pairs: [Range<Int>] = []
    bytes.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        let n = buffer.count
        var open: [(start: Int, isolate: Bool)] = []
        var lastControl = 0
        var i = 0
        while i + 2 < n, let found = memchr(base + i, 0xE2, n - 2 - i) {
            let p = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
            i = p + 1
            let b1 = base[p + 1], b2 = base[p + 2]
            let embedding = b1 == 0x80 && (b2 == 0xAA || b2 == 0xAB || b2 == 0xAD || b2 == 0xAE)
            let pdf = b1 == 0x80 && b2 == 0xAC
            let isolate = b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA8
            let pdi = b1 == 0x81 && b2 == 0xA9
            guard embedding || pdf || isolate || pdi else { continue }
            if !open.isEmpty && (memchr(base + lastControl, 0x0A, p - lastControl) != nil
                || memchr(base + lastControl, 0x0D, p - lastControl) != nil) {
                open.removeAll(keepingCapacity: true)
            }
            lastControl = p + 3
            if embedding || isolate {
                open.append((p, isolate))
            } else if pdf {
                if let last = open.last, !last.isolate {
                    pairs.append(last.start..<(p + 3))
                    open.removeLast()
                }
            } else if let index = open.lastIndex(where: { $0.isolate }) {
                pairs.append(open[index].start..<(p + 3))
                open.removeSubrange(index...)
            }
            i = p + 3
        }
    }
    return pairs
}

/// Ends of the blank-line separated blocks: each block runs through the
/// blank lines after it. A blank line holds only spaces, tabs or `\r`.
///
/// Performance: line breaks are found with `memchr` (vectorized), not a
/// bounds-checked loop over every byte: 5.8 million instructions to 0.5
/// million on the 644 KB of essays (callgrind).
func paragraphEndOffsets(_ bytes: [UInt8]) -> [Int] {
    var ends: [Int] = []
    let n = bytes.count
    bytes.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        var i = 0
        while i < n {
            guard let found = memchr(base + i, Int32(UInt8(ascii: "\n")), n - i) else { break }
            i = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
            // Count the blank lines that follow this line break.
            var j = i + 1
            var lastBreak = i
            var blank = false
            var k = j
            while k < n {
                let b = base[k]
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
    }
    if n > 0 { ends.append(n) }
    return ends
}

/// The blocks that are one paragraph each: the code blocks and the list
/// items and table rows (disjoint: items are found outside code), sorted.
func paragraphBlocks(_ code: CodeLayout, _ items: ItemLayout) -> [Range<Int>] {
    guard !items.isEmpty else { return code.blocks }
    guard !code.isEmpty else { return items.units.map(\.range) }
    return (code.blocks + items.units.map(\.range)).sorted { $0.lowerBound < $1.lowerBound }
}

/// `ends` (sorted paragraph ends) with each block's start and end added
/// and the ends inside a block removed: a block is one paragraph.
func withBlocks(_ ends: [Int], _ blocks: [Range<Int>]) -> [Int] {
    guard !blocks.isEmpty else { return ends }
    var kept: [Int] = []
    kept.reserveCapacity(ends.count)
    var b = 0
    for end in ends {
        while b < blocks.count && blocks[b].upperBound <= end { b += 1 }
        if b < blocks.count && blocks[b].lowerBound < end { continue }
        kept.append(end)
    }
    let bounds = blocks.flatMap { [$0.lowerBound, $0.upperBound] }.filter { $0 > 0 }
    var result: [Int] = []
    result.reserveCapacity(kept.count + bounds.count)
    var i = 0, j = 0
    while i < kept.count || j < bounds.count {
        let next = j >= bounds.count || (i < kept.count && kept[i] <= bounds[j]) ? kept[i] : bounds[j]
        if next == (i < kept.count ? kept[i] : -1) { i += 1 } else { j += 1 }
        if result.last != next { result.append(next) }
    }
    return result
}

/// A copy of a paragraph in which the line breaks of hard-wrapped prose are
/// spaces, so that ICU does not end a sentence at every line: a break is
/// joined when the line before it does not end a sentence (`.`, `!`, `?`,
/// `:`) and the line after it starts with a letter or digit that is not a
/// list item, either at the left margin or indented as deep as the line
/// before it (the hard-wrapped paragraphs of man pages and e-mail, indented
/// as a whole); there a word may also start with `-`, `--` or `(` (`-print0,
/// perl -0`). A line indented deeper or less than the one before it (a
/// heading over its text, the end of an indented block) is not joined. Same
/// length, so offsets carry over.
///
/// Quoted lines (e-mail's `> `, `>> `, `> > `) join the same way when both
/// are quoted as deep: the quote marks count as indentation, and those of
/// a joined line become spaces in the copy.
///
/// A line with a column gap (a tab or two spaces between its words, not
/// after a sentence's end) joins only when it is full and its columns do not
/// line up with the next line's (`LineWidths`): records and rows
/// (`tcpmux<TAB>1/tcp`) stay one a line; justified text, whose gaps are
/// padding, fills its lines.
func unwrappedParagraph(_ paragraph: ArraySlice<UInt8>) -> [UInt8] {
    var copy = Array(paragraph)
    let n = copy.count
    // Made at the first break that passes every other test, because most
    // paragraphs of prose have none: made for each, the widths were 0.18 M
    // of a 1,000-token NQ prompt's 5.4 M instructions (callgrind). The
    // tests read no state, so their order changes no answer.
    var widths: LineWidths? = nil
    var line = 0  // the line that ends at the line feed being looked at
    func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") || b >= 0x80 }
    func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
    /// The indentation of the line starting at `start` (spaces, tabs and
    /// quote marks), its first other byte, and its quote depth.
    func indentation(_ start: Int) -> (Int, Int, Int) {
        var p = start
        var depth = 0
        while p < n && (copy[p] == UInt8(ascii: " ") || copy[p] == UInt8(ascii: "\t") || copy[p] == UInt8(ascii: ">")) {
            if copy[p] == UInt8(ascii: ">") { depth += 1 }
            p += 1
        }
        return (p - start, p, depth)
    }
    var (lineIndent, _, lineDepth) = indentation(0)
    for i in 0..<n where copy[i] == UInt8(ascii: "\n") {
        let (nextIndent, first, nextDepth) = indentation(i + 1)
        defer { lineIndent = nextIndent; lineDepth = nextDepth; line += 1 }
        guard nextDepth == lineDepth else { continue }
        var before = i - 1
        if before >= 0 && copy[before] == UInt8(ascii: "\r") { before -= 1 }
        guard before >= 0, i + 1 < n, first < n else { continue }
        let last = copy[before]
        if last == UInt8(ascii: ".") || last == UInt8(ascii: "!") || last == UInt8(ascii: "?") || last == UInt8(ascii: ":")
            || last == UInt8(ascii: "\n") || last == UInt8(ascii: " ") {
            continue
        }
        let next = copy[first]
        if nextIndent == 0 {
            guard isLetter(next) else { continue }
        } else {
            guard nextIndent == lineIndent else { continue }
            let after = first + 1 < n ? copy[first + 1] : 0
            let startsWord: Bool
            if isLetter(next) {
                startsWord = true
            } else if isDigit(next) {
                // Not a numbered item: `1. `, `2) `, `3.2. `, `1.4.7 ` (but a
                // number, `3.14 `, is a word).
                var p = first
                var dots = 0
                while p < n && (isDigit(copy[p]) || copy[p] == UInt8(ascii: ".")) {
                    if copy[p] == UInt8(ascii: ".") { dots += 1 }
                    p += 1
                }
                let marked = p < n && copy[p] == UInt8(ascii: ")")
                if marked { p += 1 }
                let numbered = marked || dots >= 2 || (dots == 1 && copy[p - 1] == UInt8(ascii: "."))
                startsWord = !(numbered && p < n && copy[p] == UInt8(ascii: " "))
            } else if next == UInt8(ascii: "-") {
                let third = first + 2 < n ? copy[first + 2] : 0
                startsWord = isLetter(after) && after < 0x80 || isDigit(after) || (after == UInt8(ascii: "-") && isLetter(third) && third < 0x80)
            } else if next == UInt8(ascii: "(") {
                startsWord = isLetter(after) || isDigit(after)
            } else {
                startsWord = false
            }
            guard startsWord else { continue }
        }
        // Before any join: the widths are those of the paragraph as given.
        if widths == nil { widths = LineWidths(copy) }
        guard widths!.allowsJoin(after: line, nextWordStart: first, in: copy) else { continue }
        copy[i] = UInt8(ascii: " ")
        if before == i - 2 { copy[i - 1] = UInt8(ascii: " ") }
        if nextDepth > 0 {
            for p in (i + 1)..<first where copy[p] == UInt8(ascii: ">") { copy[p] = UInt8(ascii: " ") }
        }
    }
    return copy
}

/// Whether bytes are only ASCII spaces, tabs and line breaks.
func isBlankBytes(_ bytes: ArraySlice<UInt8>) -> Bool {
    bytes.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }
}

/// Sorted, merged, clamped ranges.
func normalizedRanges(_ ranges: [Range<Int>], within count: Int) -> [Range<Int>] {
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

// Performance notes (memory of the structure, `tersify-memory-probe FILE
// 0.25` on 10 MB of shuffled essay lines, `scripts/measure-memory.sh
// --shuffled 10`: 149,000 one-line paragraphs, each a document, and
// 167,000 sentences, all of which reach the fine stage at a 4x ratio):
//
// - A `Unit` was a `Range<Int>` and two `Int`s, 32 bytes; it is four
//   `UInt32`s, 16 bytes, behind the same `Int` properties, so the three
//   levels take 7.4 MB instead of 14.9 MB (and the growth of the sentence
//   array half as much). Inputs are limited to 4 GiB (`maximumByteCount`,
//   `CompressionError.inputTooLarge`); the ranking's 32-bit word offsets
//   already trapped above it.
// - The paragraphs are built as units in the initializer and filled in
//   place when the sentences are built; the ranges, parents and
//   `zip(...).map` copies that `FineStructure` kept until then are gone.
// - Sentences are collected in blocks of 16 K units and copied into one
//   array of the exact size, each block freed once copied, because an
//   array grown by doubling and then copied to its size held up to three
//   times the sentences at once (and the halves' arrays a fourth).
// - A paragraph over 128 KiB is segmented in parts of about 64 KiB
//   (`forEachUnwrappedPart`), because its unwrapped copy, ICU's ends, the
//   repaired ends and two arrays of ranges took 48 bytes a sentence at
//   once besides the units: 2 MB of `OK.` lines peaked at 31x the input.
// - Retrieval drops' details written on demand (`DropReason`), the budget
//   loop's render without drops and the ranking's dense pair table keep
//   peak RSS less the vocabulary at 3.2–3.6x the input on essays at a 4x
//   ratio, against 7.24x with a detail string a drop (docs/performance.md).
