import CICU

/// The segment ends (and word kinds) that the C shim finds in one text.
///
/// `ends[i]` is the byte offset where segment `i` ends; segment `i` starts
/// at `ends[i - 1]` (0 for the first). The ends increase strictly and the last
/// is the text's length, so the segments cover the text. `kinds` is parallel
/// to `ends` for words (raw `tersify_word_kind` values) and empty for
/// sentences.
struct ICUBreaks {
    /// Which kind of boundary to find.
    enum Kind {
        case sentence, word
    }

    var ends: [Int64]
    var kinds: [UInt8]

    /// The longest text ICU's break iterators can address, in bytes.
    static let maximumByteCount = Int(TERSIFY_ICU_MAX_LENGTH)

    /// Finds the boundaries of `kind` in `text`.
    ///
    /// Preallocates from the text length and, when the text has more segments
    /// than the estimate, calls the shim once more with the exact count it
    /// reported (ICU's preflighting). Estimates: English prose averages about
    /// 120 bytes a sentence and 3.5 bytes a word segment (spaces included),
    /// Chinese 3 bytes a word segment.
    ///
    /// - Parameters:
    ///   - kind: Sentences or words.
    ///   - text: UTF-8 bytes; invalid sequences are allowed.
    ///   - locale: The ICU locale identifier handed to the shim.
    /// - Returns: The boundaries, or the error to throw.
    /// - Complexity: O(n) in the text length.
    static func find(_ kind: Kind, in text: UnsafeBufferPointer<UInt8>, locale: String, joinBlank: Bool = false) -> Result<ICUBreaks, CompressionError> {
        guard text.count <= maximumByteCount else {
            return .failure(.inputTooLarge(byteCount: text.count, limit: maximumByteCount))
        }
        guard !locale.utf8.contains(0) else { return .failure(.invalidLocale(locale)) }
        if text.isEmpty { return .success(ICUBreaks(ends: [], kinds: [])) }

        var capacity = kind == .sentence ? text.count / 64 + 16 : text.count / 3 + 16
        while true {
            var status: Int32 = 0
            var found: Int32 = 0
            var kinds: [UInt8] = []
            let ends = [Int64](unsafeUninitializedCapacity: capacity) { endBuffer, endCount in
                switch kind {
                case .sentence:
                    // No kinds array: `Array(unsafeUninitializedCapacity: 0)`
                    // writes the shared empty array's count, a race (benign,
                    // but ThreadSanitizer reports it) when two threads
                    // segment sentences at once (`FineStructure`'s halves).
                    found = locale.withCString { cLocale in
                        tersify_sentence_breaks(
                            text.baseAddress, Int64(text.count), cLocale, endBuffer.baseAddress, Int32(capacity), joinBlank ? 1 : 0, &status)
                    }
                case .word:
                    kinds = [UInt8](unsafeUninitializedCapacity: capacity) { kindBuffer, kindCount in
                        found = locale.withCString { cLocale in
                            tersify_word_breaks(
                                text.baseAddress, Int64(text.count), cLocale,
                                endBuffer.baseAddress, kindBuffer.baseAddress, Int32(capacity), &status)
                        }
                        kindCount = max(0, min(Int(found), capacity))
                    }
                }
                endCount = max(0, min(Int(found), capacity))
            }
            if found < 0 {
                let name = String(cString: tersify_icu_error_name(status))
                let operation = kind == .sentence ? "sentence" : "word"
                return .failure(.icuFailure(operation: operation, locale: locale, status: status, name: name))
            }
            if Int(found) <= capacity { return .success(ICUBreaks(ends: ends, kinds: kinds)) }
            capacity = Int(found)
        }
    }
}
