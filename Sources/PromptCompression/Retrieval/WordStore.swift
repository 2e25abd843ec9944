import Dispatch
import PromptTokenizer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Scan 1's word hashes while it runs: appending to an `Array` checked the
/// buffer's uniqueness at every word (a call, about a fifth of scan 1's
/// instructions a word on the essays benchmark).
struct WordStore {
    private(set) var base: UnsafeMutablePointer<UInt32>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    @inline(__always)
    mutating func append(_ word: UInt32) {
        if count == capacity { grow() }
        base[count] = word
        count &+= 1
    }

    @inline(never)
    mutating func grow() {
        let grown = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity * 2)
        grown.moveInitialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity *= 2
    }

    /// Forgets the words from `count` on.
    mutating func truncate(to count: Int) {
        precondition(count <= self.count)
        self.count = count
    }

    func array() -> [UInt32] { Array(UnsafeBufferPointer(start: base, count: count)) }

    func deallocate() { base.deallocate() }
}
