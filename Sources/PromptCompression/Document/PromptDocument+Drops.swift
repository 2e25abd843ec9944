extension PromptDocument {
    /// Why a span was dropped: the pass and a short explanation.
    public struct DropReason: Sendable, Hashable {
        public var pass: String
        public var detail: String
        public init(pass: String, detail: String) {
            self.pass = pass
            self.detail = detail
        }
    }

    /// A dropped byte range and its reason.
    public struct Drop: Sendable, Hashable {
        public var range: Range<Int>
        public var reason: DropReason
    }

    /// Marks bytes to leave out of the output.
    ///
    /// Refused (returns false, marks nothing) when the range is empty, outside
    /// the input, or overlaps a protected range.
    ///
    /// - Complexity: O(log p) for p protected ranges.
    @discardableResult
    public mutating func drop(_ range: Range<Int>, reason: DropReason) -> Bool {
        guard !range.isEmpty, range.lowerBound >= 0, range.upperBound <= bytes.count,
            !isProtected(overlapping: range)
        else { return false }
        drops.append(Drop(range: range, reason: reason))
        return true
    }

    /// Whether any protected byte lies in `range`.
    public func isProtected(overlapping range: Range<Int>) -> Bool {
        // First protected range ending after range.lowerBound.
        var low = 0, high = protected.count
        while low < high {
            let mid = (low + high) / 2
            if protected[mid].upperBound <= range.lowerBound { low = mid + 1 } else { high = mid }
        }
        return low < protected.count && protected[low].lowerBound < range.upperBound
    }

    /// Whether a unit is already entirely dropped.
    public func isDropped(_ range: Range<Int>) -> Bool {
        var covered = range.lowerBound
        for drop in _mergedDrops() where drop.lowerBound <= covered && drop.upperBound > covered {
            covered = drop.upperBound
            if covered >= range.upperBound { return true }
        }
        return range.isEmpty
    }

    /// The byte ranges left out of the output: drops and markers, sorted and merged.
    public func removedRanges() -> [Range<Int>] {
        _normalized(drops.map(\.range) + markers, within: bytes.count)
    }

    private func _mergedDrops() -> [Range<Int>] { _normalized(drops.map(\.range), within: bytes.count) }

    /// The output: the input without the removed ranges.
    ///
    /// - Complexity: O(n).
    public func render() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var position = 0
        for range in removedRanges() {
            output.append(contentsOf: bytes[position..<range.lowerBound])
            position = range.upperBound
        }
        output.append(contentsOf: bytes[position...])
        return output
    }
}
