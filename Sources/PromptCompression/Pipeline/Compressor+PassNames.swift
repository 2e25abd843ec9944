extension Compressor {
    /// Runs the passes `names` holds, in the canonical order (`PassName.allCases`),
    /// and retrieval trimming when it holds `.retrieve`.
    ///
    /// - Parameters:
    ///   - names: The passes to run.
    ///   - stopwords: The stopword pass's level when `.stopwords` is named.
    ///   - language: The stopword language; nil detects it per paragraph.
    public mutating func use(_ names: some Sequence<PassName>, stopwords: Stopwords.Level = .light, language: Language? = nil) {
        let chosen = Set(names)
        passes = PassName.allCases.filter(chosen.contains).compactMap { name -> (any CompressionPass)? in
            switch name {
            case .normalize: WhitespaceNormalization()
            case .dedup: ExactDeduplication()
            case .nearDedup: NearDuplicateRemoval()
            case .stopwords: StopwordPass(level: stopwords, language: language)
            case .retrieve: nil
            }
        }
        retrieval = chosen.contains(.retrieve)
    }
}
