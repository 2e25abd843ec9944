import PromptTokenizer

extension PromptDocument {
    /// Builds the structure of plain text and protects what `detector` finds.
    ///
    /// `<keep>` regions (their tags are removed from the output), the
    /// question, JSON and markup blocks and user patterns are kept whatever
    /// the budget; numbers, dates, URLs, e-mail addresses, identifiers and
    /// inline code are atomic: never cut into, but dropped with their
    /// sentence when the sentence goes. Code, fenced or found by its lines,
    /// is cut into whole declarations (`CodeLayout`), which go or stay
    /// whole; with `keepCode` it is protected instead. List items and table
    /// rows go or stay whole too (`ItemLayout`).
    ///
    /// - Parameters:
    ///   - text: The prompt's UTF-8 bytes.
    ///   - tokenizer: Counts the units' tokens.
    ///   - segmenter: Finds sentences and words (ICU).
    ///   - detector: Finds the protected and atomic spans.
    ///   - question: Where the question is in `text`, if it is there.
    ///   - keepCode: Protect code blocks whole instead of dropping whole declarations.
    public init(
        text: [UInt8], tokenizer: Tokenizer, segmenter: Segmenter = Segmenter(),
        detector: ProtectedSpanDetector, question: Range<Int>? = nil, keepCode: Bool = false
    ) throws(CompressionError) {
        try self.init(text: text, tokenizer: tokenizer, segmenter: segmenter, detector: detector,
                      question: question, alsoProtected: [], keepCode: keepCode)
    }

    /// Builds the structure of plain text, protecting what `detector` finds,
    /// the question, and `alsoProtected` ranges (as `init(text:tokenizer:segmenter:detector:question:keepCode:)`
    /// does, with more ranges kept whole).
    public init(
        text: [UInt8], tokenizer: Tokenizer, segmenter: Segmenter = Segmenter(),
        detector: ProtectedSpanDetector, question: Range<Int>?, alsoProtected: [Range<Int>], keepCode: Bool = false
    ) throws(CompressionError) {
        var clock = StageClock(nil)
        try self.init(text: text, tokenizer: tokenizer, segmenter: segmenter, detector: detector, question: question,
                      alsoProtected: alsoProtected, keepCode: keepCode, inputTokens: nil, tokenEnds: nil, clock: &clock)
    }

    /// `init(text:tokenizer:segmenter:detector:question:alsoProtected:keepCode:)`,
    /// with the text's token count (or its token ends) when already taken,
    /// timing its stages on `clock`.
    init(
        text: [UInt8], tokenizer: Tokenizer, segmenter: Segmenter, detector: ProtectedSpanDetector, question: Range<Int>?,
        alsoProtected: [Range<Int>], keepCode: Bool, inputTokens: Int?, tokenEnds: TokenEnds?, clock: inout StageClock
    ) throws(CompressionError) {
        let spans = try detector.spans(in: text, question: question)
        clock.lap("document: protection scan")
        var required = alsoProtected, atomic: [Range<Int>] = [], fenced: [Range<Int>] = [], data: [Range<Int>] = []
        atomic.reserveCapacity(spans.spans.count)
        let markers = spans.keepMarkers
        for span in spans {
            switch span.kind {
            case .fencedCode where !keepCode: fenced.append(span.range)
            case .json, .xml: data.append(span.range)
            case .keepRegion, .question, .fencedCode, .custom: required.append(span.range)
            default: atomic.append(span.range)
            }
        }
        var code = CodeLayout(text, fenced: fenced, detect: true, excluded: required)
        // JSON or markup inside found code (an array literal) is code; a
        // block that is mostly data, or that data crosses, is no code.
        func holds(_ block: Range<Int>, _ range: Range<Int>) -> Bool {
            block.lowerBound <= range.lowerBound && range.upperBound <= block.upperBound
        }
        code.removeBlocks { block in
            guard !fenced.contains(where: { $0.lowerBound >= block.lowerBound && $0.lowerBound < block.upperBound }) else { return false }
            let inside = data.reduce(0) { $0 + $1.clamped(to: block).count }
            return inside * 2 > block.count || data.contains { $0.overlaps(block) && !holds(block, $0) }
        }
        required += data.filter { range in !code.blocks.contains { holds($0, range) } }
        if keepCode {
            required += code.blocks
            code = CodeLayout()
        }
        clock.lap("document: code layout")
        // List items and table rows, outside protected text; code indented
        // under an item (an option's example) is part of the item.
        let items = ItemLayout(text, excluded: normalizedRanges(required, within: text.count), code: code.blocks)
        if !items.isEmpty { code.removeBlocks { items.holds($0) } }
        try self.init(bytes: text, documentBreaks: nil, tokenizer: tokenizer, segmenter: segmenter,
                      protected: required, atomic: consume atomic, markers: markers, code: code, items: items,
                      inputTokens: inputTokens, tokenEnds: tokenEnds)
        _question = question
        clock.lap("document: paragraphs and the input's count")
    }
}
