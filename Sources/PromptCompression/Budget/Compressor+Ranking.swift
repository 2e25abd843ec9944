#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Compressor {
    /// Sentence indices, most useful first.
    func rank(_ document: PromptDocument, options: CompressionOptions) throws(CompressionError) -> [Int] {
        let words = try segmenter.words(in: document.bytes)
        var vocabulary = _Vocabulary()
        let sentenceTerms = document.sentences.map { vocabulary.terms(document.bytes, words, in: $0.range) }
        guard let query = options.query, !query.isEmpty else {
            return informationOrder(sentenceTerms)
        }
        let queryBytes = Array(query.utf8)
        let queryTerms = vocabulary.terms(queryBytes, try segmenter.words(in: queryBytes), in: 0..<queryBytes.count)
        // A document's first sentence (often its title) counts twice.
        var firstSentence = [Int](repeating: -1, count: document.documents.count)
        for (index, sentence) in document.sentences.enumerated().reversed() {
            firstSentence[document.paragraphs[sentence.parent].parent] = index
        }
        let documentTerms = document.documents.indices.map { index in
            vocabulary.terms(document.bytes, words, in: document.documents[index].range)
                + (firstSentence[index] >= 0 ? sentenceTerms[firstSentence[index]] : [])
        }
        let documentScores = options.bm25.scores(units: documentTerms, query: queryTerms)
        let sentenceScores = options.bm25.scores(units: sentenceTerms, query: queryTerms)

        // Coarse: documents by score; fine: sentences by their score, then their document's.
        // Two hops: a question often needs a document that the best one
        // leads to (a bridge entity), so the others are ranked again with
        // the best document's words added to the question, at a lower weight.
        var documentOrder = documentScores.indices.sorted { (documentScores[$0], -$0) > (documentScores[$1], -$1) }
        if let best = documentOrder.first, documentScores[best] > 0, documentOrder.count > 2 {
            let hop = options.bm25.scores(units: documentTerms, query: Array(Set(documentTerms[best])))
            let top = documentScores.max() ?? 1, topHop = hop.enumerated().filter { $0.offset != best }.map(\.element).max() ?? 1
            func combined(_ i: Int) -> Double {
                i == best ? .infinity : documentScores[i] / max(top, 1e-9) + secondHopWeight * hop[i] / max(topHop, 1e-9)
            }
            documentOrder = documentScores.indices.sorted { (combined($0), -$0) > (combined($1), -$1) }
        }
        let documentRank = Dictionary(uniqueKeysWithValues: documentOrder.enumerated().map { ($0.element, $0.offset) })
        var sentencesOf = [[Int]](repeating: [], count: document.documents.count)
        for (index, sentence) in document.sentences.enumerated() {
            sentencesOf[document.paragraphs[sentence.parent].parent].append(index)
        }
        // Whole documents first, best first: their sentences in text order
        // (a passage is kept whole when it fits); the budget loop skips what
        // does not fit, so the remainder goes to single sentences below.
        var order: [Int] = []
        for documentIndex in documentOrder where documentScores[documentIndex] > 0 {
            order.append(contentsOf: sentencesOf[documentIndex])
        }
        var seen = Set(order)
        let rest = sentenceScores.indices.filter { !seen.contains($0) }.sorted {
            (sentenceScores[$0], -Double(documentRank[document.paragraphs[document.sentences[$0].parent].parent]!), -Double($0))
                > (sentenceScores[$1], -Double(documentRank[document.paragraphs[document.sentences[$1].parent].parent]!), -Double($1))
        }
        order.append(contentsOf: rest)
        seen.formUnion(rest)
        return order
    }

    /// Query-free order: distinct-word IDF over the square root of length,
    /// earlier sentences first on ties.
    func informationOrder(_ sentenceTerms: [[Int]]) -> [Int] {
        var documentFrequency: [Int: Int] = [:]
        for terms in sentenceTerms { for term in Set(terms) { documentFrequency[term, default: 0] += 1 } }
        let n = Double(sentenceTerms.count)
        let scores = sentenceTerms.map { terms -> Double in
            guard !terms.isEmpty else { return 0 }
            let information = Set(terms).reduce(0.0) { $0 + log(1 + n / Double(documentFrequency[$1]!)) }
            return information / Double(terms.count).squareRoot()
        }
        return scores.indices.sorted { (scores[$0], -$0) > (scores[$1], -$1) }
    }
}
