#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Compressor {
    /// Sentence indices, most useful first.
    ///
    /// - Parameters:
    ///   - budget: The token budget the order is for (whole documents are
    ///     chosen to fit it); nil to compute it from `options` and
    ///     `document.tokens`, as `compress` does.
    func rank(_ document: PromptDocument, options: CompressionOptions, budget: Int? = nil) throws(CompressionError) -> [Int] {
        let words = try segmenter.words(in: document.bytes)
        var vocabulary = _Vocabulary()
        let sentenceTerms = document.sentences.map { vocabulary.terms(document.bytes, words, in: $0.range) }
        guard let query = options.query, !query.isEmpty else {
            return informationOrder(sentenceTerms)
        }
        let queryBytes = Array(query.utf8)
        let queryTerms = vocabulary.terms(queryBytes, try segmenter.words(in: queryBytes), in: 0..<queryBytes.count)
        // A document's title (`_titleRange`), else its first sentence, counts twice.
        var firstSentence = [Int](repeating: -1, count: document.documents.count)
        for (index, sentence) in document.sentences.enumerated().reversed() {
            firstSentence[document.paragraphs[sentence.parent].parent] = index
        }
        let documentTerms = document.documents.indices.map { index in
            let range = document.documents[index].range
            let title = _titleRange(document.bytes, in: range)
            let lead = !title.isEmpty ? vocabulary.terms(document.bytes, words, in: title)
                : firstSentence[index] >= 0 ? sentenceTerms[firstSentence[index]] : []
            return vocabulary.terms(document.bytes, words, in: range) + lead
        }
        let documentScores = options.bm25.scores(units: documentTerms, query: queryTerms)
        let sentenceScores = options.bm25.scores(units: sentenceTerms, query: queryTerms)

        // Coarse: documents, the best pair for the question first (multi-hop
        // questions need two passages, see `_DocumentPairRanking`).
        let budget = budget ?? _budget(document, options: options)
        let alreadyDropped = document.areDropped(document.sentences.map(\.range))
        var sentencesOf = [[Int]](repeating: [], count: document.documents.count)
        var cost = [Int](repeating: 0, count: document.documents.count)
        var protectedCost = 0
        for (index, sentence) in document.sentences.enumerated() {
            let parent = document.paragraphs[sentence.parent].parent
            sentencesOf[parent].append(index)
            if alreadyDropped[index] { continue }
            if document.isProtected(overlapping: sentence.range) {
                protectedCost += sentence.tokens
            } else {
                cost[parent] += sentence.tokens
            }
        }
        let (documentOrder, relevance, paired) = try _documentOrder(document, words: words, vocabulary: &vocabulary, query: queryBytes, documentTerms: documentTerms,
                                               bm25: documentScores, cost: cost, budget: budget - protectedCost)
        let documentRank = Dictionary(uniqueKeysWithValues: documentOrder.enumerated().map { ($0.element, $0.offset) })
        // Documents best first: the chosen pair, and any document at least
        // half as relevant as the best, is kept whole when it fits; another
        // document gives its sentences by their own score (so the best
        // sentence of a long relevant document beats a short irrelevant
        // document), and the next documents get what is left. Then the
        // remaining sentences by their own score, then their document's
        // rank. The budget loop in `compress` keeps this order.
        var order: [Int] = []
        var room = budget - protectedCost
        let wholeFrom = 0.5 * (relevance.max() ?? 0)
        for (position, documentIndex) in documentOrder.enumerated() {
            if cost[documentIndex] <= room && (relevance[documentIndex] >= wholeFrom || (paired && position < 2)) {
                order.append(contentsOf: sentencesOf[documentIndex])
                room -= cost[documentIndex]
                continue
            }
            for sentence in sentencesOf[documentIndex].sorted(by: { (sentenceScores[$0], -$0) > (sentenceScores[$1], -$1) })
            where !alreadyDropped[sentence] && !document.isProtected(overlapping: document.sentences[sentence].range) {
                let tokens = document.sentences[sentence].tokens
                guard tokens <= room else { continue }
                order.append(sentence)
                room -= tokens
            }
        }
        let seen = Set(order)
        func key(_ i: Int) -> (Double, Double, Double) {
            (sentenceScores[i], -Double(documentRank[document.paragraphs[document.sentences[i].parent].parent]!), -Double(i))
        }
        let rest = sentenceScores.indices.filter { !seen.contains($0) }.sorted { key($0) > key($1) }
        order.append(contentsOf: rest)
        return order
    }

    /// The token budget of `options` for `document`, as `compress` computes it.
    func _budget(_ document: PromptDocument, options: CompressionOptions) -> Int {
        switch options.target {
        case let .tokens(count): return max(0, count)
        case let .ratio(ratio): return ratio >= 1 && ratio.isFinite ? Int((Double(document.tokens) / ratio).rounded(.down)) : document.tokens
        }
    }

    /// Documents, most relevant to the question first (`_DocumentPairRanking`).
    func _documentOrder(
        _ document: PromptDocument, words: [Word], vocabulary: inout _Vocabulary, query: [UInt8],
        documentTerms: [[Int]], bm25: [Double], cost: [Int], budget: Int
    ) throws(CompressionError) -> (order: [Int], scores: [Double], paired: Bool) {
        let stopwords = Stopwords(.english)
        var stopIDs = Set<Int>(), checked = Set<Int>()
        func id(_ bytes: [UInt8], _ word: Word) -> Int {
            // A possessive in the question is its noun: "Poison's" matches the title "Poison".
            var range = word.range
            if range.count > 2, bytes[range.upperBound - 1] | 0x20 == UInt8(ascii: "s"), bytes[range.upperBound - 2] == UInt8(ascii: "'") {
                range = range.lowerBound..<(range.upperBound - 2)
            } else if range.count > 4, bytes[range.upperBound - 1] | 0x20 == UInt8(ascii: "s"),
                bytes[(range.upperBound - 4)..<(range.upperBound - 1)].elementsEqual([0xE2, 0x80, 0x99]) {
                range = range.lowerBound..<(range.upperBound - 4)
            }
            let id = vocabulary.id(bytes[range])
            if checked.insert(id).inserted, let stopwords,
                stopwords.contains(String(decoding: bytes[range], as: UTF8.self), at: .full) {
                stopIDs.insert(id)
            }
            return id
        }
        let queryWords = try segmenter.words(in: query)
        let queryTerms = queryWords.filter(\.isWord).map { id(query, $0) }
        // The words of each document are the leading unigrams of its BM25
        // terms (`_Vocabulary.terms` lists unigrams, then pairs): counting
        // words is enough, with no second lookup of every word.
        var documents: [_DocumentPairRanking.Document] = []
        documents.reserveCapacity(document.documents.count)
        var scores = bm25
        var w = 0
        for (index, unit) in document.documents.enumerated() {
            let title = _titleRange(document.bytes, in: unit.range)
            var count = 0, titleCount = 0, bodyStart = 0
            while w < words.count && words[w].range.lowerBound < unit.range.lowerBound { w += 1 }
            while w < words.count && words[w].range.upperBound <= unit.range.upperBound {
                if words[w].isWord {
                    if words[w].range.upperBound <= title.upperBound {
                        titleCount += 1
                        // Stopwords are looked up for title words only (and the question's).
                        _ = id(document.bytes, words[w])
                    }
                    if words[w].range.lowerBound < title.upperBound { bodyStart += 1 }
                    count += 1
                }
                w += 1
            }
            // A document holding protected text (the question, `<keep>`
            // regions) stays whatever the ranking: it takes no part in it.
            if document.isProtected(overlapping: unit.range) {
                documents.append(_DocumentPairRanking.Document(words: [], title: [], body: [], cost: cost[index]))
                scores[index] = 0
                continue
            }
            let unigrams = Array(documentTerms[index].prefix(count))
            documents.append(_DocumentPairRanking.Document(
                words: unigrams, title: Array(unigrams.prefix(titleCount)), body: Array(unigrams.dropFirst(bodyStart)), cost: cost[index]))
        }
        var ranking = _DocumentPairRanking()
        ranking.linkWeight = secondHopWeight
        return ranking.order(documents, query: queryTerms, bm25: scores, budget: budget) { stopIDs.contains($0) }
    }

    /// Query-free order: distinct-word IDF over the square root of length,
    /// earlier sentences first on ties.
    func informationOrder(_ sentenceTerms: [[Int]]) -> [Int] {
        var documentFrequency: [Int: Int] = [:]
        for terms in sentenceTerms { for term in Set(terms) { documentFrequency[term, default: 0] += 1 } }
        let n = Double(sentenceTerms.count)
        let scores = sentenceTerms.map { terms -> Double in
            guard !terms.isEmpty else { return 0 }
            // Summed in term order: a Set's order differs between instances,
            // and so would the last bits of the sum.
            let information = Set(terms).sorted().reduce(0.0) { $0 + log(1 + n / Double(documentFrequency[$1]!)) }
            return information / Double(terms.count).squareRoot()
        }
        return scores.indices.sorted { (scores[$0], -$0) > (scores[$1], -$1) }
    }
}
