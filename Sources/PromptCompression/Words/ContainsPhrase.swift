#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether `phrase` occurs as consecutive terms in `terms`.
func containsPhrase(_ terms: [Int], _ phrase: [Int]) -> Bool {
    guard !phrase.isEmpty, phrase.count <= terms.count else { return false }
    var start = 0
    while start + phrase.count <= terms.count {
        if terms[start] == phrase[0] && terms[start..<(start + phrase.count)].elementsEqual(phrase) { return true }
        start += 1
    }
    return false
}
