import Foundation
@testable import PromptCompression
import PromptTokenizer
import Testing

/// The compact ranking structures against the simple ones they replace:
/// ICU's words of the whole text, `[[Int]]` terms, `Set`s and folded copies.
@Suite("Ranking words: flat identifiers, chunked ICU words, BM25 and dedup against references")
struct RankingWordsTests {
    static let tokenizer = TestTokenizers.cl100k
    static let question = "What's the best way to find startup ideas in 東京?"

    /// Over 64 KiB (several chunks): essays when the corpora are there,
    /// always mixed with CJK, CRLF line ends, accents and possessives.
    static func mixedText() throws -> [UInt8] {
        var text: [UInt8] = []
        if let folder = TestPaths.dataDirectory?.appendingPathComponent("haystack/PaulGrahamEssays") {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().prefix(8) {
                text += Array(try Data(contentsOf: folder.appendingPathComponent(name)))
            }
        }
        var rng = SeededGenerator(seed: 5)
        let pieces = [
            "Startup ideas: Paul's essay says to live in the future.\n", "日本語の文です。東京に行きました。\r\n",
            "我们今天去北京。 Ünïcödé Wörds, a façade; e.g. 3.14 and 1,000.\n", "\n", "The founders' ideas (2012)\n",
            "Kiss and Tell (1945 film): a comedy.\n\n", "It's best to find startup ideas by noticing them.\r\n\r\n",
        ]
        while text.count < 200_000 { text += Array(pieces[Int(rng.next() % UInt64(pieces.count))].utf8) }
        return text
    }

    static func documents() throws -> [PromptDocument] {
        let text = try mixedText()
        let passages = String(decoding: text, as: UTF8.self).components(separatedBy: "\n\n")
        return [
            try PromptDocument(text: text, tokenizer: tokenizer),
            // Documents cut where no line ends: the words across a cut belong to neither.
            try PromptDocument(passages: passages, separator: " | ", tokenizer: tokenizer),
            // Paragraphs of over 128 KiB, cut into chunks after a line feed inside them.
            try PromptDocument(text: Array(passages.joined(separator: "\n").replacingOccurrences(of: "\r\n\r\n", with: "\r\n").utf8),
                               tokenizer: tokenizer),
        ]
    }

    /// The unigrams of `RankingVocabulary.terms` (words first, then pairs).
    func unigrams(_ terms: [Int]) -> [Int] { Array(terms.prefix((terms.count + 1) / 2)) }

    @Test("identifiers, runs, BM25 scores and the information order equal those of the whole-text words")
    func againstWholeText() throws {
        let segmenter = Segmenter()
        let compressor = Compressor(tokenizer: Self.tokenizer)
        for document in try Self.documents() {
            let bytes = document.bytes
            // Reference: ICU's words of the whole text and `[[Int]]` terms.
            let words = try segmenter.words(in: bytes)
            var reference = RankingVocabulary()
            let sentenceTerms = document.sentences.map { reference.terms(bytes, words, in: $0.range) }
            var vocabulary = RankingVocabulary()
            var flat = try RankingWords(document, segmenter: segmenter, vocabulary: &vocabulary, titles: true)
            #expect(document.sentences.count > 500)
            for index in document.sentences.indices {
                #expect(flat.ids[flat.sentence(index)].map { Int($0) } == unigrams(sentenceTerms[index]))
            }
            let scores = compressor._ranking().informationScores(flat, sentenceCount: document.sentences.count, wordCount: vocabulary.wordCount)
            #expect(scores.indices.sorted { (scores[$0], -$0) > (scores[$1], -$1) } == referenceInformationOrder(sentenceTerms))

            let query = Array(Self.question.utf8)
            let queryWords = try segmenter.words(in: query)
            let referenceQuery = reference.terms(query, queryWords, in: 0..<query.count)
            let queryTerms = vocabulary.queryTerms(query, queryWords)
            #expect(queryTerms.unigrams == unigrams(referenceQuery))
            flat.resolveDeferred(&vocabulary)
            var firstSentence = [Int](repeating: -1, count: document.documents.count)
            for (index, sentence) in document.sentences.enumerated().reversed() {
                firstSentence[document.paragraphs[sentence.parent].parent] = index
            }
            var titleWords = 0
            let documentTerms = document.documents.indices.map { index in
                let range = document.documents[index].range
                let title = titleRange(bytes, in: range)
                let titleTerms = reference.terms(bytes, words, in: title)
                #expect(Int(flat.titleCount[index]) == (title.isEmpty ? 0 : unigrams(titleTerms).count))
                titleWords += Int(flat.titleCount[index])
                let lead = !title.isEmpty ? titleTerms : firstSentence[index] >= 0 ? sentenceTerms[firstSentence[index]] : []
                let terms = reference.terms(bytes, words, in: range)
                #expect(flat.ids[flat.document(index)].map { Int($0) } == unigrams(terms))
                return terms + lead
            }
            #expect(flat.titleWordBounds.count == 2 * titleWords)
            let bm25 = BM25()
            let documentScores = bm25._scores(
                unitCount: document.documents.count, ids: flat.ids, wordCount: vocabulary.wordCount, query: queryTerms
            ) { index in
                let run = flat.document(index)
                let lead = flat.titleCount[index] > 0 || !titleRange(bytes, in: document.documents[index].range).isEmpty
                    ? run.lowerBound..<(run.lowerBound + Int(flat.titleCount[index]))
                    : firstSentence[index] >= 0 ? flat.sentence(firstSentence[index]) : 0..<0
                return (run, lead)
            }
            let referenceScores = bm25.scores(units: documentTerms, query: referenceQuery)
            #expect(documentScores == referenceScores)
            #expect(referenceScores.contains { $0 > 0 })
            let sentenceScores = bm25._scores(
                unitCount: document.sentences.count, ids: flat.ids, wordCount: vocabulary.wordCount, query: queryTerms
            ) { (flat.sentence($0), 0..<0) }
            #expect(sentenceScores == bm25.scores(units: sentenceTerms, query: referenceQuery))
        }
    }

    /// The query-free order as it was: a `Set` and a dictionary.
    func referenceInformationOrder(_ sentenceTerms: [[Int]]) -> [Int] {
        var documentFrequency: [Int: Int] = [:]
        for terms in sentenceTerms { for term in Set(terms) { documentFrequency[term, default: 0] += 1 } }
        let n = Double(sentenceTerms.count)
        let scores = sentenceTerms.map { terms -> Double in
            guard !terms.isEmpty else { return 0 }
            let information = Set(terms).sorted().reduce(0.0) { $0 + log(1 + n / Double(documentFrequency[$1]!)) }
            return information / Double(terms.count).squareRoot()
        }
        return scores.indices.sorted { (scores[$0], -$0) > (scores[$1], -$1) }
    }

    @Test("exact repeat groups from hashes equal those of folded copies")
    func repeatGroups() throws {
        let text = try Self.mixedText()
        let document = try PromptDocument(text: text, tokenizer: Self.tokenizer)
        let pass = ExactDeduplication()
        for ranges in [document.paragraphs.map(\.range), document.sentences.map(\.range)] {
            // Reference: a dictionary of folded copies; a group is made when its second member comes.
            var firstOf: [[UInt8]: Int] = [:], groupOf: [Int: Int] = [:]
            var groups: [[Int]] = []
            for (index, range) in ranges.enumerated() {
                let key = foldedBytes(text[range])
                guard key.count >= pass.minimumLength else { continue }
                guard let first = firstOf[key] else {
                    firstOf[key] = index
                    continue
                }
                if let group = groupOf[first] { groups[group].append(index) } else {
                    groupOf[first] = groups.count
                    groups.append([first, index])
                }
            }
            #expect(!groups.isEmpty)
            #expect(pass._repeatGroups(ranges, keys: pass._foldedKeys(ranges, in: text), in: text) == groups)
        }
    }

    @Test("repeated runs of sentences are one drop each, and the output is unchanged")
    func repeatedRuns() throws {
        let paragraph = "One sentence here is long enough. Another sentence follows it closely. A third one ends the run now.\n\n"
        let text = Array(("(1) " + paragraph + "(2) " + paragraph + "(3) " + paragraph).utf8)
        var document = try PromptDocument(text: text, tokenizer: Self.tokenizer)
        try ExactDeduplication().apply(to: &document, context: PassContext(tokenizer: Self.tokenizer, query: nil, budget: 0))
        // The first sentences differ ("(2) One…"); the other two of each copy go as one drop.
        #expect(document.drops.count == 2)
        #expect(document.drops.allSatisfy { $0.reason.detail.hasPrefix("repeats the 2 sentences at bytes ") })
        #expect(String(decoding: document.render(), as: UTF8.self)
            == "(1) " + paragraph + "(2) One sentence here is long enough. (3) One sentence here is long enough. ")
    }

    @Test("in-place normalizing of ranges equals the copying one", arguments: [1, 2, 3])
    func normalize(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<200 {
            let count = Int(rng.next() % 40)
            let ranges = (0..<count).map { _ -> Range<Int> in
                let start = Int(rng.next() % 100)
                return start..<(start + Int(rng.next() % 15))
            }
            var inPlace = ranges
            normalizeRanges(&inPlace, within: 100)
            #expect(inPlace == normalizedRanges(ranges, within: 100))
        }
    }

    @Test("the streamed count of the rendered text equals the count of the rendered copy", arguments: [16, 1000, 1 << 20])
    func streamedCount(chunk: Int) throws {
        let text = try Self.mixedText()
        var document = try PromptDocument(text: text, tokenizer: Self.tokenizer)
        #expect(document._countRendered(with: Self.tokenizer, chunk: chunk) == document.tokens)
        var rng = SeededGenerator(seed: UInt64(chunk))
        for sentence in document.sentences where rng.next() % 3 == 0 {
            let range = sentence.range
            let cut = range.lowerBound + Int(rng.next() % UInt64(range.count))
            document.drop(range.lowerBound..<cut, reason: .init(pass: "test", detail: ""))
        }
        #expect(document.drops.count > 100)
        #expect(document._countRendered(with: Self.tokenizer, chunk: chunk) == Self.tokenizer.count(bytes: document.render()))
    }

    @Test("the folded hash read eight bytes at a time equals the one read a byte at a time (seeded)", arguments: [1, 2])
    func foldedHash(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let pieces = ["word", "Word", "WORD", " ", "  ", "\t", "\n", "\r\n", "é", "A", "z", "Z[", "@", "`", "{", ".", "x y"]
        var texts = [try Self.mixedText()]
        for _ in 0..<50 { texts.append(Array((0..<Int(rng.next() % 200)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined().utf8)) }
        for text in texts where !text.isEmpty {
            text.withUnsafeBufferPointer { buffer in
                for _ in 0..<400 {
                    let start = Int(rng.next() % UInt64(text.count))
                    let range = start..<min(text.count, start + Int(rng.next() % 300))
                    let fast = foldedHashAndLength(buffer, range), slow = foldedHashByteByByte(buffer, range)
                    #expect(fast.0 == slow.0 && fast.1 == slow.1, "\(range)")
                }
            }
        }
    }

    @Test("a part counted from the input's token ends equals its own count", arguments: [1, 2, 3])
    func tokenEndsCount(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let text = try Self.mixedText()
        let ends = TokenEnds(text, tokenizer: Self.tokenizer)
        #expect(ends.total == Self.tokenizer.count(bytes: text))
        text.withUnsafeBufferPointer { buffer in
            for _ in 0..<2000 {
                let start = Int(rng.next() % UInt64(text.count))
                let range = start..<min(text.count, start + Int(rng.next() % UInt64(rng.next() % 2 == 0 ? 40 : 2000)))
                #expect(ends.count(buffer, range, tokenizer: Self.tokenizer) == Self.tokenizer.count(bytes: text[range]), "\(range)")
            }
        }
        // The documents' sentences, counted from the ends, as counted alone.
        let document = try PromptDocument(text: text, tokenizer: Self.tokenizer)
        #expect(document._inputCount.tokenEnds != nil)
        for sentence in document.sentences.prefix(3000) {
            #expect(sentence.tokens == Self.tokenizer.count(bytes: text[sentence.range]))
        }
    }

    @Test("the count of the rendered text from windows around the drops equals the count of the rendered copy", arguments: [1, 2, 3, 4])
    func windowedCount(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let mixed = try Self.mixedText()
        let pieces = ["word ", "Word", " ", "  ", "\n", "\r\n", "\n\n", "é", "日本", ".", "42", "'s", "\t", "/path", "x"]
        for round in 0..<40 {
            // Sparse drops over the mixed text, or dense ones over a short text of hard pieces.
            let text: [UInt8]
            if round % 2 == 0 {
                text = mixed
            } else {
                var short = ""
                for _ in 0..<(20 + Int(rng.next() % 400)) { short += pieces[Int(rng.next() % UInt64(pieces.count))] }
                text = Array(short.utf8)
            }
            var document = try PromptDocument(text: text, tokenizer: Self.tokenizer)
            #expect(document._countRenderedViaWindows(with: Self.tokenizer) == document.tokens)
            let drops = round % 2 == 0 ? 1 + Int(rng.next() % 300) : 1 + Int(rng.next() % 6)
            for _ in 0..<drops {
                let start = Int(rng.next() % UInt64(text.count))
                let length = Int(rng.next() % UInt64(round % 4 == 0 ? 400 : 12))
                document.drop(start..<min(text.count, start + length), reason: .init(pass: "test", detail: ""))
            }
            if round % 5 == 0 { document.drop(0..<Int(rng.next() % 20), reason: .init(pass: "test", detail: "")) }
            if round % 7 == 0 { document.drop((text.count - Int(rng.next() % 20))..<text.count, reason: .init(pass: "test", detail: "")) }
            let exact = Self.tokenizer.count(bytes: document.render())
            let windowed = document._countRenderedViaWindows(with: Self.tokenizer)
            // Sparse drops are counted through windows; dense ones may fall back (nil).
            if round % 2 == 0 { #expect(windowed != nil, "round \(round)") }
            #expect(windowed == nil || windowed == exact, "round \(round): \(String(describing: windowed)) against \(exact)")
        }
    }
}
