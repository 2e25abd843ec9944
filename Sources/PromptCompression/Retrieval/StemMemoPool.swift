/// The memos of the coarse stage's scans: a part of a scan takes one, on
/// whichever thread runs it, and gives it back, so the two threads that
/// share the scans each fill a memo once for the whole input.
final class StemMemoPool: @unchecked Sendable {
    let stemmer: Stemmer
    let prefixes: QueryPrefixes
    private let free = Locked<[StemMemo]>([])
    private let all = Locked<[StemMemo]>([])

    init(stemmer: Stemmer, query: UnsafeBufferPointer<UInt8>, segmenter: Segmenter) {
        self.stemmer = stemmer
        prefixes = QueryPrefixes(query: query, stemmer: stemmer, segmenter: segmenter)
    }

    /// A memo no other thread uses until `give(_:)`.
    func take() -> StemMemo {
        if let memo = free.withLock({ $0.popLast() }) { return memo }
        let memo = StemMemo(stemmer: stemmer, prefixes: prefixes)
        all.withLock { $0.append(memo) }
        return memo
    }

    func give(_ memo: StemMemo) {
        free.withLock { $0.append(memo) }
    }

    deinit {
        all.withLock { memos in for memo in memos { memo.deallocate() } }
        prefixes.deallocate()
    }
}
