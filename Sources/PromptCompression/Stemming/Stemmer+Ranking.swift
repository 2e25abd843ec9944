extension Stemmer {
    /// The stemmer for ranking a text against a question: the language of
    /// the question and a sample of the text together (`LanguageDetector`),
    /// when the detector is confident and the language has a stemmer.
    ///
    /// The sample is the text up to 4 KiB, or eight pieces of 512 bytes spread
    /// over it: one language for the query and every document, so that a
    /// word and its question form get the same stem.
    ///
    /// - Returns: nil for text in no stemmed language, mixed or too short.
    static func forRanking(query: UnsafeBufferPointer<UInt8>, text: UnsafeBufferPointer<UInt8>) -> Stemmer? {
        var scan = LanguageScan()
        scan.scan(query)
        let piece = 512, pieces = 8
        if text.count <= pieces * piece {
            scan.scan(text)
        } else {
            for k in 0..<pieces {
                let start = (text.count - piece) * k / (pieces - 1)
                scan.scan(UnsafeBufferPointer(rebasing: text[start..<(start + piece)]))
            }
        }
        let result = LanguageDetector().decide(scan)
        return result.isConfident ? Stemmer(result.language) : nil
    }
}
