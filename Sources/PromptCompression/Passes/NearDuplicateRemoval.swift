/// Drops near-duplicate paragraphs and sentences: MinHash signatures (one
/// permutation hashing, densified) of word 3-gram shingles,
/// locality-sensitive hashing to find candidate pairs, and
/// the exact Jaccard similarity of the shingle sets to decide. The first
/// occurrence stays, unless a later copy shares more words with the question.
///
/// Units with fewer than `minimumWords` words are never dropped. Lossy (a
/// near-duplicate may differ in a detail), so it runs only while the text is
/// over budget.
///
/// - Complexity: O(shingles + n · k) for n units and k bins, plus the
///   candidate pairs, which LSH keeps near-linear on real text.
public struct NearDuplicateRemoval: CompressionPass {
    public let name = "near-dedup"
    public let isLossless = false
    /// Jaccard similarity of shingle sets from which a unit is a duplicate.
    public var threshold: Double
    public var minimumWords: Int
    /// Bands × rows = signature length; 16 × 4 finds pairs above 0.8 with
    /// probability over 0.99.
    public var bands = 16, rows = 4

    public init(threshold: Double = 0.8, minimumWords: Int = 8) {
        self.threshold = threshold
        self.minimumWords = minimumWords
    }

    public func apply(to document: inout PromptDocument, context: PassContext) throws(CompressionError) {
        let queryWords = Set(_foldedWordHashes(Array((context.query ?? "").utf8)[...]))
        var droppedParagraph = [Bool](repeating: false, count: document.paragraphs.count)
        let paragraphDrops = duplicates(document.paragraphs.map(\.range), in: document, queryWords: queryWords)
        for (index, original) in paragraphDrops {
            droppedParagraph[index] = document.drop(document.paragraphs[index].range, reason: reason(document.paragraphs[original].range))
        }
        let sentences = document.sentences.indices.filter { !droppedParagraph[document.sentences[$0].parent] }
        for (position, original) in duplicates(sentences.map { document.sentences[$0].range }, in: document, queryWords: queryWords) {
            document.drop(document.sentences[sentences[position]].range,
                          reason: reason(document.sentences[sentences[original]].range))
        }
    }

    private func reason(_ original: Range<Int>) -> PromptDocument.DropReason {
        .init(pass: name, detail: "near-duplicate (Jaccard ≥ \(threshold)) of bytes \(original.lowerBound)..<\(original.upperBound)")
    }

    /// Pairs (drop, keep) of unit indices.
    func duplicates(_ ranges: [Range<Int>], in document: PromptDocument, queryWords: Set<UInt64>) -> [(Int, Int)] {
        let k = bands * rows
        precondition(k.nonzeroBitCount == 1, "bands × rows is a power of two")
        var shingles: [Set<UInt64>] = []
        var signatures: [[UInt64]] = []
        var relevance: [Int] = []
        for range in ranges {
            let hashes = _foldedWordHashes(document.bytes[range])
            relevance.append(queryWords.isEmpty ? 0 : hashes.filter { queryWords.contains($0) }.count)
            guard hashes.count >= minimumWords else {
                shingles.append([])
                signatures.append([])
                continue
            }
            var set = Set<UInt64>(minimumCapacity: hashes.count)
            for i in 0..<(hashes.count - 2) {
                set.insert(_mix(hashes[i] &* 31 &+ hashes[i + 1] &* 131 &+ hashes[i + 2]))
            }
            // One permutation hashing: the hash's top bits pick one of k bins,
            // each bin keeps its smallest value; an empty bin borrows the next
            // filled one (circularly), salted by the distance, so that two
            // similar sets still agree on it.
            var signature = [UInt64](repeating: .max, count: k)
            let shift = UInt64(64 - k.trailingZeroBitCount)
            for shingle in set {
                let bin = Int(shingle >> shift)
                signature[bin] = min(signature[bin], shingle & (.max >> UInt64(k.trailingZeroBitCount)))
            }
            for j in 0..<k where signature[j] == .max {
                var distance = 1
                while distance < k && signature[(j + distance) % k] == .max { distance += 1 }
                if distance < k { signature[j] = _mix(signature[(j + distance) % k] &+ UInt64(distance)) | (1 << 63) }
            }
            shingles.append(set)
            signatures.append(signature)
        }
        // Candidates: units sharing a band.
        var candidates = Set<Int>()  // i << 32 | j, i < j
        for band in 0..<bands {
            var buckets: [UInt64: [Int]] = [:]
            for (index, signature) in signatures.enumerated() where !signature.isEmpty {
                var key: UInt64 = 0xCBF2_9CE4_8422_2325
                for j in (band * rows)..<((band + 1) * rows) { key = _mix(key ^ signature[j]) }
                buckets[key, default: []].append(index)
            }
            for members in buckets.values where members.count > 1 {
                for a in 0..<members.count { for b in (a + 1)..<members.count { candidates.insert(members[a] << 32 | members[b]) } }
            }
        }
        // Verify with the exact Jaccard similarity; drop the later or less relevant copy.
        var dropped = Set<Int>()
        var result: [(Int, Int)] = []
        for pair in candidates.sorted() {
            let i = pair >> 32, j = pair & 0xFFFF_FFFF
            guard !dropped.contains(i), !dropped.contains(j) else { continue }
            let intersection = shingles[i].intersection(shingles[j]).count
            let union = shingles[i].count + shingles[j].count - intersection
            guard union > 0, Double(intersection) / Double(union) >= threshold else { continue }
            let (drop, keep) = relevance[j] > relevance[i] ? (i, j) : (j, i)
            dropped.insert(drop)
            result.append((drop, keep))
        }
        return result
    }
}

/// FNV-1a hashes of the words of a text, case-folded (ASCII); a word is a
/// run of ASCII letters and digits and non-ASCII bytes.
func _foldedWordHashes(_ bytes: ArraySlice<UInt8>) -> [UInt64] {
    var hashes: [UInt64] = []
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    var inWord = false
    for b in bytes {
        let lower = b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b
        if (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b >= 0x80 {
            h = (h ^ UInt64(lower)) &* 0x100_0000_01B3
            inWord = true
        } else if inWord {
            hashes.append(h)
            h = 0xCBF2_9CE4_8422_2325
            inWord = false
        }
    }
    if inWord { hashes.append(h) }
    return hashes
}

/// A 64-bit finalizer (SplitMix64's).
@inline(__always)
func _mix(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
