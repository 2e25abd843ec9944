/// Stopword pruning as a pass: each paragraph's language is detected (or
/// given), and its stopwords go with one adjacent run of spaces
/// (`StopwordPruner`: negations never, protected and atomic spans never).
/// Lossy: it runs only while the text is over the budget.
public struct StopwordPass: CompressionPass {
    public let name = "stopwords"
    public let isLossless = false
    public var level: Stopwords.Level
    /// The language of every paragraph; nil to detect it per paragraph.
    public var language: Language?
    /// The language of paragraphs too short or mixed to detect.
    public var defaultLanguage: Language

    public init(level: Stopwords.Level = .light, language: Language? = nil, defaultLanguage: Language = .english) {
        self.level = level
        self.language = language
        self.defaultLanguage = defaultLanguage
    }

    public func apply(to document: inout PromptDocument, context: PassContext) throws(CompressionError) {
        let detector = LanguageDetector()
        let untouchable = normalizedRanges(document.protected + document.atomic + document._code.blocks, within: document.bytes.count)
        var next = 0
        for paragraph in document.paragraphs {
            let range = paragraph.range
            let bytes = Array(document.bytes[range])
            let language = language ?? bytes.withUnsafeBufferPointer { detector.language(of: $0, default: defaultLanguage) }
            let pruner = StopwordPruner(language: language, level: level)
            guard language.hasStopwords else { continue }
            while next < untouchable.count && untouchable[next].upperBound <= range.lowerBound { next += 1 }
            var local: [Range<Int>] = []
            var k = next
            while k < untouchable.count && untouchable[k].lowerBound < range.upperBound {
                let clamped = max(untouchable[k].lowerBound, range.lowerBound)..<min(untouchable[k].upperBound, range.upperBound)
                local.append((clamped.lowerBound - range.lowerBound)..<(clamped.upperBound - range.lowerBound))
                k += 1
            }
            let words = try context.segmenter.words(in: bytes)
            for drop in pruner.drops(in: bytes, words: words, protected: local) {
                document.drop((drop.lowerBound + range.lowerBound)..<(drop.upperBound + range.lowerBound),
                              reason: .init(pass: name, detail: "\(language.rawValue) stopword, \(level)"))
            }
        }
    }
}
