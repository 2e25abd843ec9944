/// A binary min-heap of `(rank << 32 | position)` keys: lowest rank first, then leftmost.
struct MinHeap {
    private let storage: UnsafeMutablePointer<UInt64>
    private let capacity: Int
    private var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        storage = .allocate(capacity: self.capacity)
    }

    func deallocate() { storage.deallocate() }

    mutating func push(_ key: UInt64) {
        precondition(count < capacity, "heap capacity exceeded")
        var i = count
        count += 1
        while i > 0 {
            let parent = (i - 1) >> 1
            if storage[parent] <= key { break }
            storage[i] = storage[parent]
            i = parent
        }
        storage[i] = key
    }

    mutating func pop() -> UInt64? {
        guard count > 0 else { return nil }
        let top = storage[0]
        count -= 1
        if count > 0 {
            let key = storage[count]
            var i = 0
            while true {
                var child = 2 * i + 1
                if child >= count { break }
                if child + 1 < count && storage[child + 1] < storage[child] { child += 1 }
                if key <= storage[child] { break }
                storage[i] = storage[child]
                i = child
            }
            storage[i] = key
        }
        return top
    }
}
