import Dispatch
import PromptTokenizer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `count` items cut into at most `parts` non-empty runs of about the same
/// total `weight`, in order (`WorkShare.runShared`'s parts).
func balancedCuts(_ count: Int, parts: Int, weight: (Int) -> Int) -> [Range<Int>] {
    guard count > 0 else { return [] }
    let parts = max(1, min(parts, count))
    var total = 0
    for index in 0..<count { total += weight(index) }
    var cuts: [Range<Int>] = []
    var start = 0, sum = 0
    for index in 0..<(count - 1) {
        sum += weight(index)
        // Part k closes once the running sum reaches k / parts of the total.
        if cuts.count < parts - 1 && sum * parts >= total * (cuts.count + 1) {
            cuts.append(start..<(index + 1))
            start = index + 1
        }
    }
    cuts.append(start..<count)
    return cuts
}
