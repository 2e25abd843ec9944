import Dispatch
import PromptTokenizer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one part of `bm25Scores`'s scan found, per unit of `units`: the number
/// of words, the key for finding repeats, the (term slot, frequency)
/// entries, and the words kept for the second hop.
struct UnitScan {
    let units: Range<Int>
    var words: [Int32] = []
    var keys: [UInt64] = []
    var entryStarts: [Int32] = [0]
    var entrySlots: [Int32] = []
    var entryFrequencies: [Int32] = []
    var stored: WordStore
    var storedStarts: [Int32] = [0]
}
