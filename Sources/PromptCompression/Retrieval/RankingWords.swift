#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Performance notes (the fine stage at a 4x ratio, where nearly all of a
// large input reaches it; figures in docs/performance.md):
//
// - One `UInt32` identifier a word, each unit a run of them, pairs
//   recomputed from neighbours (`pairKey`), because ICU's words as `[Word]`
//   (about 8 bytes an input byte) and `[[Int]]` terms (16 bytes a word,
//   twice) were the ranking's memory; `rank` also took 93.0 M to 68.6 M
//   instructions on the essays benchmark.
// - ICU segments chunks of about 64 KiB cut after a line break, because
//   UAX #29 breaks after every line feed whatever follows (WB3a) and ICU's
//   iterator starts afresh there as at the start of a text: the same words
//   (`RankingWordsTests` compares them with those of the whole text). A
//   long paragraph is cut too, because its ends and kinds (9 bytes a word
//   segment) took 13 MB for 1 MB of one-word lines.

/// The words of a document for ranking: ICU's words, as vocabulary
/// identifiers in one flat array, and each sentence's and document's run
/// of it.
///
///     ids        [ 7  3  9 | 3  12  4  4 | 8 … ]   one UInt32 a word inside a document
///     sentences  0..<3, 3..<7, …                   words wholly inside the sentence
///     documents  0..<7, …                          words wholly inside the document
///
/// A word belongs to a unit when it lies wholly inside the unit's bytes, as
/// `RankingVocabulary.terms(_:_:in:)` takes them. Identifiers are those that
/// `RankingVocabulary.terms` gave the words of every sentence in turn; a word
/// inside a document but in no sentence (ICU's words and sentences
/// disagree, rarely) gets its identifier from `resolveDeferred(_:)`, after
/// the question's.
struct RankingWords {
    /// The identifier of each word inside a document, in text order;
    /// `UInt32.max` for a deferred word until `resolveDeferred(_:)`.
    var ids: [UInt32] = []
    /// Per sentence, the first index into `ids` of its words, and one past the last.
    var sentenceStart: [UInt32]
    var sentenceEnd: [UInt32]
    /// Per document, the first index into `ids` of its words; one more
    /// entry closes the last document.
    var documentStart: [UInt32]
    /// Per document, the number of its leading words inside its title
    /// (`titleRange`), and the number of its leading words that start
    /// inside the title (the body's words follow). Empty unless `titles`.
    var titleCount: [UInt32] = []
    var bodyStart: [UInt32] = []
    /// Byte ranges (start, end) of the title words of each document in
    /// turn, `titleCount` of each: the question's matching strips a
    /// possessive from them. Empty unless `titles`.
    var titleWordBounds: [UInt32] = []
    /// Words in no sentence: index into `ids` and vocabulary key.
    var deferred: [(index: UInt32, key: UInt64)] = []

    /// Segments `document` with ICU in chunks and gives each word its identifier.
    ///
    /// - Parameters:
    ///   - titles: Whether to record titles (`titleCount`, `bodyStart`,
    ///     `titleWordBounds`), for the question's ranking.
    ///   - optionNames: Whether each option name (`--all`, `-l`) is a word
    ///     too, after its last word (`OptionNames`): when the question names one.
    ///   - code: Code blocks (sorted, disjoint), whose identifiers' parts are
    ///     words too, after the identifier (`IdentifierParts`).
    /// - Throws: `CompressionError` when ICU fails.
    /// - Complexity: O(n) in the document's bytes.
    init(
        _ document: PromptDocument, segmenter: Segmenter, vocabulary: inout RankingVocabulary, titles: Bool, optionNames: Bool = false,
        code: [Range<Int>] = []
    ) throws(CompressionError) {
        let sentences = document.sentences
        let documents = document.documents
        let paragraphs = document.paragraphs
        sentenceStart = [UInt32](repeating: 0, count: sentences.count)
        sentenceEnd = [UInt32](repeating: 0, count: sentences.count)
        documentStart = [UInt32](repeating: 0, count: documents.count + 1)
        if titles {
            titleCount = [UInt32](repeating: 0, count: documents.count)
            bodyStart = [UInt32](repeating: 0, count: documents.count)
        }
        // About one word in 5.5 bytes of English prose: a little more, so as not to grow.
        ids.reserveCapacity(document.bytes.count / 4 + 16)
        let bytes = document.bytes
        let failure: CompressionError? = bytes.withUnsafeBufferPointer { buffer in
            var cursor = Cursor(bytes: bytes, sentences: sentences, documents: documents, titles: titles)
            var chunkStart = 0
            var p = 0
            var block = 0
            while chunkStart < buffer.count {
                // A chunk: paragraphs up to 64 KiB, cut only after a line
                // feed; a longer paragraph after its first line feed past 64 KiB.
                var chunkEnd = chunkStart
                while p < paragraphs.count {
                    chunkEnd = paragraphs[p].range.upperBound
                    p += 1
                    if chunkEnd - chunkStart >= 1 << 16 && buffer[chunkEnd - 1] == UInt8(ascii: "\n") { break }
                }
                if chunkEnd <= chunkStart { chunkEnd = buffer.count }
                if chunkEnd - chunkStart > 1 << 17, let base = buffer.baseAddress,
                    let found = memchr(base + chunkStart + (1 << 16), Int32(UInt8(ascii: "\n")), chunkEnd - chunkStart - (1 << 16) - 1) {
                    chunkEnd = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found)) + 1
                    while p > 0 && paragraphs[p - 1].range.upperBound > chunkEnd { p -= 1 }
                }
                let chunk = UnsafeBufferPointer(rebasing: buffer[chunkStart..<chunkEnd])
                let options = optionNames ? OptionNames.ranges(in: buffer, chunkStart..<chunkEnd) : []
                var option = 0
                switch ICUBreaks.findWords(in: chunk, locale: segmenter.locale) {
                case let .failure(error): return error
                case let .success(breaks):
                    var start = chunkStart
                    for (end, kind) in zip(breaks.ends, breaks.kinds) {
                        let end = chunkStart + Int(end)
                        if kind != Word.Kind.other.rawValue {
                            cursor.add(start..<end, buffer, into: &self, vocabulary: &vocabulary)
                            // An option name ending with this word follows it.
                            while option < options.count && options[option].upperBound < end { option += 1 }
                            if option < options.count && options[option].upperBound == end {
                                let name = options[option]
                                cursor.add(name, buffer, into: &self, vocabulary: &vocabulary,
                                           key: OptionNames.key(UnsafeBufferPointer(rebasing: buffer[name])))
                                option += 1
                            }
                            // An identifier of a code block: its parts follow it.
                            while block < code.count && code[block].upperBound <= start { block += 1 }
                            if block < code.count && code[block].lowerBound <= start {
                                for part in IdentifierParts.ranges(in: buffer, start..<end) {
                                    cursor.add(part, buffer, into: &self, vocabulary: &vocabulary)
                                }
                            }
                        }
                        start = end
                    }
                }
                chunkStart = chunkEnd
            }
            cursor.close(into: &self)
            return nil
        }
        if let failure { throw failure }
        // The reserve (a word in 4 bytes) is a quarter above English prose's
        // words: a copy of the exact size frees it before the ranking's tables grow.
        if ids.capacity - ids.count > ids.count / 8 { ids = ids.withUnsafeBufferPointer { [UInt32]($0) } }
    }

    /// Frees the arrays (the ranking keeps only what it computed from them).
    mutating func release() {
        ids = []
        sentenceStart = []
        sentenceEnd = []
        documentStart = []
        titleCount = []
        bodyStart = []
        titleWordBounds = []
        deferred = []
    }

    /// Gives the deferred words their identifiers, in text order.
    mutating func resolveDeferred(_ vocabulary: inout RankingVocabulary) {
        for (index, key) in deferred { ids[Int(index)] = UInt32(vocabulary.id(key: key)) }
        deferred = []
    }

    /// The run of `ids` of sentence `index`.
    @inline(__always)
    func sentence(_ index: Int) -> Range<Int> { Int(sentenceStart[index])..<Int(sentenceEnd[index]) }

    /// The run of `ids` of document `index`.
    @inline(__always)
    func document(_ index: Int) -> Range<Int> { Int(documentStart[index])..<Int(documentStart[index + 1]) }

    /// The number of terms of a run: its words and their neighbouring pairs.
    @inline(__always)
    static func termCount(_ run: Range<Int>) -> Int { run.isEmpty ? 0 : 2 * run.count - 1 }

    /// Walks the words in text order and places each in its document and sentence.
    struct Cursor {
        let bytes: [UInt8]
        let sentences: [PromptDocument.Unit]
        let documents: [PromptDocument.Unit]
        let titles: Bool
        var s = 0, d = 0
        /// The last document whose start is set in `documentStart`.
        var opened = -1
        var title: Range<Int> = 0..<0

        init(bytes: [UInt8], sentences: [PromptDocument.Unit], documents: [PromptDocument.Unit], titles: Bool) {
            self.bytes = bytes
            self.sentences = sentences
            self.documents = documents
            self.titles = titles
        }

        /// Sets the start of documents up to `document` to the current word count.
        @inline(__always)
        mutating func open(upTo document: Int, _ words: inout RankingWords) {
            while opened < document {
                opened += 1
                words.documentStart[opened] = UInt32(words.ids.count)
                if titles && opened < documents.count {
                    title = titleRange(bytes, in: documents[opened].range)
                }
            }
        }

        /// Adds `word`, keyed by `key` when given (an option name), else by `vocabulary.key`.
        mutating func add(
            _ word: Range<Int>, _ buffer: UnsafeBufferPointer<UInt8>, into words: inout RankingWords, vocabulary: inout RankingVocabulary,
            key given: UInt64? = nil
        ) {
            while d < documents.count && documents[d].range.upperBound <= word.lowerBound { d += 1 }
            guard d < documents.count, documents[d].range.lowerBound <= word.lowerBound,
                word.upperBound <= documents[d].range.upperBound else { return }
            open(upTo: d, &words)
            let index = words.ids.count
            if titles {
                if word.upperBound <= title.upperBound {
                    words.titleCount[d] += 1
                    words.titleWordBounds.append(UInt32(word.lowerBound))
                    words.titleWordBounds.append(UInt32(word.upperBound))
                }
                if word.lowerBound < title.upperBound { words.bodyStart[d] += 1 }
            }
            let key = given ?? vocabulary.key(UnsafeBufferPointer(rebasing: buffer[word]))
            while s < sentences.count && sentences[s].range.upperBound <= word.lowerBound { s += 1 }
            if s < sentences.count && sentences[s].range.lowerBound <= word.lowerBound && word.upperBound <= sentences[s].range.upperBound {
                if words.sentenceEnd[s] == 0 { words.sentenceStart[s] = UInt32(index) }
                words.sentenceEnd[s] = UInt32(index + 1)
                words.ids.append(UInt32(vocabulary.id(key: key)))
            } else {
                words.deferred.append((UInt32(index), key))
                words.ids.append(.max)
            }
        }

        mutating func close(into words: inout RankingWords) {
            while opened < documents.count {
                opened += 1
                words.documentStart[opened] = UInt32(words.ids.count)
            }
        }
    }
}
