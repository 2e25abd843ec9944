import Dispatch
import PromptTokenizer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A unit's words from `StoredWords`, widened back to 64 bits.
struct StoredWordCursor: WordSource {
    let words: UnsafeBufferPointer<UInt32>
    var index: Int
    let end: Int

    @inline(__always)
    init(_ words: UnsafeBufferPointer<UInt32>, _ starts: [Int32], _ unit: Int) {
        self.words = words
        self.index = Int(starts[unit])
        self.end = Int(starts[unit + 1])
    }

    @inline(__always)
    mutating func next() -> UInt64? {
        guard index < end else { return nil }
        index &+= 1
        return UInt64(words[index &- 1])
    }

    func useStems(_ memo: StemMemo) {}
}
