extension Tokenizer {
    /// How a tokenizer cuts text into pieces: a hand-written scanner, or ICU.
    enum Split {
        case pattern(SplitPattern)
        case regex(RegexSplit)

        /// The scanner of the pattern whose steps `steps` are (each
        /// isolated, expressions equal character for character), else the
        /// steps compiled for ICU as tiktoken reads an expression (`$` the
        /// end of the text).
        ///
        /// - Throws: `.invalidSplitPattern` when ICU does not compile one.
        static func tiktoken(_ steps: [SplitStep], path: String) throws(TokenizerError) -> Split {
            if steps.allSatisfy({ $0.behavior == .isolated }),
               let pattern = SplitPattern.allCases.first(where: { $0.steps == steps.map(\.regex) }) {
                return .pattern(pattern)
            }
            do {
                return .regex(try RegexSplit(steps, lineAnchors: false))
            } catch {
                throw .invalidSplitPattern(path: path, pattern: steps[error.step].regex, reason: error.reason)
            }
        }
    }

    /// This tokenizer with `steps` run by ICU, even where a scanner knows
    /// them: the tests' oracle for the scanners, and for the ICU split.
    ///
    /// - Parameter lineAnchors: Oniguruma's reading (Hugging Face
    ///   tokenizers') rather than tiktoken's.
    package func _splittingWithICU(_ steps: [SplitStep], lineAnchors: Bool = false) throws -> Tokenizer {
        Tokenizer(
            name: name, vocabulary: vocabulary, split: .regex(try RegexSplit(steps, lineAnchors: lineAnchors)),
            specialTokens: specialTokens, normalization: normalization, decodeOnly: specialBytes)
    }
}
