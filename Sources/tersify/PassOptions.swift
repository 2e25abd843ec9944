import ArgumentParser
import PromptCompression
import PromptTokenizer

/// The options that choose the passes and what they protect, shared by
/// `compress` and `batch`.
struct PassOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Comma-separated passes: normalize, dedup, near-dedup, stopwords, retrieve.", valueName: "LIST"))
    var passes: String = "normalize,dedup,near-dedup,retrieve"

    @Option(help: ArgumentHelp(
        "Stopword pruning: light (articles, fillers), full (also pronouns, auxiliaries…), off. Light or full adds the stopwords pass.",
        valueName: "LEVEL"))
    var stopwords: StopwordSetting?

    @Option(help: ArgumentHelp("Stopword language: auto (per paragraph), en, de, fr, es, pt, it, nl, ru.", valueName: "LANG"))
    var lang: String = "auto"

    @Option(help: ArgumentHelp("Protect every match of a regular expression (repeatable).", valueName: "REGEX"))
    var keep: [String] = []

    enum StopwordSetting: String, ExpressibleByArgument, CaseIterable { case light, full, off }

    func validate() throws {
        do {
            _ = try PassName.parse(passes)
        } catch {
            throw ValidationError("--passes: \(error).")
        }
        if lang != "auto" && language == nil {
            let codes = Language.withStopwords.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("Unknown --lang '\(lang)'; use auto or one of \(codes).")
        }
        do {
            _ = try detector()
        } catch {
            throw ValidationError("--keep: \(error)")
        }
    }

    var language: Language? { Language.withStopwords.first { $0.rawValue == lang } }

    /// The stopword level --stopwords asks for; nil for off or not given.
    var stopwordLevel: Stopwords.Level? {
        switch stopwords {
        case .light: .light
        case .full: .full
        case .off, nil: nil
        }
    }

    /// The compressor the options describe.
    func makeCompressor(_ tokenizer: Tokenizer) -> Compressor {
        var compressor = Compressor(tokenizer: tokenizer)
        // `validate()` checked the names.
        var names = Set((try? PassName.parse(passes)) ?? PassName.defaults)
        if stopwordLevel != nil { names.insert(.stopwords) }
        if stopwords == .off { names.remove(.stopwords) }
        compressor.use(names, stopwords: stopwordLevel ?? .light, language: language)
        return compressor
    }

    /// The protected-span detector of the --keep patterns.
    func detector() throws -> ProtectedSpanDetector {
        try ProtectedSpanDetector(rules: ProtectionRules(customPatterns: keep))
    }
}
