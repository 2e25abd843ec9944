import Dispatch
import PromptTokenizer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Calls `body` with each term of a unit's words: each word's hash, then
/// (interleaved) the hash of each pair of neighbouring words, the terms of
/// `RankingVocabulary.terms`.
@inline(__always)
func forEachTerm<Words: WordSource>(_ words: Words, _ body: (UInt64) -> Void) {
    var words = words
    var previous: UInt64 = 0
    var first = true
    while let word = words.next() {
        body(word & ~1)
        if !first { body(pairTerm(previous, word)) }  // pairs are odd, words even
        previous = word
        first = false
    }
}

/// Where the BM25 scans read a unit's word hashes: the text (`WordCursor`)
/// or the words scan 1 kept (`StoredWordCursor`).
protocol WordSource: SendableMetatype {
    mutating func next() -> UInt64?
    /// Gives the words their stems' hashes from `memo` (text only: kept
    /// words are stemmed already).
    mutating func useStems(_ memo: StemMemo)
}

extension WordCursor: WordSource {
    mutating func useStems(_ memo: StemMemo) { stems = memo }
}
