#!/usr/bin/env bash
# Peak memory of compressing large inputs (the bound: under 4x the input
# above the vocabulary and the tokenizer's tables). Builds
# Fuzz/Tools/MemoryProbe in release into .build-memory, writes inputs of the
# given sizes (default 10 and 100 MB) from the Paul Graham essays in
# $TERSIFY_DATA (each copy numbered, so exact deduplication does not make the
# job trivial), and runs one process per size.
#
# With --shuffled, the input is text without repeats: each line of the essay
# input of that size with its words shuffled (a seeded generator, so the
# file is the same on every run), one line a paragraph, paragraphs separated
# by a blank line. At a 4x ratio nearly all of it reaches the fine stage
# (sentences, passes, query-free ranking), the worst case for memory.
#
#   scripts/measure-memory.sh [--shuffled] [MEGABYTES…]
set -euo pipefail
shuffled=0
if [ "${1:-}" = "--shuffled" ]; then shuffled=1; shift; fi
cd "$(dirname "$0")/.."
data=${TERSIFY_DATA:-../shared/corpora}
essays="$data/haystack/PaulGrahamEssays"
[ -d "$essays" ] || { echo "no essays at $essays (set TERSIFY_DATA)" >&2; exit 1; }
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(10 100)

bash scripts/fetch-vocabulary.sh >/dev/null
TERSIFY_FUZZ=1 swift build -c release --scratch-path .build-memory --product tersify-memory-probe 2>&1 | grep -E "error|Compiling|Build" | tail -3
mkdir -p .build-memory/inputs
for mb in "${sizes[@]}"; do
    input=".build-memory/inputs/essays-${mb}MB.txt"
    if [ ! -f "$input" ]; then
        python3 - "$essays" "$input" "$mb" <<'PY'
import os, sys
folder, out, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
texts = [open(os.path.join(folder, n), encoding="utf-8", errors="replace").read() for n in sorted(os.listdir(folder))]
limit, size, copy = mb * 1_000_000, 0, 0
with open(out, "w", encoding="utf-8") as f:
    while size < limit:
        for text in texts:
            chunk = f"Copy {copy}. " + text.replace("\n\n", f"\n\n({copy}) ") + "\n\n"
            f.write(chunk); size += len(chunk.encode()); copy += 1
            if size >= limit: break
PY
    fi
    if [ "$shuffled" = 1 ]; then
        essays_input=$input
        input=".build-memory/inputs/shuffled-${mb}MB.txt"
        [ -f "$input" ] || python3 - "$essays_input" "$input" <<'PY'
import random, sys
source, out = sys.argv[1], sys.argv[2]
rng = random.Random(6)
with open(source, encoding="utf-8") as f, open(out, "w", encoding="utf-8") as o:
    for line in f:
        words = line.split()
        if not words: continue
        rng.shuffle(words)
        o.write(" ".join(words) + "\n\n")
PY
    fi
    echo "== $(du -h "$input" | cut -f1) $input"
    /usr/bin/time -f "time: %e s wall, max RSS %M KB" .build-memory/release/tersify-memory-probe "$input" 0.25
done
