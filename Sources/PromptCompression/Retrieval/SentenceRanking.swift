#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The order in which the fine stage keeps sentences.
///
/// With a question: BM25 over the words' stems ranks the documents (and the
/// best pair of them for a multi-hop question, `DocumentPairRanking`),
/// whole documents are kept best first while they fit, and the rest of the
/// budget goes to the best sentences of the others (their own score, then
/// their document's); code the question names and the list items that
/// define an option it names come first. Without a question, sentences are
/// ranked by information (`informationScores`) with their salience.
struct SentenceRanking {
    let segmenter: Segmenter
    /// Whether words are matched by their stems (`Compressor.stemming`).
    var stemming: Bool
    /// The language to stem in when already chosen (`.unknown` for none);
    /// nil to choose it from the question and the text.
    var stemmingLanguage: Language?
    /// `Compressor.secondHopWeight`.
    var secondHopWeight: Double
    /// BM25's parameters (`CompressionOptions.bm25`).
    var bm25 = BM25()
    /// How much the passages' own scores count (`CompressionOptions.retrieverWeight`).
    var retrieverWeight = 0.0

    /// Sentence indices, most useful first.
    ///
    /// - Parameters:
    ///   - query: The question; nil or empty to rank by information.
    ///   - budget: The token budget the order is for (whole documents are
    ///     chosen to fit it).
    func rank(_ document: PromptDocument, query: String?, budget: Int) throws(CompressionError) -> [Int] {
        let query = query.flatMap { $0.isEmpty ? nil : $0 }
        let queryBytes = Array((query ?? "").utf8)
        // With a question, words are matched by their stems, in the
        // language of the question and the text (the output is not stemmed).
        let stemmer: Stemmer?
        if query == nil || !stemming {
            stemmer = nil
        } else if let language = stemmingLanguage {
            stemmer = Stemmer(language)
        } else {
            stemmer = queryBytes.withUnsafeBufferPointer { query in
                document.bytes.withUnsafeBufferPointer { Stemmer.forRanking(query: query, text: $0) }
            }
        }
        var vocabulary = RankingVocabulary(stemmer: stemmer, query: queryBytes, segmenter: segmenter, textCount: document.bytes.count)
        // Option names the question holds (`--files-with-matches`) are terms of their own.
        let optionNames = OptionNames.ranges(in: queryBytes)
        // With a question, code's identifiers are matched by their parts too.
        let codeBlocks = query != nil ? document._code.blocks : []
        var words = try RankingWords(document, segmenter: segmenter, vocabulary: &vocabulary, titles: query != nil,
                                      optionNames: !optionNames.isEmpty, code: codeBlocks)
        let sentences = document.sentences
        guard query != nil else {
            return informationOrder(consume words, document: document, wordCount: vocabulary.wordCount,
                                    retrieverWeight: retrieverWeight)
        }
        let queryTerms = vocabulary.queryTerms(queryBytes, try segmenter.words(in: queryBytes), options: optionNames,
                                               identifierParts: !codeBlocks.isEmpty)
        words.resolveDeferred(&vocabulary)
        let documents = document.documents
        let paragraphs = document.paragraphs
        // A document's title (`titleRange`), else its first sentence, counts twice.
        var firstSentence = [Int](repeating: -1, count: documents.count)
        for (index, sentence) in sentences.enumerated().reversed() {
            firstSentence[paragraphs[sentence.parent].parent] = index
        }
        let documentScores = bm25._scores(
            unitCount: documents.count, ids: words.ids, wordCount: vocabulary.wordCount, query: queryTerms
        ) { index in
            let run = words.document(index)
            let lead = words.titleCount[index] > 0 || titleRange(document.bytes, in: documents[index].range).count > 0
                ? run.lowerBound..<(run.lowerBound + Int(words.titleCount[index]))
                : firstSentence[index] >= 0 ? words.sentence(firstSentence[index]) : 0..<0
            return (run, lead)
        }
        var sentenceScores = bm25._scores(
            unitCount: sentences.count, ids: words.ids, wordCount: vocabulary.wordCount, query: queryTerms
        ) { (words.sentence($0), 0..<0) }
        // The passages' own scores, when they came with them, blended in:
        // a sentence gets its passage's.
        let passageScores = document._passageScores
        if let passageScores {
            sentenceScores = PassageScores.blend(sentenceScores, weight: retrieverWeight, scores: passageScores) {
                sentences[$0].range.lowerBound
            }
        }

        // Coarse: documents, the best pair for the question first (multi-hop
        // questions need two passages, see `DocumentPairRanking`).
        let alreadyDropped = document.areDropped(sentences.map(\.range))
        var sentencesOf = [[Int]](repeating: [], count: documents.count)
        var cost = [Int](repeating: 0, count: documents.count)
        var protectedCost = 0
        for (index, sentence) in sentences.enumerated() {
            let parent = paragraphs[sentence.parent].parent
            sentencesOf[parent].append(index)
            if alreadyDropped[index] { continue }
            if document.isProtected(overlapping: sentence.range) {
                protectedCost += sentence.tokens
            } else {
                cost[parent] += sentence.tokens
            }
        }
        let (documentOrder, relevance, whole) = try orderDocuments(
            document, words: words, vocabulary: &vocabulary, query: queryBytes, optionNames: optionNames,
            identifierParts: !codeBlocks.isEmpty, bm25: documentScores,
            cost: cost, budget: budget - protectedCost,
            passageScores: passageScores.map { scores in documents.map { scores.score(at: $0.range.lowerBound) } },
            retrieverWeight: retrieverWeight)
        var documentRank = [Int](repeating: 0, count: documents.count)
        for (position, index) in documentOrder.enumerated() { documentRank[index] = position }
        // Documents best first: the chosen set (the first `whole`: the best
        // pair, or three or more documents holding the likeliest pairs), and
        // any document at least half as relevant as the best, is kept whole
        // when it fits; another document gives its sentences by their own
        // score (so the best sentence of a long relevant document beats a
        // short irrelevant document), and the next documents get what is
        // left. Then the remaining sentences by their own score, then their
        // document's rank. The budget loop in `compress` keeps this order.
        let code = document._code
        func isCode(_ documentIndex: Int) -> Bool {
            !code.isEmpty && sentencesOf[documentIndex].allSatisfy { code.units(ofBlock: paragraphs[sentences[$0].parent].range) != nil }
        }
        var order: [Int] = []
        var seen = [Bool](repeating: false, count: sentences.count)
        var room = budget - protectedCost
        // The declarations the question names come first, and the list
        // items that define an option it names.
        for index in declarationsNamed(in: queryBytes, document: document) + itemsNaming(queryBytes, document: document)
        where !alreadyDropped[index] && !seen[index] {
            order.append(index)
            seen[index] = true
            room -= sentences[index].tokens
        }
        let wholeFrom = 0.5 * (relevance.max() ?? 0)
        for (position, documentIndex) in documentOrder.enumerated() {
            if cost[documentIndex] <= room && (relevance[documentIndex] >= wholeFrom || position < whole) {
                order.append(contentsOf: sentencesOf[documentIndex])
                for sentence in sentencesOf[documentIndex] { seen[sentence] = true }
                room -= cost[documentIndex]
                continue
            }
            // Code gives its declarations by their own score, with the rest:
            // a file that names the question's words everywhere does not
            // crowd out the one declaration that answers it.
            if isCode(documentIndex) { continue }
            for sentence in sentencesOf[documentIndex].sorted(by: { (sentenceScores[$0], -$0) > (sentenceScores[$1], -$1) })
            where !alreadyDropped[sentence] && !document.isProtected(overlapping: sentences[sentence].range) {
                let tokens = sentences[sentence].tokens
                guard tokens <= room else { continue }
                order.append(sentence)
                seen[sentence] = true
                room -= tokens
            }
        }
        func key(_ i: Int) -> (Double, Double, Double) {
            (sentenceScores[i], -Double(documentRank[paragraphs[sentences[i].parent].parent]), -Double(i))
        }
        let rest = sentenceScores.indices.filter { !seen[$0] }.sorted { key($0) > key($1) }
        order.append(contentsOf: rest)
        return order
    }

    /// The code units that declare a name the question holds ("What does
    /// `parse` return?"), in text order: a declaration's name says what it
    /// is about better than its words, which BM25 weighs down in a long
    /// body, and prose that mentions the name would come first.
    func declarationsNamed(in query: [UInt8], document: PromptDocument) -> [Int] {
        let code = document._code
        guard !code.isEmpty else { return [] }
        let asked = CodeLayout.identifiers(query)
        let paragraphs = document.paragraphs
        var named: [Int] = []
        for (index, sentence) in document.sentences.enumerated() {
            guard code.units(ofBlock: paragraphs[sentence.parent].range) != nil,
                  !document.isProtected(overlapping: sentence.range) else { continue }
            if let name = CodeLayout.declaredName(document.bytes, sentence.range), name.count >= 3, asked.contains(name) {
                named.append(index)
            }
        }
        return named
    }

    /// The list items that define an option the question names
    /// (`ItemLayout.unitsNaming`), in text order: an option's entry answers
    /// "What does -I do?" better than the paragraphs that mention it.
    func itemsNaming(_ query: [UInt8], document: PromptDocument) -> [Int] {
        let items = document._items
        guard !items.isEmpty else { return [] }
        let named = items.unitsNaming(optionsOf: query, document.bytes)
        guard !named.isEmpty else { return [] }
        var result: [Int] = []
        var next = 0
        for (index, sentence) in document.sentences.enumerated() where next < named.count {
            while next < named.count && named[next].upperBound <= sentence.range.lowerBound { next += 1 }
            if next < named.count && named[next] == sentence.range && !document.isProtected(overlapping: sentence.range) {
                result.append(index)
            }
        }
        return result
    }

    /// Documents, most relevant to the question first (`DocumentPairRanking`).
    func orderDocuments(
        _ document: PromptDocument, words: RankingWords, vocabulary: inout RankingVocabulary, query: [UInt8],
        optionNames: [Range<Int>] = [], identifierParts: Bool = false, bm25: [Double], cost: [Int], budget: Int,
        passageScores: [Double]? = nil,
        retrieverWeight: Double = 0
    ) throws(CompressionError) -> (order: [Int], scores: [Double], whole: Int) {
        let stopwords = Stopwords(.english)
        var stopIDs = Set<Int>(), checked = Set<Int>()
        func id(_ bytes: [UInt8], _ word: Range<Int>) -> Int {
            // A possessive in the question is its noun: "Poison's" matches the title "Poison".
            var range = word
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
        var queryTerms: [Int] = []
        var option = 0
        for word in queryWords where word.isWord {
            queryTerms.append(id(query, word.range))
            // The question's option names, as the text's words hold them (`RankingWords`).
            while option < optionNames.count && optionNames[option].upperBound < word.range.upperBound { option += 1 }
            if option < optionNames.count && optionNames[option].upperBound == word.range.upperBound {
                let key = query.withUnsafeBufferPointer { OptionNames.key(UnsafeBufferPointer(rebasing: $0[optionNames[option]])) }
                queryTerms.append(vocabulary.id(key: key))
                option += 1
            }
            if identifierParts {
                for part in query.withUnsafeBufferPointer({ IdentifierParts.ranges(in: $0, word.range) }) {
                    queryTerms.append(id(query, part))
                }
            }
        }
        // The words of each document are its run of `words.ids`; the title's
        // are its first `titleCount`, the body's follow the first `bodyStart`.
        var documents: [DocumentPairRanking.Document] = []
        let units = document.documents
        documents.reserveCapacity(units.count)
        var scores = bm25
        var titleWord = 0
        for (index, unit) in units.enumerated() {
            // Stopwords are looked up for title words only (and the question's).
            for _ in 0..<Int(words.titleCount[index]) {
                _ = id(document.bytes, Int(words.titleWordBounds[2 * titleWord])..<Int(words.titleWordBounds[2 * titleWord + 1]))
                titleWord += 1
            }
            // A document holding protected text (the question, `<keep>`
            // regions) stays whatever the ranking: it takes no part in it.
            let run = words.document(index)
            if document.isProtected(overlapping: unit.range) {
                documents.append(DocumentPairRanking.Document(words: run.lowerBound..<run.lowerBound, titleCount: 0, bodyStart: 0, cost: cost[index]))
                scores[index] = 0
                continue
            }
            documents.append(DocumentPairRanking.Document(
                words: run, titleCount: Int(words.titleCount[index]), bodyStart: Int(words.bodyStart[index]), cost: cost[index]))
        }
        var ranking = DocumentPairRanking()
        ranking.linkWeight = secondHopWeight
        ranking.passageScores = passageScores
        ranking.passageWeight = retrieverWeight
        return ranking.order(documents, ids: words.ids, wordCount: vocabulary.wordCount, query: queryTerms, bm25: scores, budget: budget) {
            stopIDs.contains($0)
        }
    }

    /// Query-free order: information (`informationScores`) with the
    /// figures and names of each sentence added (`Salience`), and the
    /// text's first sentence weighted up; earlier sentences first on ties.
    ///
    /// Each figure adds `Salience.figureWeight` times, and each name
    /// `Salience.nameWeight` times, the IDF of a term found in one
    /// sentence only, over the same square root of the sentence's length.
    /// The first sentence (a title, a date line, the opening claim) counts
    /// `Salience.openingFactor` times.
    ///
    /// The words are freed once the scores are known, before the sort (12
    /// bytes a sentence and 4 a word that the order's 8 bytes a sentence
    /// and the sort's buffer came on top of).
    func informationOrder(_ words: consuming RankingWords, document: PromptDocument, wordCount: Int,
                          retrieverWeight: Double = 0) -> [Int] {
        let sentences = document.sentences
        var scores = informationScores(words, sentenceCount: sentences.count, wordCount: wordCount)
        let rarest = log(1 + Double(sentences.count))
        let bytes = document.bytes
        bytes.withUnsafeBufferPointer { buffer in
            for (index, sentence) in sentences.enumerated() {
                let run = words.sentence(index)
                guard !run.isEmpty else { continue }
                let salience = Salience(buffer, sentence.range)
                let bonus = Salience.figureWeight * Double(salience.figures) + Salience.nameWeight * Double(salience.names)
                scores[index] += bonus * rarest / Double(RankingWords.termCount(run)).squareRoot()
            }
        }
        if let first = scores.indices.first { scores[first] *= Salience.openingFactor }
        words.release()
        if let passageScores = document._passageScores {
            scores = PassageScores.blend(scores, weight: retrieverWeight, scores: passageScores) { sentences[$0].range.lowerBound }
        }
        return scores.indices.sorted { (scores[$0], -$0) > (scores[$1], -$1) }
    }

    /// The information of each sentence: the IDF of its distinct terms
    /// over the square root of its term count (0 for a sentence without words).
    ///
    /// A sentence's terms are its words and their neighbouring pairs
    /// (`RankingVocabulary.terms`); pairs get identifiers from a table in order
    /// of first appearance, as `RankingVocabulary` gives them, and the distinct
    /// terms of a sentence are summed in identifier order, so the scores
    /// are those of a `Set` of each sentence's terms, without the sets.
    func informationScores(_ words: RankingWords, sentenceCount: Int, wordCount: Int) -> [Double] {
        // Identifiers by first appearance, as `TermTable` gives them, in 4
        // bytes a slot and 8 an identifier (`DenseKeyTable`).
        var pairs = DenseKeyTable(capacity: 1024)
        // Document frequencies: the last sentence that counted a term marks it.
        var wordFrequency = [Int32](repeating: 0, count: wordCount)
        var wordSeen = [Int32](repeating: -1, count: wordCount)
        var pairFrequency: [Int32] = []
        // A sentence's pair identifiers, sorted to count each once (a mark
        // a pair, as for words, cost 4 bytes a distinct pair).
        var sentencePairs: [Int32] = []
        words.ids.withUnsafeBufferPointer { ids in
            for sentence in 0..<sentenceCount {
                let run = words.sentence(sentence)
                let mark = Int32(sentence)
                for k in run {
                    let id = Int(ids[k])
                    if wordSeen[id] != mark {
                        wordSeen[id] = mark
                        wordFrequency[id] += 1
                    }
                }
                guard run.count > 1 else { continue }
                sentencePairs.removeAll(keepingCapacity: true)
                for k in run.lowerBound..<(run.upperBound - 1) {
                    let key = pairKey(Int(ids[k]), Int(ids[k + 1]))
                    let (id, inserted) = pairs.idInserting(key)
                    if inserted { pairFrequency.append(0) }
                    sentencePairs.append(Int32(id))
                }
                sentencePairs.sort()
                var previous: Int32 = -1
                for id in sentencePairs where id != previous {
                    previous = id
                    pairFrequency[Int(id)] += 1
                }
            }
        }
        wordSeen = []
        let n = Double(sentenceCount)
        var scores = [Double](repeating: 0, count: sentenceCount)
        var terms: [Int] = []
        words.ids.withUnsafeBufferPointer { ids in
            for sentence in 0..<sentenceCount {
                let run = words.sentence(sentence)
                guard !run.isEmpty else { continue }
                // Words are identifiers from 0, pairs -(slot + 1), as `RankingVocabulary.terms` numbers them.
                terms.removeAll(keepingCapacity: true)
                for k in run { terms.append(Int(ids[k])) }
                for k in run.lowerBound..<(run.upperBound - 1) {
                    terms.append(-(pairs.id(of: pairKey(Int(ids[k]), Int(ids[k + 1]))) + 1))
                }
                terms.sort()
                // Summed in term order: the same order for every run, and so the same last bits.
                var information = 0.0
                var previous = Int.min
                for term in terms where term != previous {
                    previous = term
                    let frequency = term >= 0 ? wordFrequency[term] : pairFrequency[-term - 1]
                    information += log(1 + n / Double(frequency))
                }
                scores[sentence] = information / Double(RankingWords.termCount(run)).squareRoot()
            }
        }
        pairs = DenseKeyTable(capacity: 0)
        pairFrequency = []
        return scores
    }
}
