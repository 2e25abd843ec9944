/// Where encoded token identifiers go: an array, or just a counter.
protocol _TokenSink {
    mutating func append(_ id: TokenID)
}

/// Writes into a new array's memory while it lasts, then into `overflow`.
///
/// Appending to an `Array` checks its uniqueness and capacity and stores
/// its count at every token; writing through a pointer made encoding
/// 11-20 % faster on every corpus (English, German, French, Russian; runs
/// of the two sinks alternated in one process).
struct _GrowingSink: _TokenSink {
    let base: UnsafeMutablePointer<TokenID>
    let capacity: Int
    var count = 0
    var overflow: [TokenID] = []

    @inline(__always) mutating func append(_ id: TokenID) {
        if _fastPath(count < capacity) {
            base[count] = id
            count &+= 1
        } else {
            overflow.append(id)
        }
    }

    /// A new array of the tokens `body` appends to the sink it is given.
    ///
    /// - Parameter estimate: The expected number of tokens: the array's
    ///   first capacity. More tokens are appended after it.
    @inline(__always)
    static func collect(estimate: Int, _ body: (inout _GrowingSink) -> Void) -> [TokenID] {
        var overflow: [TokenID] = []
        var ids = [TokenID](unsafeUninitializedCapacity: Swift.max(estimate, 1)) { buffer, initialized in
            var sink = _GrowingSink(base: buffer.baseAddress!, capacity: buffer.count)
            body(&sink)
            initialized = sink.count
            overflow = sink.overflow
        }
        if !overflow.isEmpty { ids.append(contentsOf: overflow) }
        return ids
    }
}

/// Writes into memory the caller sized (at most one token a byte).
struct _BufferSink: _TokenSink {
    let base: UnsafeMutablePointer<TokenID>
    var count = 0
    @inline(__always) mutating func append(_ id: TokenID) {
        base[count] = id
        count += 1
    }
}

struct _CountSink: _TokenSink {
    var count = 0
    @inline(__always) mutating func append(_ id: TokenID) { count += 1 }
}

/// Unsafe views of a vocabulary and the class tables, valid inside
/// `Vocabulary.withHandle(_:)` only.
///
/// Methods read like the algorithm: split the text into pieces (the cl100k
/// pattern), look a piece up whole, else merge it: the quadratic merge loop
/// for short pieces (`_mergeSmall`), backtracking over the token trie for
/// long ones (`_encodeBacktracking`), the heap merge as its fallback
/// (`_mergeLarge`).
///
/// Performance notes (cl100k_base; instructions from callgrind, which is
/// repeatable on this shared machine where wall-clock time drifts by 30 %):
/// - Piece lookup first: most English and code pieces are one token. A slot
///   holds the token's first 8 bytes, so a short piece is found or refused
///   reading one cache line; whole-piece lookup is skipped above 32 bytes,
///   where it almost always misses (the trie walk finds a whole token anyway).
/// - Byte pairs come from a 64 K table, not the hash table.
/// - Inputs from 4 KB get a per-call cache of merged pieces up to 32 bytes:
///   German, French and Russian words recur (60 % of the bytes that need
///   merging in the multilingual corpus are repeats); see below for its size.
/// - Chinese and Japanese runs are long and rarely repeat: the quadratic
///   loop spent about 240 instructions a byte on them, backtracking about 90
///   once the pair memo is warm. What remains is mostly cache misses in the
///   trie and memo tables (about 20 MB together, L2 is 2 MB).
/// - Since then, pieces of three-byte characters are first split where no
///   token crosses a character boundary (`_encodeSegmented`): most parts
///   are one character, read from a table. On the Chinese and Japanese part
///   of the multilingual corpus this took instructions from about 101 to 69
///   a byte and more than doubled MB/s (fewer trie and memo misses). A
///   Bloom filter in front of the rank table for non-English lookups saved
///   18 % of last-level misses on German, French and Russian text but
///   added instructions; no clear gain in time: not kept.
/// - German, French and Russian (the 4.5 MB of the multilingual corpus in
///   those languages; second encode of the text in one process, so the
///   pair memo and character tables are warm; cachegrind with a 2 MB
///   last-level cache): 68 instructions a byte before the changes below.
///   Their 686 K pieces hold 231 K that are not one token (2.7 MB), 80 % of
///   them repeats of 46 K distinct words, more than a 16 K-slot cache holds:
///   152 K hits. Letting the cache grow to 64 K slots when more than 8
///   pieces a KB are merged gives 172 K hits (simulated). With the letter
///   loop below: 308 M to 255 M instructions a pass (the letter loop alone,
///   in its first, inlined form: 308 M to 298 M), D1 misses 2.40 M to
///   2.15 M, last-level misses 0.82 M to 0.91 M (the larger table). Growing by doubling instead cost 0.1 M more misses
///   (copies); starting at 64 K slots for every input cost English 27 %
///   more last-level misses (3 new pieces a KB there, 3.8 in code: their
///   table stays at 16 K slots and their counts did not change).
/// - Two-byte letters (accented Latin, Cyrillic) are decoded in the letter
///   loop, out of line from the first non-ASCII byte: decoding them in the
///   inlined loop made it too large to inline: 7 % more instructions on English.
/// - The whole-piece lookup's slot read is where most last-level misses of
///   the piece loop are (about 0.3 M per pass on the text above), most of
///   them for pieces that are not tokens. Tried on that text, not kept:
///   asking the grown cache before the rank table for pieces over 8 bytes
///   (+1.5 % instructions, 4 % fewer D1 and last-level misses); merging
///   pieces of 16 to 23 (or 31) bytes with the merge loop instead of
///   backtracking (+15 % (+23 %) instructions, 12 % (18 %) fewer
///   last-level misses); reading the next piece's rank slot ahead, while
///   the current piece is merged (slower by wall clock). Wall-clock A/B
///   runs on the shared machine could not tell the first two from the
///   kept version.
/// - Fourth session, per language (the multilingual corpus cut by its
///   paragraph labels into de, fr, ru, ja, zh files of 1.4-1.6 MB; warm
///   pass = callgrind of `tersify count` on the file twice minus once,
///   cachegrind with a 2 MB last-level cache). Before: 56-60 instructions a
///   byte in every language, but 0.29 M (de), 0.20 M (fr), 0.24 M (ru)
///   last-level misses a pass against 0.07 M (ja) and 0.10 M (zh); the
///   wall-clock ratio to tiktoken was about 4.4x (de, ru), 4.8x (fr), 8.8x
///   (ja), 6.9x (zh): the gap is German, French and Russian, and it is
///   misses, not instructions. By function (de, warm pass, read misses):
///   backtracking 52 K, merge-loop lookups 53 K, whole-piece lookups 34 K,
///   piece cache 21 K, reading the text 23 K (sequential).
/// - Piece cache slots of one cache line (64 bytes, 24-bit tokens, a
///   32-bit tag) instead of 80 bytes over two lines: de 0.287 M to 0.253 M
///   misses, fr 0.203 M to 0.175 M, ru 0.236 M to 0.202 M, 1 % fewer
///   instructions; English and code 7 % and 6 % fewer misses.
/// - A 256 KB filter of the vocabulary (`_TokenFilter`, one bit per token)
///   refuses most candidate pairs of the merge loops without reading the
///   4 MB rank table: de 0.253 M to 0.229 M misses, fr 0.175 M to 0.163 M,
///   ru 0.202 M to 0.196 M, about 1 % fewer instructions. Whole-piece
///   lookups go through it too, but only while the piece cache sees many
///   merged pieces (a flag of the piece cache, since removed): de 0.229 M to 0.196 M, fr 0.163 M
///   to 0.144 M, ru 0.196 M to 0.165 M at +0.5 % instructions; on every
///   piece it cost English 3.4 % more instructions (and 38 % more L1 misses)
///   for 12 % fewer last-level misses, so English and code (never dense)
///   keep the direct lookup. All three together against the start of the
///   session: multilingual corpus 1.017 M to 0.710 M misses a pass (-30 %)
///   for the same instructions (426.6 M to 426.3 M); English 291.5 M to
///   296.2 M instructions (+1.6 %, the filter in its merge loop), 0.343 M to
///   0.309 M misses; code 313.9 M to 317.2 M, 0.382 M to 0.349 M.
/// - Tried with the filter, not kept: the merge loop instead of
///   backtracking for 16 to 23 (31) bytes: de 0.191 M to 0.145 M (0.133 M)
///   misses but +7 % (+9 %) instructions, Russian +32 % (+51 %)
///   instructions (pieces of two-byte letters). Caching single-token
///   pieces too and asking the cache first: +5 % instructions, no fewer
///   misses (tokens evict merged pieces).
/// - Prefetching, tried twice, not kept. A C target's `static inline`
///   `__builtin_prefetch`, the piece loop pipelined (split piece i + 1,
///   hash it, prefetch its rank slot, and its cache slot, then encode piece
///   i). With both loop calls inlined, the loop grew past what the inliner
///   takes and the piece encoder was called out of line: German +10
///   instructions a byte, English +15. With the merge path moved out of
///   line so that it inlined again: German 57.0 to 64.6 instructions a byte,
///   English 37.0 to 43.9 (the hash, slot addresses and segment test done
///   ahead and again; cachegrind does not model prefetches, so misses stay
///   the same). Wall clock, 11 passes in one process against 1, alternated
///   with the version without it, load average 6.5 on 2 cores: German
///   34.4 against 35.1 MB/s (median of 5), English 67.7 against 60.3 MB/s
///   (median of 3): no gain on the text it was for, a loss on English.
///   One piece ahead is little time (a German piece is about 6 bytes, 60
///   to 100 instructions when it is one token), and out-of-order execution
///   already overlaps the next piece's split with a missing load.
/// - After the changes above, German warm pass (read misses): reading the
///   text 25 K (sequential), backtracking's trie walk 23 K, pair memo 18 K,
///   piece cache 17 K, growing the piece cache 16 K (sequential), whole
///   pieces 14 K, merge loop 21 K. The merge loop is now the largest
///   instruction cost: 19 K pieces a pass (15.5 K distinct that are not
///   tokens, the rest evicted from the cache) at about 1,800 instructions
///   each, 34 M of the 90 M a pass.
/// - Tried, not kept: the merge loop over a linked list of parts instead
///   of moving the arrays: German 89.8 M to 87.4 M instructions a pass
///   (-2.7 %), multilingual corpus -1.3 %, others unchanged; its scan
///   follows dependent loads, and wall clock (load average 10) could not
///   tell it apart (58.2 against 59.7 MB/s, medians of 6). A two-way piece
///   cache, simulated on the multilingual corpus's 255 K pieces that are
///   not tokens (48 K distinct) at 64 K slots: 59.9 K merges direct-mapped,
///   52.3 K two-way (-13 %, about 3 % of the instructions); not built.
/// - Fifth session (same warm pass, with SWIFT_DETERMINISTIC_HASHING=1:
///   without it the two processes' start-up differs and the difference
///   drifts by up to 2 % in instructions and 3 % in misses between runs of
///   one binary. Before: de 89.8 M instructions, 0.188 M last-level misses;
///   fr 85.2 M, 0.143 M; ru 90.3 M, 0.163 M; English 296.2 M, 0.304 M;
///   code 316.7 M, 0.332 M). German profile (merge loop
///   out of line): 18.5 K pieces merged a pass, about 9 bytes and 6 merges
///   each, 1,800 instructions a piece, of which about 650 in the 9 lookups
///   of candidate pairs. Kept: the merge loop keys a part of up to 8
///   bytes from a copy of the piece with 8 bytes of slack (one load and a
///   mask, instead of `_key`'s branches on the length and overlapping
///   loads), and the second lookup of a merge is inlined too: de 86.2 M
///   (-4.0 %), fr 82.2 M (-3.6 %), ru 88.2 M (-2.3 %), English 290.8 M
///   (-1.8 %), code 311.6 M (-1.6 %); misses unchanged. Then `_equal`
///   compares the tail as one overlapping word instead of a byte loop
///   (piece cache and rank table checks of pieces over 8 bytes): de
///   85.7 M (-0.5 %), fr 81.9 M (-0.4 %), ru 87.3 M (-1.0 %), English
///   290.2 M (-0.2 %), code 310.2 M (-0.4 %), misses unchanged.
/// - Then a two-way piece cache (`_PieceCache`: sets of two one-line slots,
///   way 0 holding the last-used piece and the low 16 bits of way 1's tag,
///   so a piece in neither way is refused reading one line; a new piece
///   moves way 0 to way 1, a hit in way 1 swaps them): de 85.7 M to 82.1 M
///   instructions (-4.2 %), fr 81.9 M to 79.1 M (-3.3 %), ru 87.3 M to
///   84.3 M (-3.4 %): fewer pieces merged again after an eviction.
///   Last-level read misses de 137 K to 139 K, fr 93 K to 94 K, ru 112 K
///   to 115 K; write misses +4 K (the second line written when a piece
///   moves). English 290.2 M to 289.6 M, code 310.2 M to 310.8 M (+0.2 %);
///   their read misses +1 K, write misses 15 K to 26 K (English) and 15 K
///   to 27 K (code): 4 % more last-level misses in all, all of them writes.
/// - The three together, wall clock (`tersify-benchmarks tokenizer --runs 7`,
///   the session's start and end built side by side and run alternately,
///   load average 1.3-3.3 on 2 cores from other builds): encode de 44.9 and
///   42.8 MB/s to 49.8 and 47.6 (3.8x and 3.9x tiktoken to 4.6x and 4.2x),
///   fr 55.8 and 57.0 to 59.1 and 59.8 (4.8x, 5.2x to 5.3x, 5.6x), ru 51.1
///   and 53.3 to 56.3 and 58.1 (4.6x, 4.7x to 5.3x, 5.2x); multilingual
///   corpus 5.1x, 5.3x, 5.3x, 5.0x to 4.8x, 5.4x, 5.8x, 5.3x; English 6.4x,
///   6.8x, 6.2x, 6.5x to 7.4x, 6.7x, 8.3x, 6.5x (tiktoken's own speed
///   varied by 2x between runs). Still short of 6.5x on German, French and
///   Russian: their merged pieces' misses and first merges remain.
/// - With two ways, the cache may grow to one slot per 128 input bytes
///   instead of 64 (so the 1.5 MB per-language files keep 16 K slots, 1 MB,
///   instead of growing to 32 K; the 7.6 MB multilingual corpus still
///   grows to 64 K): de 82.1 M to 82.5 M instructions (+0.4 %), fr 79.1 M
///   to 78.3 M (-1.1 %), ru 84.3 M to 85.0 M (+0.8 %); last-level read
///   misses de 139 K to 107 K (-23 %), fr 94 K to 69 K (-27 %), ru 115 K to
///   81 K (-30 %), write misses 55 K to 23 K (no table cleared and copied).
///   On the multilingual corpus, capping the table: 64 K slots 401.8 M
///   instructions, 0.743 M misses; 32 K 413.0 M, 0.743 M; 16 K 434.8 M
///   (+8 %), 0.623 M (-16 %): its 48 K distinct merged words need the
///   room, so it keeps 64 K.
/// - The session's end against its start, warm pass: de 89.8 M to 82.5 M
///   instructions (-8 %), last-level read misses 137 K to 107 K (-22 %);
///   fr 85.2 M to 78.3 M (-8 %), 93 K to 69 K (-26 %); ru 90.3 M to 85.0 M
///   (-6 %), 112 K to 81 K (-28 %); English 296.2 M to 289.6 M (-2 %), 289 K
///   to 290 K; code 316.7 M to 310.8 M (-2 %), 316 K to 317 K (write
///   misses +11 K each, the second way). The multilingual corpus (64 K
///   slots, 4 MB): 425.4 M to 401.8 M instructions (-6 %), but read misses
///   591 K to 637 K (+8 %) and write misses 84 K to 107 K: way 1 is a
///   second line. Sets are 128-byte aligned so that the hardware's
///   adjacent-line prefetch can fetch both ways together; cachegrind does
///   not model it, and the wall-clock runs above were too noisy to show
///   whether it helps. Wall clock once more at the end (same set-up,
///   languages, two alternations): encode de 34.2 and 42.5 MB/s to 38.7
///   and 51.2, fr 42.9 and 59.6 to 49.7 and 60.6, ru 46.3 and 55.4 to 51.2
///   and 44.7; the ratios to tiktoken moved both ways (tiktoken's speed
///   changed as much as ours).
/// - Tried after the two-way cache, not kept: the merge loop's parts as one
///   array of 8-byte entries (`pair << 32 | start << 24 | token`, so the
///   smallest entry is the pair to merge and a merge moves one array
///   instead of three): de 82.1 M to 84.0 M instructions (+2.3 %), fr
///   79.1 M to 80.6 M, ru 84.3 M to 85.1 M, misses unchanged. A piece cache
///   of one slot per 32 input bytes instead of 64 (64 K slots for these
///   1.5 MB files instead of 32 K): de 83.1 M instructions (+1.1 %, the
///   larger table cleared and copied) and 0.228 M last-level misses
///   (+18 %), fr 0.182 M (+25 %), ru 0.204 M (+21 %).
/// - Tried, not kept (measured before deterministic hashing, so within
///   about 2 % of noise): backtracking from 6 bytes instead of 16: de 77.4 M
///   instructions (-14 %) but 0.318 M misses (+69 %), fr 74.4 M, 0.251 M
///   (+76 %), ru 82.0 M, 0.185 M (+13 %): the trie and pair memo (8 MB
///   each) miss where the merge loop reads a 256 KB filter.
/// - Fifth session (second helper), tried, not kept (same warm pass: `tersify count F F`
///   minus `tersify count F`, stripped release, deterministic hashing, 2 MB
///   last-level cache). Before: de 82.5 M instructions, 107.1 K last-level
///   read misses; fr 78.3 M, 68.6 K; ru 85.0 M, 81.0 K; English 289.6 M,
///   290.3 K; code 310.8 M, 316.1 K; multilingual corpus 401.8 M, 636.1 K.
///   A 512 KB exact table of the vocabulary's 27 K tokens of 3 and 4 bytes
///   (cl100k has 11.9 K of 3 bytes, 15.1 K of 4): 2^16 slots of
///   `length: 8 | rank + 1: 24 | bytes: 32`, multiplicative hash, linear
///   probing. Asked instead of the filter and rank table for the merge
///   loop's parts of 3 and 4 bytes: de 81.5 M (-1.2 %) but 115.8 K misses
///   (+8 %), fr 75.6 K (+10 %), ru 87.0 K (+7 %), English 308.6 K (+6 %),
///   code 329.7 K (+4 %): most parts are not tokens, and the 256 KB filter
///   (one bit a string) refuses them from fewer lines than the table's
///   8-byte entries. Asked after the filter instead of the rank table:
///   within 1.5 % of before everywhere (de 105.8 K, fr 69.1 K, ru 81.4 K,
///   English 294.7 K): the merge loop's lookups that pass the filter are
///   not where its misses are. For whole pieces of 3 and 4 bytes instead
///   (merge loop unchanged), one build gave de 81.4 M, 104.4 K; fr 77.2 M,
///   67.6 K; ru 84.8 M, 81.2 K; English 287.6 M, 287.1 K; code 311.2 M,
///   314.5 K; multilingual 400.4 M, 631.9 K, but a rebuild of the same
///   code (only comments changed) gave de 81.7 M, 109.7 K (+2.4 %
///   against before); fr 77.5 M, 70.7 K (+3 %); ru 84.7 M, 82.4 K; English
///   288.6 M, 295.8 K (+1.9 %); code 311.6 M, 319.5 K: differences of a
///   few percent in misses between builds of one algorithm are layout, not
///   the change. At most 1 % fewer instructions, misses not clearly fewer:
///   not kept. Whole pieces of 2 bytes from the byte-pair table too:
///   English 282.9 M (-2.3 %) but de 109.0 K misses: not kept either (and
///   within that layout noise). The merge loop's 3 and 4-byte lookups are
///   not the German misses: the warm pass's read misses are about 64 K in
///   the inlined piece loop and 38 K in backtracking (trie walk, pair memo).
/// - Sixth session: branch mispredictions, which the notes above did not
///   count (cachegrind `--branch-sim=yes`, same warm pass; its predictor is
///   simpler than the hardware's, so every change below was also timed).
///   Before: mispredicted branches a pass en 909 K (1.5 MB of the English
///   corpus), code 1,036 K (1.5 MB), de 1,556 K, fr 1,476 K, ru 1,151 K:
///   about one a byte in German, most of them tests on a piece's length
///   (the letter loop's exit, `_key`'s length cases, the segmenting test)
///   and the merge loop's. Kept: letters are scanned 8 bytes at a time
///   (`_nonLetters`, one test per word of text); a piece of up to 16 bytes
///   with 16 readable bytes after its start is keyed by two loads and masks
///   (`_maskedKey`; `_key` hashes 9 to 16 bytes with the same formula,
///   `_pairHash`); the segmenting test reads both bytes first so it has no
///   branch on the length. After: en 497 K (-45 %), code 805 K (-22 %),
///   de 1,289 K (-17 %), fr 1,206 K (-18 %), ru 1,197 K (+4 %);
///   instructions en 55.1 M to 55.0 M, de 82.5 M to 81.5 M, ru 85.0 M to
///   86.0 M. Wall clock (`tersify-benchmarks tokenizer --no-reference`,
///   builds alternated, five rounds, load average about 1): English 8 MB
///   corpus median 107 to 119 MB/s (+11 %), code 98 to 100, German 57 to 60.
///   Tried, not kept: `_mergeShort`, the merge loop on 16 lanes (minimum of
///   `rank << 4 | part` keys by vector halving, parts moved by one fixed
///   16-lane load and store instead of loops): de mispredictions 1,391 K to
///   995 K (-28 %) but instructions 81.0 M to 89.4 M (+10 %), and German
///   wall clock 60 to 49 MB/s (four rounds): the hardware predicts the
///   short loops it replaced far better than the simulator does.
///   Then two-byte letters (accented Latin, Greek, Cyrillic) are tested in
///   a 256-byte bitmap of the code points below U+0800 instead of the two
///   class stages: ru 86.0 M to 81.7 M instructions (-5 %), mispredictions
///   1,197 K to 1,116 K; de and fr within 0.5 %; Russian wall clock median
///   60.9 to 63.2 MB/s (six alternations, noisy). Tried, not kept: four
///   Cyrillic letters (U+0400-U+047F) tested in one 8-byte word: ru 81.7 M
///   to 76.6 M instructions (-6 %) but mispredictions +10 %, and Russian
///   wall clock 62.5 to 60.2 MB/s (medians of six alternations).
/// - Seventh session: wall-clock A/B inside one process (the two variants
///   behind a flag, alternated run by run, 9-15 runs; the median of the
///   per-run ratios moved by 1-3 % between repeats, where separate
///   processes, even alternated, differed by 15-30 %). The merge loop
///   instead of backtracking for pieces of 16 to 32 bytes that end in an
///   ASCII byte: de +10-20 %, fr +0-4 %, en +2-3 %, code within 2 %
///   (merging them by the loop for every script instead: de +9 %, fr +6 %,
///   but ru -16 %: Cyrillic pieces start as twice as many parts). Pieces
///   ending in a non-ASCII byte backtrack from 12 bytes instead of 16: ru
///   +4-5 %, ja and zh +1-2 %. Tried, not kept: backtracking for every
///   piece of 2 to 15 bytes, the longest token at a position found by
///   probing the rank table with each length behind the filter instead of
///   the trie walk (cachegrind: de instructions -10 %, mispredictions
///   -32 %, but last-level misses +75 %, 4.9 compatibility checks of the
///   8 MB pair memo a piece): de -11 %, fr -10 %, en -3.5 %, ru +1 %. A
///   piece cache allowed one slot per 64 or 256 input bytes instead of
///   128: 0.995 and 0.89 on the multilingual corpus. Kept: the token
///   filter in front of every whole-piece lookup, not only while the piece
///   cache is dense (the fourth session had left English and code without
///   it for 3.4 % more instructions): en +2 %, code +3 %, de +2.5 %, fr
///   +4 %, ru +3 % (15 and 9 runs). Not kept: asking the piece cache before
///   the rank table for pieces of 9 bytes or more while it is dense
///   (de 0.997, fr 1.02, en 0.98); backtracking non-ASCII pieces from 8
///   or 10 bytes instead of 12 (ru, ja, zh within 1 %); CJK letters of
///   U+5000-U+9FFF taken without the class tables in the letter loop (zh
///   +1.7 %, ja +0.7 %, 11 runs: within the noise).
/// - No reference counting inside the loops: tables are reached through
///   unowned views (`_TrieView`, `_PairMemoView`), not class references.
struct _EncodeHandle {
    let arena: UnsafePointer<UInt8>
    let starts: UnsafePointer<UInt32>
    let slots: UnsafePointer<_Slot>
    let slotMask: Int
    let maxTokenLength: Int
    let byteRanks: UnsafePointer<TokenID>
    /// Rank of each two-byte token by `first << 8 | second`, `none` when absent.
    let bytePairs: UnsafePointer<TokenID>
    /// `Vocabulary.tokenFilter`.
    let tokenFilter: UnsafePointer<UInt64>
    let ascii: UnsafePointer<UInt8>
    let stage1: UnsafePointer<UInt16>
    let stage2: UnsafePointer<UInt8>
    /// `CharacterClass.Table.twoByteLetters`.
    let twoByteLetters: UnsafePointer<UInt64>
    /// The vocabulary's trie, built on first use.
    let trieBox: _LazyTrie
    /// Scratch for `_mergeSmall`: part starts, pair ranks, part tokens, the
    /// piece's bytes (`smallPieceLimit + 8`).
    let scratch: UnsafeMutablePointer<UInt32>

    static let smallPieceLimit = 64
    /// Pieces from this length on that end in a non-ASCII byte (Cyrillic,
    /// Greek, CJK) are encoded by backtracking; others up to
    /// `_PieceCache.maxPiece` bytes by the merge loop (see the notes).
    static let backtrackingLimit = 12
    static let none = TokenID.max

    // MARK: Lookup

    /// The rank of `count` bytes at `bytes`, or `none`.
    @inline(__always)
    func rank(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> TokenID {
        if count > maxTokenLength { return Self.none }
        return rank(bytes, count, key: _key(bytes, count))
    }

    /// Whether the filter lets a string with this hash through (it may be a token).
    @inline(__always)
    func mayBeToken(_ hash: UInt64) -> Bool {
        tokenFilter[_TokenFilter.word(hash)] & _TokenFilter.bit(hash) != 0
    }

    /// `rank(_:_:)` through the token filter: for strings that are seldom
    /// tokens (the merge loops' candidate pairs), most of them are refused
    /// without a read of the 4 MB rank table.
    @inline(__always)
    func filteredRank(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> TokenID {
        if count > maxTokenLength { return Self.none }
        let key = _key(bytes, count)
        if !mayBeToken(key.hash) { return Self.none }
        return rank(bytes, count, key: key)
    }

    /// The rank of `count` bytes (at most `maxTokenLength`) whose key is known.
    ///
    /// Up to 8 bytes, the slot alone decides; longer tokens are compared
    /// with the arena when their first 8 bytes, length and hash tag match.
    @inline(__always)
    func rank(_ bytes: UnsafePointer<UInt8>, _ count: Int, key: (prefix: UInt64, hash: UInt64)) -> TokenID {
        let expected = (key.hash & 0xFFFF_FFFF_0000_0000) | UInt64(truncatingIfNeeded: min(count, 255))
        var slot = Int(truncatingIfNeeded: key.hash) & slotMask
        while true {
            let entry = slots[slot]
            if entry.meta == 0 { return Self.none }
            if entry.prefix == key.prefix && entry.meta & 0xFFFF_FFFF_0000_00FF == expected {
                let rank = Int(truncatingIfNeeded: entry.meta >> 8 & 0xFF_FFFF) &- 1
                if count <= 8 { return TokenID(truncatingIfNeeded: rank) }
                let start = Int(starts[rank])
                if Int(starts[rank &+ 1]) &- start == count && _equal(arena + start + 8, bytes + 8, count - 8) {
                    return TokenID(truncatingIfNeeded: rank)
                }
            }
            slot = (slot &+ 1) & slotMask
        }
    }

    /// The rank of the two bytes at `bytes`, or `none`: one table read.
    @inline(__always)
    func pairRank(_ bytes: UnsafePointer<UInt8>) -> TokenID {
        bytePairs[Int(bytes[0]) &<< 8 | Int(bytes[1])]
    }

    // MARK: Pieces

    /// Encodes `text[start ..< end]` as ordinary text (no special tokens).
    ///
    /// Inputs of `_PieceCache.minimumInput` bytes or more get a piece cache:
    /// words that are not one token recur, and their merges are remembered.
    @inline(__always)
    func encode<Sink: _TokenSink>(_ text: UnsafePointer<UInt8>, from start: Int, to end: Int, into sink: inout Sink) {
        let cache = end - start >= _PieceCache.minimumInput ? _PieceCache(text: text + start, inputBytes: end - start) : nil
        var long = _LongPieceState()
        defer {
            cache?.deallocate()
            long.deallocate()
        }
        var position = start
        while position < end {
            let pieceEnd = self.pieceEnd(text, position, end)
            encodePiece(text + position, pieceEnd &- position, readable: end &- position, cache: cache, long: &long, into: &sink)
            position = pieceEnd
        }
    }

    @inline(__always)
    func encodePiece<Sink: _TokenSink>(
        _ piece: UnsafePointer<UInt8>, _ count: Int, readable: Int, cache: _PieceCache?, long: inout _LongPieceState,
        into sink: inout Sink
    ) {
        if count == 1 {
            sink.append(byteRanks[Int(piece[0])])
            return
        }
        if Self.isSegmentable(piece, count) {
            _encodeSegmented(piece, count, cache: cache, long: &long, into: &sink)
            return
        }
        _encodeWhole(piece, count, readable: readable, cache: cache, long: &long, into: &sink)
    }

    /// Encodes a piece (or a part of one that BPE encodes on its own):
    /// whole-token lookup, the cache, then merging. `readable` is how many
    /// bytes from `piece` on may be read (at least `count`): with 8, a short
    /// piece is keyed by one load and a mask instead of `_key`'s branches
    /// on the length.
    @inline(__always)
    func _encodeWhole<Sink: _TokenSink>(
        _ piece: UnsafePointer<UInt8>, _ count: Int, readable: Int = 0, cache: _PieceCache?, long: inout _LongPieceState,
        into sink: inout Sink
    ) {
        if count == 1 {
            sink.append(byteRanks[Int(piece[0])])
            return
        }
        // Longer pieces skip the whole-piece lookup (almost always a miss in
        // a table larger than the L2 cache): the trie walk of the
        // backtracking encoder finds a whole token as its first candidate.
        if count > _PieceCache.maxPiece {
            _encodeLong(piece, count, long: &long, into: &sink)
            return
        }
        let key = readable >= 16 && count <= 16 ? _maskedKey(piece, count) : _key(piece, count)
        let hash = key.hash
        // Most pieces that are not tokens are refused by the 256 KB filter
        // instead of a read of the 4 MB rank table (see the notes).
        let whole = mayBeToken(hash) ? rank(piece, count, key: key) : Self.none
        if whole != Self.none {
            sink.append(whole)
            return
        }
        let slot = cache?.slot(hash)
        if let cache, let slot, let hit = cache.find(slot, hash, piece, count) {
            cache.emit(hit, into: &sink)
            return
        }
        if count >= Self.backtrackingLimit && piece[count &- 1] >= 0x80 {
            withUnsafeTemporaryAllocation(of: TokenID.self, capacity: count) { buffer in
                var tokens = _BufferSink(base: buffer.baseAddress!)
                _encodeLong(piece, count, long: &long, into: &tokens)
                if let cache, let slot { cache.store(slot, hash, piece, count, tokens: buffer.baseAddress!, tokens.count) }
                for i in 0..<tokens.count { sink.append(buffer[i]) }
            }
            return
        }
        let tokens = _mergeSmall(piece, count)
        if let cache, let slot { cache.store(slot, hash, piece, count, tokens: token, tokens) }
        for i in 0..<tokens { sink.append(token[i]) }
    }

    /// Long pieces: backtracking, or the heap merge when the search gives up.
    @inline(never)
    func _encodeLong<Sink: _TokenSink>(
        _ piece: UnsafePointer<UInt8>, _ count: Int, long: inout _LongPieceState, into sink: inout Sink
    ) {
        long.prepare(trieBox)
        if _encodeBacktracking(piece, count, state: &long, into: &sink) { return }
        if count < Self.smallPieceLimit {
            let tokens = _mergeSmall(piece, count)
            for i in 0..<tokens { sink.append(token[i]) }
        } else {
            _mergeLarge(piece, count, into: &sink)
        }
    }

    // MARK: Merging

    /// Where `_mergeSmall` leaves its tokens.
    var token: UnsafeMutablePointer<TokenID> { scratch + 2 * Self.smallPieceLimit + 1 }

    /// tiktoken's merge loop: repeatedly merge the adjacent pair whose
    /// concatenation has the lowest rank, the leftmost on ties. Leaves the
    /// tokens in `token` and returns their number.
    ///
    /// Quadratic in the piece length, with a small constant; used below
    /// `smallPieceLimit` bytes.
    @inline(__always)
    func _mergeSmall(_ piece: UnsafePointer<UInt8>, _ count: Int) -> Int {
        // parts: start[0...m], pair[0..<m-1] (rank of part i + part i+1), token[0..<m]
        let start = scratch
        let pair = scratch + Self.smallPieceLimit + 1
        let token = self.token
        // The piece again, with 8 bytes of slack: a part of up to 8 bytes is
        // keyed by one load and a mask.
        let padded = UnsafeMutableRawPointer(scratch + 3 * Self.smallPieceLimit + 1)
        padded.copyMemory(from: piece, byteCount: count)
        padded.storeBytes(of: 0, toByteOffset: count, as: UInt64.self)
        @inline(__always) func partRank(_ s: Int, _ length: Int) -> TokenID {
            if length > 8 { return filteredRank(piece + s, length) }
            let prefix = padded.loadUnaligned(fromByteOffset: s, as: UInt64.self) & (UInt64.max &>> (64 &- 8 &* UInt64(truncatingIfNeeded: length)))
            let hash = _shortHash(prefix, length)
            if !mayBeToken(hash) { return Self.none }
            return rank(piece + s, length, key: (prefix, hash))
        }
        var m = count
        for i in 0..<count {
            start[i] = UInt32(truncatingIfNeeded: i)
            token[i] = byteRanks[Int(piece[i])]
        }
        start[count] = UInt32(truncatingIfNeeded: count)
        for i in 0..<(count - 1) { pair[i] = pairRank(piece + i) }

        while m > 1 {
            var best = Self.none
            var at = 0
            for i in 0..<(m - 1) where pair[i] < best {
                best = pair[i]
                at = i
            }
            if best == Self.none { break }
            // Merge parts `at` and `at + 1`.
            token[at] = best
            var i = at + 1
            while i < m {
                start[i] = start[i + 1]
                i += 1
            }
            i = at + 1
            while i < m - 1 {
                token[i] = token[i + 1]
                pair[i] = pair[i + 1]
                i += 1
            }
            m -= 1
            if at + 1 < m {
                let s = Int(start[at])
                pair[at] = partRank(s, Int(start[at + 2]) &- s)
            }
            if at > 0 {
                let s = Int(start[at - 1])
                pair[at - 1] = partRank(s, Int(start[at + 1]) &- s)
            }
        }
        return m
    }

    /// The same merge order with a heap and a linked list of parts:
    /// O(n log n) for long pieces (1 MB of one repeated byte, long runs of
    /// letters without spaces, CJK text).
    @inline(never)
    func _mergeLarge<Sink: _TokenSink>(_ piece: UnsafePointer<UInt8>, _ count: Int, into sink: inout Sink) {
        // A part is identified by its start byte; next[i] is the start of the
        // following part (count at the end), prev[i] that of the previous one.
        let next = UnsafeMutablePointer<Int32>.allocate(capacity: count)
        let prev = UnsafeMutablePointer<Int32>.allocate(capacity: count)
        let token = UnsafeMutablePointer<TokenID>.allocate(capacity: count)
        let pair = UnsafeMutablePointer<TokenID>.allocate(capacity: count)
        var heap = _MinHeap(capacity: count * 3)
        defer {
            next.deallocate(); prev.deallocate(); token.deallocate(); pair.deallocate()
            heap.deallocate()
        }
        for i in 0..<count {
            next[i] = Int32(i + 1)
            prev[i] = Int32(i - 1)
            token[i] = byteRanks[Int(piece[i])]
            pair[i] = Self.none
        }
        for i in 0..<(count - 1) {
            let r = pairRank(piece + i)
            pair[i] = r
            if r != Self.none { heap.push(UInt64(r) << 32 | UInt64(i)) }
        }
        while let key = heap.pop() {
            let r = TokenID(truncatingIfNeeded: key >> 32)
            let i = Int(truncatingIfNeeded: key & 0xFFFF_FFFF)
            // Stale entries: the part was merged away (pair reset) or its pair changed.
            guard pair[i] == r else { continue }
            let j = Int(next[i])
            let k = Int(next[j])
            token[i] = r
            next[i] = Int32(k)
            if k < count { prev[k] = Int32(i) }
            pair[j] = Self.none
            if k < count {
                let end = Int(next[k])
                let merged = filteredRank(piece + i, end - i)
                pair[i] = merged
                if merged != Self.none { heap.push(UInt64(merged) << 32 | UInt64(i)) }
            } else {
                pair[i] = Self.none
            }
            let p = Int(prev[i])
            if p >= 0 {
                let merged = filteredRank(piece + p, k - p)
                pair[p] = merged
                if merged != Self.none { heap.push(UInt64(merged) << 32 | UInt64(p)) }
            }
        }
        var i = 0
        while i < count {
            sink.append(token[i])
            i = Int(next[i])
        }
    }
}

/// A memo of merged pieces for one call: two-way sets of two slots of one
/// cache line each,
///
///     | hash tag: 4 | count: 1 | token count: 1 | way-1 tag: 2 | piece: 32 | tokens: 8 x 3 |   64 bytes
///
/// (tokens are 24-bit: ranks are below 2^24). The set index is `hash >> 41`,
/// the tag the hash's low 32 bits; the piece bytes are compared in full.
/// The first slot of a set (way 0) holds the piece used last, the second
/// (way 1) the one before; way 0's bytes 6-7 keep the low 16 bits of way
/// 1's tag, so a piece in neither way is refused reading one cache line.
///
/// Pieces up to 32 bytes that merge into at most 8 tokens are kept; a new
/// piece moves way 0 to way 1 (evicting way 1), a hit in way 1 swaps the two.
///
/// The table starts at 256 to 16384 slots (one for every 64 input bytes).
/// Each time it has taken a quarter as many new pieces as it has slots, it
/// looks at the input read meanwhile: with more than 8 new pieces a KB it
/// grows, keeping its entries, to 65536 slots or one for every 128 input
/// bytes, whichever is less (so inputs below 2 MB keep 16384). Text whose
/// words are mostly tokens (English, code: about 3 new pieces a KB) keeps a
/// small table that stays in the L2 cache; text with many merged words
/// (German, French, Russian: about 17) gets room for its vocabulary.
struct _PieceCache {
    static let stride = 64
    static let maxPiece = 32
    static let maxTokens = 8
    /// Below this many input bytes, clearing the cache costs more than it saves.
    static let minimumInput = 4096
    static let initialMaxSlots = 16384
    static let maxSlots = 65536

    /// The table and its counters, behind one pointer so that the cache can
    /// grow while it is passed around by value.
    struct _State {
        var base: UnsafeMutableRawPointer
        /// A power of two: slots - 1.
        var slotMask: UInt64
        /// Pieces stored since `windowStart`.
        var stores: Int
        /// Where in the input the current window of stores began.
        var windowStart: UnsafePointer<UInt8>
        /// The number of slots the table may grow to.
        var limit: Int
    }

    let state: UnsafeMutablePointer<_State>

    init(text: UnsafePointer<UInt8>, inputBytes: Int) {
        var slots = 256
        while slots < Self.initialMaxSlots && slots * 64 < inputBytes { slots <<= 1 }
        var limit = slots
        while limit < Self.maxSlots && limit * 128 < inputBytes { limit <<= 1 }
        state = .allocate(capacity: 1)
        state.initialize(to: _State(base: Self._allocate(slots), slotMask: UInt64(slots - 1), stores: 0, windowStart: text, limit: limit))
    }

    /// The table, zeroed, with one slot of slack: `emit` reads the last
    /// token as 4 bytes, one past the slot.
    static func _allocate(_ slots: Int) -> UnsafeMutableRawPointer {
        let base = UnsafeMutableRawPointer.allocate(byteCount: (slots + 1) * Self.stride, alignment: 128)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: (slots + 1) * Self.stride)
        return base
    }

    func deallocate() {
        state.pointee.base.deallocate()
        state.deallocate()
    }

    /// The first slot (way 0) of the set of `hash`.
    @inline(__always)
    func slot(_ hash: UInt64) -> UnsafeMutableRawPointer {
        state.pointee.base + Int(truncatingIfNeeded: (hash >> 40) & state.pointee.slotMask & ~1) &* Self.stride
    }

    @inline(__always)
    static func _matches(_ slot: UnsafeMutableRawPointer, _ hash: UInt64, _ piece: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        slot.load(as: UInt32.self) == UInt32(truncatingIfNeeded: hash)
            && Int(slot.load(fromByteOffset: 4, as: UInt8.self)) == count
            && _equal(UnsafePointer(slot.advanced(by: 8).assumingMemoryBound(to: UInt8.self)), piece, count)
    }

    /// The slot of the set `set` (from `slot(_:)`) holding the piece, or nil.
    @inline(__always)
    func find(_ set: UnsafeMutableRawPointer, _ hash: UInt64, _ piece: UnsafePointer<UInt8>, _ count: Int) -> UnsafeMutableRawPointer? {
        if Self._matches(set, hash, piece, count) { return set }
        if set.load(fromByteOffset: 6, as: UInt16.self) != UInt16(truncatingIfNeeded: hash) { return nil }
        return _findSecond(set, hash, piece, count)
    }

    /// Way 1: on a hit, the two ways swap, so that way 0 holds the piece used last.
    @inline(never)
    func _findSecond(_ set: UnsafeMutableRawPointer, _ hash: UInt64, _ piece: UnsafePointer<UInt8>, _ count: Int) -> UnsafeMutableRawPointer? {
        let second = set + Self.stride
        guard Self._matches(second, hash, piece, count) else { return nil }
        withUnsafeTemporaryAllocation(byteCount: Self.stride, alignment: 16) { line in
            let temporary = line.baseAddress!
            temporary.copyMemory(from: set, byteCount: Self.stride)
            set.copyMemory(from: second, byteCount: Self.stride)
            second.copyMemory(from: temporary, byteCount: Self.stride)
        }
        set.storeBytes(of: UInt16(truncatingIfNeeded: second.load(as: UInt32.self)), toByteOffset: 6, as: UInt16.self)
        return set
    }

    @inline(__always)
    func emit<Sink: _TokenSink>(_ slot: UnsafeMutableRawPointer, into sink: inout Sink) {
        let tokens = Int(slot.load(fromByteOffset: 5, as: UInt8.self))
        for i in 0..<tokens {
            sink.append(slot.loadUnaligned(fromByteOffset: 40 &+ 3 &* i, as: TokenID.self) & 0xFF_FFFF)
        }
    }

    /// Stores a piece's tokens in `slot` (from `slot(hash)`, which this call
    /// may invalidate: the table can grow).
    @inline(__always)
    func store(
        _ slot: UnsafeMutableRawPointer, _ hash: UInt64, _ piece: UnsafePointer<UInt8>, _ count: Int,
        tokens: UnsafePointer<TokenID>, _ tokenCount: Int
    ) {
        guard tokenCount <= Self.maxTokens else { return }
        Self._write(slot, hash, piece, count, tokens: tokens, tokenCount)
        state.pointee.stores &+= 1
        if state.pointee.stores &<< 2 > Int(truncatingIfNeeded: state.pointee.slotMask) { _window(end: piece) }
    }

    /// Writes an entry into way 0 of `slot`'s set, moving a piece there to way 1.
    @inline(__always)
    static func _write(
        _ slot: UnsafeMutableRawPointer, _ hash: UInt64, _ piece: UnsafePointer<UInt8>, _ count: Int,
        tokens: UnsafePointer<TokenID>, _ tokenCount: Int
    ) {
        if slot.load(fromByteOffset: 5, as: UInt8.self) != 0 {
            (slot + Self.stride).copyMemory(from: slot, byteCount: Self.stride)
            slot.storeBytes(of: UInt16(truncatingIfNeeded: slot.load(as: UInt32.self)), toByteOffset: 6, as: UInt16.self)
        }
        slot.storeBytes(of: UInt32(truncatingIfNeeded: hash), as: UInt32.self)
        slot.storeBytes(of: UInt8(truncatingIfNeeded: count), toByteOffset: 4, as: UInt8.self)
        slot.storeBytes(of: UInt8(truncatingIfNeeded: tokenCount), toByteOffset: 5, as: UInt8.self)
        (slot + 8).copyMemory(from: piece, byteCount: count)
        for i in 0..<tokenCount {
            let token = tokens[i]
            slot.storeBytes(of: UInt16(truncatingIfNeeded: token), toByteOffset: 40 &+ 3 &* i, as: UInt16.self)
            slot.storeBytes(of: UInt8(truncatingIfNeeded: token >> 16), toByteOffset: 42 &+ 3 &* i, as: UInt8.self)
        }
    }

    /// Ends a window of stores at `end` (the last stored piece): doubles
    /// the table when the window held more than 8 stores a KB of input.
    @inline(never)
    func _window(end: UnsafePointer<UInt8>) {
        let bytes = end - state.pointee.windowStart
        let dense = state.pointee.stores &* 128 > bytes
        state.pointee.stores = 0
        state.pointee.windowStart = end
        if dense && Int(truncatingIfNeeded: state.pointee.slotMask) + 1 < state.pointee.limit { _grow() }
    }

    /// Grows the table to its limit, moving every entry to its new set
    /// (way 1 of each old set first, so a set's last-used piece stays in way 0).
    @inline(never)
    func _grow() {
        let oldSlots = Int(truncatingIfNeeded: state.pointee.slotMask) + 1
        let old = state.pointee.base
        let slots = state.pointee.limit
        let base = Self._allocate(slots)
        let mask = UInt64(slots - 1)
        for i in 0..<oldSlots {
            let from = old + (i ^ 1) &* Self.stride
            // An empty slot has token count 0; a stored piece has at least one token.
            guard from.load(fromByteOffset: 5, as: UInt8.self) != 0 else { continue }
            // Only the tag is stored: the index comes from the piece's hash.
            let count = Int(from.load(fromByteOffset: 4, as: UInt8.self))
            let hash = _key(UnsafePointer(from.advanced(by: 8).assumingMemoryBound(to: UInt8.self)), count).hash
            let to = base + Int(truncatingIfNeeded: (hash >> 40) & mask & ~1) &* Self.stride
            if to.load(fromByteOffset: 5, as: UInt8.self) != 0 {
                (to + Self.stride).copyMemory(from: to, byteCount: Self.stride)
                to.storeBytes(of: UInt16(truncatingIfNeeded: to.load(as: UInt32.self)), toByteOffset: 6, as: UInt16.self)
            }
            let partner = to.load(fromByteOffset: 6, as: UInt16.self)
            to.copyMemory(from: from, byteCount: Self.stride)
            to.storeBytes(of: partner, toByteOffset: 6, as: UInt16.self)
        }
        old.deallocate()
        state.pointee.base = base
        state.pointee.slotMask = mask
    }
}

/// A binary min-heap of `(rank << 32 | position)` keys: lowest rank first, then leftmost.
struct _MinHeap {
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

/// `_key` of `count` bytes (1 to 16) at `bytes`, where 16 bytes may be
/// read: two loads and masks, no branch on the length.
@inline(__always)
func _maskedKey(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> (prefix: UInt64, hash: UInt64) {
    let raw = UnsafeRawPointer(bytes)
    let first = UInt64(truncatingIfNeeded: Swift.min(count, 8))
    let prefix = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)) & (UInt64.max &>> (64 &- 8 &* first))
    let rest = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        & (UInt64.max &>> (128 &- 8 &* UInt64(truncatingIfNeeded: count)))
    let next = count > 8 ? rest : 0
    return (prefix, _pairHash(prefix, next, count))
}

/// Byte equality for short ranges: 8-byte words, the last one overlapping
/// the one before (no byte loop for the tail); two overlapping 4-byte
/// words for 4 to 7 bytes. Reads no byte outside `[0, count)`.
@inline(__always)
func _equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    if count >= 8 {
        var i = 0
        while i &+ 8 < count {
            if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                return false
            }
            i &+= 8
        }
        return ra.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
            == rb.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
    }
    if count >= 4 {
        return ra.loadUnaligned(as: UInt32.self) == rb.loadUnaligned(as: UInt32.self)
            && ra.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
                == rb.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
    }
    var i = 0
    while i < count {
        if a[i] != b[i] { return false }
        i &+= 1
    }
    return true
}
