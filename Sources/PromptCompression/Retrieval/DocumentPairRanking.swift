#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Quality and performance notes (HotpotQA: the 500-question distractor
// sample at 4x, `RetrievalQualityTests`, "both kept" = both supporting
// paragraphs kept whole; NQ: NaturalQuestions, answer kept, 295 questions;
// the record of each figure is in docs/quality.md):
//
// Weights
// - Searched, not hand-tuned, because a coordinate search over every
//   candidate pair's features (steps of 0.5, then 0.25) chose the right pair
//   in 358 of 500 questions against 322 with hand-tuned weights (pairs from
//   the two best single documents).
// - Checked two-fold on the even and odd questions (the file is sorted by
//   question type, so its halves are not comparable): weights searched on
//   one half chose 6 and 16 more right pairs on the other than the
//   hand-tuned ones.
//
// Choices
// - One anchor (the best single document is in the first pair), because two
//   anchors chose more right pairs on HotpotQA (358 against 348) but lost
//   single-hop questions: `tersify bench` NQ-10 at 4x 98.5 % to 81.0 %, the
//   needle at 1,024 tokens 100 % to 88.1 %.
// - After the first pair, the documents of the next best pairs, not the
//   next by single score, because when the first pair is wrong the other
//   likely hops are there: both kept 384 against 370 (a chain of partners
//   of the chosen documents: 383); NQ-20 292 to 291.
// - The documents kept whole are the set that fits with the most pair
//   weight (`bestSet`, `exp((score − best) / 0.25)`), not the first pair,
//   because three short documents holding the two likeliest pairs beat one
//   pair and part of a third: both kept 397 against 384. The temperature
//   hardly matters (0.05 to 1.0: 390 to 397). Its cost: `tersify bench`
//   NQ-20 at 8x keeps the answer in 193 of 200 instead of 195.
// - Pairs under `minimumSetWeight` (0.001) add nothing to a set, because
//   otherwise any document that fitted joined it: both kept 402 either
//   way, NQ-10 291 against 290; a floor of 0.01 gave 400, 0.03 398.
// - No phrase bonus for a title found only inside a longer one ("Galata" in
//   "Galata Bridge"): both kept 402 against 399.
// - At most 10 set candidates, because 12 cost the essays benchmark's
//   ranking about 0.25 ms more than 8, for the same 402 (8: 400).
//
// Time and memory
// - Bit sets of the 24 pool documents' words, not `Set<Int>`, because
//   18,000 SipHash inserts were a quarter of the ranking: 2.1 to 1.4 ms.
// - Document frequencies by a mark a word, and sets only for the pool,
//   because a `Set` of every document's words cost several times the input
//   at a 4x ratio.

/// Lexical multi-hop ranking of documents: chooses the best *pair* of
/// documents for a question, then ranks the rest by the pairs they make.
///
/// Multi-hop questions (HotpotQA) need two passages: a bridge question
/// leads from a passage the question describes to the passage named in it
/// (the bridge entity is the second passage's title), a comparison question
/// names both passages' subjects. Ranking documents one by one on the
/// question's words finds the first passage, rarely the second, so each
/// pair (the best single document and a partner) is scored as a whole:
///
///     pair(i, j) = anchorWeight · bm25(i) + partnerWeight · bm25(j)   question words, normalized
///                                                            to the best; i ranks above j alone
///                + titleWeight · (title(i) + title(j))      title words found in the question
///                + linkWeight · max(link(i→j), link(j→i))   one's title in the other's text
///                + coverageWeight · coverage(i ∪ j)         IDF share of question words either holds
///                + complementWeight · min(only(i), only(j))  both hold question words the other lacks
///                + anchoredLinkWeight · max(min(title(i), 1) · link(i→j), …)  a link from a named document
///                − overlapPenalty · jaccard(titles of i, j)  near-namesakes are rarely the two hops
///
/// A document's title is the text before the first `": "` of its first
/// line, or its first line when more lines follow; a trailing parenthesis
/// ("Kiss and Tell (1945 film)") is left out. `title(i)` is the
/// IDF-weighted share of the title's content words that the question holds,
/// plus `phraseWeight` when the whole title appears in it, and not only
/// inside a longer title that appears there too. `link(i→j)` is 1
/// when j's title appears in i's text, else half the IDF-weighted share of
/// j's title words that i holds. IDF is taken over the documents themselves.
///
/// `only(i)` is the IDF share of the question's words that i holds and j
/// does not.
///
/// The weights come from a coordinate search over the features of every
/// candidate pair of the HotpotQA sample, checked two-fold on its even- and
/// odd-numbered questions (see the notes above).
struct DocumentPairRanking {
    /// Weight of the question score of the pair's document that ranks higher alone.
    var anchorWeight = 2.0
    /// Weight of the question score of the other.
    var partnerWeight = 0.5
    var titleWeight = 0.5
    var linkWeight = 0.5
    var coverageWeight = 1.75
    /// Weight of the smaller of the two shares of the question that only
    /// one of the pair holds: two hops each answer part of the question.
    var complementWeight = 0.5
    var phraseWeight = 1.0
    /// Penalty for a pair whose titles share content words (Jaccard): two
    /// near-namesakes ("Lempster" and "East Lempster") both match the
    /// question, but the second hop is usually a different entity.
    var overlapPenalty = 1.5
    /// Weight of a link from a document the question names (its title
    /// score, at most 1) to the other: the first hop of a bridge question.
    var anchoredLinkWeight = 0.25
    /// Pairs are searched among this many documents, best single score first.
    var candidates = 24
    /// One of the pair is among this many documents, best single score first.
    var anchors = 1
    /// A pair's weight in the choice of the documents kept whole is
    /// `exp((score − best pair's score) / setTemperature)`.
    var setTemperature = 0.25
    /// Pairs of less weight bring no document into that choice and add
    /// nothing to a set's weight.
    var minimumSetWeight = 0.001
    /// The choice is among at most this many documents (2^n sets).
    var maximumSetCandidates = 10
    /// The documents' scores from serving code's retriever, scaled to
    /// 0...1 (`PassageScores`), and their weight: each document's own score
    /// and each pair's score become `(1 - w) · ours + w · theirs` (a pair's
    /// theirs is its two documents' mean), ours scaled to 0...1 over the
    /// documents or the pairs and the blend scaled back to ours' range.
    var passageScores: [Double]? = nil
    var passageWeight = 0.0

    /// The words of one document: a run of a flat array of word identifiers.
    struct Document {
        /// All words, title included: indices into the identifiers.
        var words: Range<Int>
        /// The title's words (without a trailing parenthesis) are the first
        /// `titleCount` of `words`; none when there is no title.
        var titleCount: Int
        /// The words after the title are those of `words` from `bodyStart` on.
        var bodyStart: Int
        /// Estimated tokens of what is left of the document.
        var cost: Int
    }

    /// Document indices, most relevant first: the set of documents to keep
    /// whole (`bestSet`; it holds the best single document) when a pair
    /// fits in `budget`, then the documents of the best pairs of the pool,
    /// then the others by single score;
    /// each document's single score (question words and title); and how
    /// many of the first documents are to be kept whole when they fit (0
    /// when no pair was chosen).
    ///
    /// - Parameters:
    ///   - ids: The word identifiers the documents' runs index, each below `wordCount`.
    ///   - bm25: Each document's BM25 score for the question.
    ///   - isStopword: Whether a term carries no content (weight 0).
    ///
    /// Document frequencies are counted over the runs with a mark a word
    /// (the last document that counted it); the bit sets of a document's
    /// words and body words are built only for the `candidates` documents
    /// the pairs are chosen from.
    func order(
        _ documents: [Document], ids: [UInt32], wordCount: Int, query: [Int], bm25: [Double], budget: Int, isStopword: (Int) -> Bool
    ) -> (order: [Int], scores: [Double], whole: Int) {
        let n = documents.count
        guard n > 0 else { return ([], [], 0) }
        var documentFrequency = [Int32](repeating: 0, count: wordCount)
        do {
            var seen = [Int32](repeating: -1, count: wordCount)
            for (index, document) in documents.enumerated() {
                for k in document.words {
                    let term = Int(ids[k])
                    if seen[term] != Int32(index) {
                        seen[term] = Int32(index)
                        documentFrequency[term] += 1
                    }
                }
            }
        }
        func idf(_ term: Int) -> Double {
            if isStopword(term) { return 0 }
            let df = Double(term < wordCount ? documentFrequency[term] : 0)
            return log(1 + (Double(n) - df + 0.5) / (df + 0.5))
        }
        func title(_ i: Int) -> [Int] {
            let start = documents[i].words.lowerBound
            return ids[start..<(start + documents[i].titleCount)].map { Int($0) }
        }
        func body(_ i: Int) -> [Int] {
            ids[(documents[i].words.lowerBound + documents[i].bodyStart)..<documents[i].words.upperBound].map { Int($0) }
        }
        let top = max(bm25.max() ?? 0, 1e-9)
        let querySet = Set(query)
        let titles = documents.indices.map(title)
        // Where each title occurs in the question, as spans of its terms.
        let titleSpans = titles.map { title -> [Range<Int>] in
            guard !title.isEmpty, title.count <= query.count else { return [] }
            return (0...(query.count - title.count)).filter { query[$0..<($0 + title.count)].elementsEqual(title) }
                .map { $0..<($0 + title.count) }
        }
        var longerSpans: [Range<Int>] = []
        for spans in titleSpans { longerSpans += spans }
        let titleScores = documents.indices.map { index -> Double in
            let title = titles[index]
            guard !title.isEmpty else { return 0 }
            var content = title.filter { !isStopword($0) }
            if content.isEmpty { content = title }
            var total = 0.0, hit = 0.0
            for term in content {
                let weight = idf(term) + 1e-3
                total += weight
                if querySet.contains(term) { hit += weight }
            }
            let spans = titleSpans[index]
            // A title found only inside a longer one is not named: "Are
            // Kalenderhane Mosque and Galata Bridge both located in Istanbul?"
            // names "Galata Bridge", not "Galata".
            let named = spans.contains { span in
                !longerSpans.contains { $0.count > span.count && $0.lowerBound <= span.lowerBound && span.upperBound <= $0.upperBound }
            }
            return hit / total + (named ? phraseWeight : 0)
        }
        var single = (0..<n).map { bm25[$0] / top + titleWeight * titleScores[$0] }
        let blend = min(max(passageWeight, 0), 1)
        if let passageScores {
            let high = max(single.max() ?? 0, 1e-9)
            single = single.indices.map { high * ((1 - blend) * single[$0] / high + blend * passageScores[$0]) }
        }
        let byScore = (0..<n).sorted { (single[$0], -$0) > (single[$1], -$1) }
        guard n > 1 else { return (byScore, single, 0) }

        let pool = Array(byScore.prefix(candidates))
        // The sets of the pool's documents, by position in the pool.
        let poolTitles = pool.map { titles[$0] }
        let poolBodies = pool.map(body)
        // Each pool document's words and body words as bit sets over the
        // identifiers (see the notes at the top).
        let stride = (wordCount + 63) >> 6
        var wordBits = [UInt64](repeating: 0, count: pool.count * stride)
        var bodyBits = [UInt64](repeating: 0, count: pool.count * stride)
        for (a, index) in pool.enumerated() {
            for k in documents[index].words {
                let term = Int(ids[k])
                wordBits[a * stride + term >> 6] |= 1 << UInt64(term & 63)
            }
            for term in poolBodies[a] { bodyBits[a * stride + term >> 6] |= 1 << UInt64(term & 63) }
        }
        /// Whether the words (or body words) of pool document `a` hold `term`.
        func has(_ bits: [UInt64], _ a: Int, _ term: Int) -> Bool {
            term >= 0 && term < wordCount && bits[a * stride + term >> 6] & 1 << UInt64(term & 63) != 0
        }
        // Each pool title's content words (stopwords out) with their IDF,
        // for `link`, and distinct and sorted, for `overlap`: every pair of
        // the pool is scored, and filtering titles and building `Set`s a
        // pair cost the essays benchmark's ranking about a fifth of its time.
        let titleContent = poolTitles.map { $0.filter { !isStopword($0) } }
        let titleContentIDF = titleContent.map { $0.map(idf) }
        let titleSets = titleContent.map { Array(Set($0)).sorted() }
        func link(_ i: Int, _ j: Int) -> Double {
            let title = poolTitles[j]
            guard !title.isEmpty else { return 0 }
            // The phrase is looked for only when the body holds every word of it.
            if title.allSatisfy({ has(bodyBits, i, $0) }) && containsPhrase(poolBodies[i], title) { return 1 }
            guard !titleContent[j].isEmpty else { return 0 }
            // IDF-weighted: a title of common words ("Document [1]") links nothing.
            var total = 0.0, found = 0.0
            for (term, weight) in zip(titleContent[j], titleContentIDF[j]) {
                total += weight
                if has(bodyBits, i, term) { found += weight }
            }
            return total > 0 ? 0.5 * found / total : 0
        }
        /// The Jaccard similarity of two pool titles' content words.
        func overlap(_ i: Int, _ j: Int) -> Double {
            let (x, y) = (titleSets[i], titleSets[j])
            var p = 0, q = 0, shared = 0
            while p < x.count && q < y.count {
                if x[p] == y[q] {
                    shared += 1
                    p += 1
                    q += 1
                } else if x[p] < y[q] {
                    p += 1
                } else {
                    q += 1
                }
            }
            let union = x.count + y.count - shared
            return union == 0 ? 0 : Double(shared) / Double(union)
        }
        let queryContent = Array(Set(query.filter { !isStopword($0) })).sorted()
        let queryWeight = max(queryContent.reduce(0.0) { $0 + idf($1) }, 1e-9)
        let queryIDF = queryContent.map(idf)
        /// The score of the pair of pool documents `a` and `b` (`a` before
        /// `b`, so `a` ranks higher alone); nil when the two do not fit in
        /// the budget together, or when `b` is neither relevant on its own
        /// (half of `a`'s score) nor linked to `a`: a short unrelated
        /// paragraph (the instructions of a prompt) is no second hop.
        func pairScore(_ a: Int, _ b: Int) -> Double? {
            let i = pool[a], j = pool[b]
            guard documents[i].cost + documents[j].cost <= budget else { return nil }
            var covered = 0.0, onlyI = 0.0, onlyJ = 0.0
            for (term, weight) in zip(queryContent, queryIDF) {
                let inI = has(wordBits, a, term), inJ = has(wordBits, b, term)
                if inI || inJ { covered += weight }
                if inI && !inJ { onlyI += weight }
                if inJ && !inI { onlyJ += weight }
            }
            let (forward, backward) = (link(a, b), link(b, a))
            guard single[j] >= 0.5 * single[i] || max(forward, backward) >= 0.25 else { return nil }
            let anchored = max(min(titleScores[i], 1) * forward, min(titleScores[j], 1) * backward)
            return anchorWeight * bm25[i] / top + partnerWeight * bm25[j] / top + titleWeight * (titleScores[i] + titleScores[j])
                + linkWeight * max(forward, backward) + anchoredLinkWeight * anchored
                + coverageWeight * covered / queryWeight + complementWeight * min(onlyI, onlyJ) / queryWeight
                - overlapPenalty * overlap(a, b)
        }
        // Every pair of the pool, best first (ties: pool order).
        var pairs: [(score: Double, a: Int, b: Int)] = []
        pairs.reserveCapacity(pool.count * (pool.count - 1) / 2)
        for a in 0..<pool.count {
            for b in (a + 1)..<pool.count {
                if let score = pairScore(a, b) { pairs.append((score, a, b)) }
            }
        }
        if let passageScores, let low = pairs.map(\.score).min(), let high = pairs.map(\.score).max() {
            let range = max(high - low, 1e-9)
            for k in pairs.indices {
                let theirs = (passageScores[pool[pairs[k].a]] + passageScores[pool[pairs[k].b]]) / 2
                pairs[k].score = low + range * ((1 - blend) * (pairs[k].score - low) / range + blend * theirs)
            }
        }
        pairs.sort { ($0.score, -$0.a, -$0.b) > ($1.score, -$1.a, -$1.b) }
        // The best single document is always one of the first pair: the
        // pair chooses its partner (one anchor, see the notes at the top).
        // With two, a pair of the second and third document often left out
        // the best one on single-hop questions and plain text. `a` and `b`
        // are positions in the pool.
        guard let first = pairs.first(where: { $0.a < anchors }) else { return (byScore, single, 0) }
        // Then the documents of the next best pairs, whatever their anchor:
        // when the first pair is wrong, the budget's room after it holds the
        // halves of other likely pairs rather than the next documents by
        // their own score.
        var order = [pool[first.a], pool[first.b]]
        var taken = [Bool](repeating: false, count: n)
        taken[pool[first.a]] = true
        taken[pool[first.b]] = true
        for pair in pairs {
            for document in [pool[pair.a], pool[pair.b]] where !taken[document] {
                order.append(document)
                taken[document] = true
            }
        }
        order += byScore.filter { !taken[$0] }
        // The documents kept whole: the set that fits and holds the most
        // pair weight (the anchor always in it), not just the first pair.
        let bestScore = pairs[0].score
        func weight(_ pair: (score: Double, a: Int, b: Int)) -> Double {
            let weight = exp((pair.score - bestScore) / setTemperature)
            return weight >= minimumSetWeight ? weight : 0
        }
        var candidates = [0]  // pool positions, the anchor first
        var candidateOf = [Int](repeating: -1, count: pool.count)
        candidateOf[0] = 0
        for pair in pairs {
            guard weight(pair) > 0 else { break }
            for position in [pair.a, pair.b] where candidateOf[position] < 0 && candidates.count < maximumSetCandidates {
                candidateOf[position] = candidates.count
                candidates.append(position)
            }
        }
        let m = candidates.count
        var weights = [Double](repeating: 0, count: m * m)
        for pair in pairs {
            let (x, y) = (candidateOf[pair.a], candidateOf[pair.b])
            guard x >= 0 && y >= 0 else { continue }
            weights[x * m + y] = weight(pair)
            weights[y * m + x] = weights[x * m + y]
        }
        let set = Self.bestSet(weights: weights, costs: candidates.map { documents[pool[$0]].cost }, budget: budget)
        let whole = Set(set.map { pool[candidates[$0]] })
        guard whole.count >= 2 else { return (order, single, 2) }
        let kept = order.filter { whole.contains($0) }
        return (kept + order.filter { !whole.contains($0) }, single, kept.count)
    }

    /// The set of candidates whose costs fit in `budget` with the largest
    /// sum of pairwise weights, always holding candidate 0 (the anchor);
    /// ties go to the cheaper set, then the one of lower indices.
    ///
    /// - Parameters:
    ///   - weights: A symmetric `n × n` matrix, row-major; the diagonal is unused.
    ///   - costs: Each candidate's cost; `n` is their number, at most 20.
    /// - Returns: Candidate indices, increasing; `[0]` when no pair fits, and
    ///   empty when candidate 0 alone does not.
    /// - Complexity: O(2ⁿ · n): a set's weight is that of the set without its
    ///   lowest member plus that member's weights to the rest.
    static func bestSet(weights: [Double], costs: [Int], budget: Int) -> [Int] {
        let n = costs.count
        precondition(n <= 20 && weights.count == n * n, "bestSet: at most 20 candidates and an n × n matrix")
        guard n > 0, costs[0] <= budget else { return [] }
        var value = [Double](repeating: 0, count: 1 << n)
        var cost = [Int](repeating: 0, count: 1 << n)
        var best = 1
        for mask in 1..<(1 << n) {
            let low = mask.trailingZeroBitCount
            let rest = mask & (mask - 1)
            cost[mask] = cost[rest] + costs[low]
            var total = value[rest]
            var bits = rest
            while bits != 0 {
                total += weights[low * n + bits.trailingZeroBitCount]
                bits &= bits - 1
            }
            value[mask] = total
            guard mask & 1 != 0, cost[mask] <= budget else { continue }
            if value[mask] > value[best] || (value[mask] == value[best] && cost[mask] < cost[best]) { best = mask }
        }
        return (0..<n).filter { best & (1 << $0) != 0 }
    }
}

/// The title of a document's bytes: the text before the first `": "` of the
/// first line (within 160 bytes), else the first line when more lines
/// follow and it is short; a trailing parenthesis is left out. Empty when
/// there is none.
func titleRange(_ bytes: [UInt8], in range: Range<Int>) -> Range<Int> {
    // The first line's end by `memchr`: a passage is often one long line.
    let lineEnd = bytes.withUnsafeBufferPointer { buffer -> Int in
        guard let base = buffer.baseAddress, !range.isEmpty,
              let found = memchr(base + range.lowerBound, Int32(UInt8(ascii: "\n")), range.count) else { return range.upperBound }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
    }
    var end = range.lowerBound
    var colon = -1
    while end + 1 < min(lineEnd, range.lowerBound + 160) {
        if bytes[end] == UInt8(ascii: ":") && bytes[end + 1] == UInt8(ascii: " ") {
            colon = end
            break
        }
        end += 1
    }
    var titleEnd: Int
    if colon >= 0 {
        titleEnd = colon
    } else if lineEnd < range.upperBound && lineEnd - range.lowerBound <= 120 {
        titleEnd = lineEnd
    } else {
        return range.lowerBound..<range.lowerBound
    }
    // Drop a trailing "(…)" qualifier.
    var last = titleEnd - 1
    while last > range.lowerBound && bytes[last] == UInt8(ascii: " ") { last -= 1 }
    if last > range.lowerBound && bytes[last] == UInt8(ascii: ")") {
        var open = last - 1
        while open > range.lowerBound && bytes[open] != UInt8(ascii: "(") { open -= 1 }
        if open > range.lowerBound && bytes[open] == UInt8(ascii: "(") { titleEnd = open }
    }
    return range.lowerBound..<titleEnd
}
