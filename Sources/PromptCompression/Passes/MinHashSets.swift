/// Sorts `values` by their high 32 bits, keeping the order of values whose
/// high halves are equal: a least-significant-digit radix sort, four passes
/// of 8 bits over one histogram, a pass skipped when every value has the
/// same byte there. The same order as `values.sort()` when values with equal
/// high halves already ascend. Near-dedup sorts one array of
/// `key << 32 | unit` a band. The histogram is an `Array` (see the notes at
/// the top of the file).
///
/// - Complexity: O(n), with `scratch` grown to `values.count`.
func sortByHighHalf(_ values: inout [UInt64], scratch: inout [UInt64]) {
    let n = values.count
    guard n > 1 else { return }
    if scratch.count < n { scratch = [UInt64](repeating: 0, count: n) }
    var histogram = [Int](repeating: 0, count: 4 * 256)
    values.withUnsafeMutableBufferPointer { values in
        scratch.withUnsafeMutableBufferPointer { scratch in
            histogram.withUnsafeMutableBufferPointer { counts in
                var source = values.baseAddress!, target = scratch.baseAddress!
                for i in 0..<n {
                    let key = Int(truncatingIfNeeded: source[i] >> 32)
                    counts[key & 0xFF] += 1
                    counts[256 + (key >> 8 & 0xFF)] += 1
                    counts[512 + (key >> 16 & 0xFF)] += 1
                    counts[768 + (key >> 24 & 0xFF)] += 1
                }
                for pass in 0..<4 {
                    let base = pass * 256
                    let shift = UInt64(32 + 8 * pass)
                    // Every value in one bucket: this byte orders nothing.
                    if counts[base + Int(truncatingIfNeeded: source[0] >> shift & 0xFF)] == n { continue }
                    var offset = 0
                    for bucket in 0..<256 {
                        let count = counts[base + bucket]
                        counts[base + bucket] = offset
                        offset += count
                    }
                    for i in 0..<n {
                        let value = source[i]
                        let bucket = base + Int(truncatingIfNeeded: value >> shift & 0xFF)
                        target[counts[bucket]] = value
                        counts[bucket] += 1
                    }
                    swap(&source, &target)
                }
                if source != values.baseAddress! { values.baseAddress!.update(from: source, count: n) }
            }
        }
    }
}

func sortUnique(_ values: inout [Int], from sortedCount: Int) {
    guard values.count > sortedCount else { return }
    values[sortedCount...].sort()
    if sortedCount > 0 && values[sortedCount - 1] > values[sortedCount] {
        values.sort()
    }
    removeAdjacentRepeats(&values)
}

/// The sorted, distinct word 3-gram shingles of a unit's word hashes
/// (at least three), into a reused buffer.
func shingleSet(_ hashes: [UInt64], into set: inout [UInt64]) {
    set.removeAll(keepingCapacity: true)
    guard hashes.count >= 3 else { return }
    for i in 0..<(hashes.count - 2) {
        set.append(mixBits(hashes[i] &* 31 &+ hashes[i + 1] &* 131 &+ hashes[i + 2]))
    }
    set.sort()
    removeAdjacentRepeats(&set)
}

/// Keeps the first of each run of equal neighbours (on a sorted array: its
/// distinct values), in place.
func removeAdjacentRepeats<T: Equatable>(_ values: inout [T]) {
    var unique = 0
    for index in values.indices where unique == 0 || values[unique - 1] != values[index] {
        values[unique] = values[index]
        unique += 1
    }
    values.removeLast(values.count - unique)
}

/// Fills the empty bins (`.max`) of a one-permutation MinHash signature: an
/// empty bin takes the next filled one (circularly), salted by the distance.
///
/// In O(k): `densifiedBins` of every bin. An empty bin borrows the first
/// bin after it that was filled from the start; past the end it wraps to
/// bin 0's densified value. The same values as an O(k²) scan through the
/// bins in order, which sees bin 0 already filled (a test compares them).
func densify(_ signature: inout [UInt64]) {
    var dense = signature
    densifiedBins(signature, 0..<signature.count, into: &dense)
    signature = dense
}

/// The values `densify` gives bins `bins` of `signature` (empty bins
/// `.max`), into the same bins of `dense`, without densifying the others
/// and with no allocation: an empty bin borrows the first filled bin after
/// it; past the last one, bin 0's own densified value.
func densifiedBins(_ signature: [UInt64], _ bins: Range<Int>, into dense: inout [UInt64]) {
    let k = signature.count
    signature.withUnsafeBufferPointer { s in
        dense.withUnsafeMutableBufferPointer { d in
            var next = bins.lowerBound  // the first filled bin at or after j
            while next < k && s[next] == .max { next += 1 }
            var wrapped: UInt64? = nil  // bin 0's densified value
            for j in bins {
                if j == next {
                    d[j] = s[j]
                    next += 1
                    while next < k && s[next] == .max { next += 1 }
                } else if next < k {
                    d[j] = mixBits(s[next] &+ UInt64(next - j)) | (1 << 63)
                } else {
                    if wrapped == nil {
                        var first = 0
                        while first < k && s[first] == .max { first += 1 }
                        guard first < k else {  // all empty: unchanged
                            d[j] = .max
                            continue
                        }
                        wrapped = first == 0 ? s[0] : mixBits(s[first] &+ UInt64(first)) | (1 << 63)
                    }
                    d[j] = mixBits(wrapped! &+ UInt64(k - j)) | (1 << 63)
                }
            }
        }
    }
}

/// The number of values two sorted, duplicate-free arrays share.
func intersectionCount(_ a: [UInt64], _ b: [UInt64]) -> Int {
    var i = 0, j = 0, count = 0
    while i < a.count && j < b.count {
        if a[i] < b[j] {
            i += 1
        } else if a[i] > b[j] {
            j += 1
        } else {
            count += 1
            i += 1
            j += 1
        }
    }
    return count
}
