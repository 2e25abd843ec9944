import Dispatch
import PromptTokenizer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The word hashes of each unit, as scan 1 read them, truncated to 32 bits
/// (a collision of two words is a 2^-32 event a pair; the hop's terms are
/// built from these same values).
///
///     words   w w w w | w w w | w w w w w ...    UInt32 each
///     starts  0         4       7          ...    units + 1 offsets
struct StoredWords {
    var words: [UInt32] = []
    var starts: [Int32] = [0]

    init(units: Int) {
        starts.reserveCapacity(units + 1)
    }
}
