struct CountSink: TokenSink {
    var count = 0
    @inline(__always) mutating func append(_ id: TokenID) { count += 1 }
    var mark: Int { count }
    mutating func rollback(to mark: Int) { count = mark }
}

// Performance notes (cl100k_base, `corpora/bench`; de, fr, ru: parts of the
// multilingual corpus; cachegrind warm passes, 2 MB last-level cache; wall
// clock from two variants alternated in one process. Method, and what was
// tried and not kept: docs/performance.md.)
//
// Lookup
// - Whole piece first, because most English and code pieces are one token:
//   a slot holds the token's first 8 bytes, so a short piece is found or
//   refused reading one cache line. Skipped above 32 bytes, where it almost
//   always misses (the trie walk finds a whole token anyway).
// - Byte pairs from a 64 K table, not the hash table.
// - The 256 KB token filter guards the 4 MB rank table, for the merge
//   loops' candidate pairs and every whole-piece lookup, because most
//   candidates are not tokens: de misses -9 % (pairs), +2-4 % speed on
//   every corpus (whole pieces).
// - No reference counting in the loops: tables through unowned views.
//
// Piece cache (`PieceCache`)
// - Merged pieces are cached per call from 4 KB of input, because German,
//   French and Russian words recur: 60 % of the bytes that need merging in
//   the multilingual corpus are repeats.
// - Slots of one cache line, two ways, because the second way saves merges
//   after an eviction: de -4.2 %, fr -3.3 %, ru -3.4 % instructions, for
//   +4 % last-level misses (writes) on English and code.
// - Grows only past 8 new pieces a KB, to one slot per 128 input bytes
//   (at most 64 K), because a large table costs text whose words are tokens:
//   64 K slots for every input gave English +27 % misses; one slot per 128
//   bytes instead of 64 took de, fr, ru read misses -23 to -30 %; the
//   multilingual corpus needs its 64 K (16 K: +8 % instructions).
//
// Merging
// - Pieces up to 32 bytes go to the merge loop, because the trie walk's
//   chain of misses costs more than the loop (16-32 bytes: de +10-20 %,
//   en +2-3 %); from 12 bytes those ending in a non-ASCII byte backtrack,
//   because Cyrillic pieces start as twice as many parts (ru +4-5 %;
//   merging them: ru -16 %). Longer pieces backtrack.
// - Parts of up to 8 (16) bytes keyed by one (two) masked loads from a
//   copy with 8 bytes of slack, because branches on the length mispredicted
//   about once a byte: de -4 % instructions, en mispredictions -45 %,
//   English 107 to 119 MB/s with the 8-byte letter scan.
// - Two-byte letters tested in a 256-byte bitmap (ru -5 % instructions),
//   decoded out of line (inlined, the loop stopped inlining: en +7 %).
// - Chinese and Japanese runs split where no token crosses a character
//   boundary (`encodeSegmented`): 101 to 69 instructions a byte, MB/s
//   more than doubled on that text.
