/// A question's terms for BM25 over `RankingWords`: word identifiers and
/// the keys of its word pairs, in order, repeats included.
struct QueryTerms {
    var unigrams: [Int]
    var pairs: [UInt64]
}
