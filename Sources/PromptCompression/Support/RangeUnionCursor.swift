/// Whether offsets, asked in an order that never goes back, fall inside the
/// union of several lists of ranges, each sorted by lower bound (they may
/// overlap or nest), without merging the lists into one.
///
/// An offset is covered when a range starting at or before it ends after
/// it: the cursor keeps the furthest end of the ranges taken in so far.
struct RangeUnionCursor {
    private var reach = Int.min
    private var positions: [Int]
    private var lastOffset = Int.min

    init(lists: Int) {
        positions = Array(repeating: 0, count: lists)
    }

    /// Takes in the ranges of list `list` (`count` of them, the `i`th
    /// given by `range(i)`) that start at or before `offset`.
    mutating func take(_ list: Int, upTo offset: Int, count: Int, range: (Int) -> Range<Int>) {
        assert(offset >= lastOffset, "offsets asked out of order")
        lastOffset = offset
        var position = positions[list]
        var previous = Int.min
        while position < count {
            let next = range(position)
            assert(next.lowerBound >= previous, "a list not sorted by lower bound")
            previous = next.lowerBound
            guard next.lowerBound <= offset else { break }
            if !next.isEmpty { reach = max(reach, next.upperBound) }
            position += 1
        }
        positions[list] = position
    }

    /// Whether `offset` is inside a range taken in (call `take` for every
    /// list up to `offset` first).
    func covers(_ offset: Int) -> Bool { reach > offset }
}
