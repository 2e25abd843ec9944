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
        var scan = _LanguageScan()
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

    /// The last bytes of the ASCII words this stemmer may change: the last
    /// bytes of its suffixes and of the letters its rules replace (bit b
    /// of the pair for byte b < 128, lower case).
    var finalASCIIBytes: (UInt64, UInt64) {
        let letters: String
        switch language {
        // Steps 0, 1a–1c, 5: ' s d g y e l (and the exceptions, which end in s, g, y, e).
        case .english: letters = "'sdgyel"
        // Every suffix of steps 1–3 ends in one of these.
        case .german: letters = "mnrestdgkh"
        // Step 4 shortens a double vowel before any final consonant.
        case .dutch: letters = "bcdfghjklmnpqrstvwxzes"
        // Step 4 removes a final s; step 5 undoubles n, t, l.
        case .french, .spanish, .portuguese, .italian: letters = "abcdefghijklmnopqrstuvwxyz"
        case .russian, .cjk, .otherScript, .otherLanguage, .unknown: letters = ""
        }
        var bits: (UInt64, UInt64) = (0, 0)
        for b in letters.utf8 {
            if b < 64 { bits.0 |= 1 << UInt64(b) } else { bits.1 |= 1 << UInt64(b & 63) }
        }
        return bits
    }
}
