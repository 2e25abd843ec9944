#!/usr/bin/env bash
# The release build, run the way users run it: README command 1 on the
# shipped sample, token ids against tiktoken on seeded text with long
# non-ASCII words (scripts/release-parity.py; cl100k_base and o200k_base), then the quality benchmark
# on the needle, HotpotQA and NQ tasks at 4x and 256 tokens. The tests run
# a debug build, and a crash can show in the release build only (one did:
# near-dedup's radix sort, on the needle task), so CI runs this too. Fails
# on a crash, a non-zero exit, a token that differs, or a case that failed,
# went over its budget or was not extractive.
#
# TERSIFY_DATA points at the evaluation corpora (default ../shared/corpora).
set -euo pipefail
cd "$(dirname "$0")/.."
# The libraries and the command line in release, without `serve` and `mcp`
# (TERSIFY_NO_SERVER=1): their dependencies (SwiftNIO, BoringSSL,
# Hummingbird) took most of the release build, and the server's tests run
# on the debug build.
export TERSIFY_NO_SERVER=1

data="${TERSIFY_DATA:-../shared/corpora}"
bash scripts/fetch-vocabulary.sh --all >/dev/null
swift build -c release --product tersify
bin="$(swift build -c release --show-bin-path)/tersify"

"$bin" --budget 200 --stats corpora/samples/rag-prompt.txt >/dev/null
# Token ids of the release build against tiktoken (installed by scripts/test.sh).
for encoding in cl100k_base o200k_base; do
    python3 scripts/release-parity.py "$bin" "${TERSIFY_CACHE:-$HOME/.cache/tersify}/$encoding.tiktoken" "$data" "$encoding"
done

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$bin" bench --data "$data" --tasks needle,hotpotqa,nq-20 --ratios 4 --budgets 256 --out "$out" >"$out/table.md"
python3 - "$out/results.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))
rows = [(task["task"], row) for task in results["tasks"] for row in task["results"] if row["method"] == "tersify"]
assert len(rows) == 6, f"expected 6 Tersify rows (3 tasks, 2 targets), found {len(rows)}"
bad = [(task, row["target"]) for task, row in rows if row["failed"] or row["overBudget"] or row["nonExtractive"]]
assert not bad, f"failed, over budget or not extractive: {bad}"
print(f"release check: {len(rows)} Tersify rows, {sum(row['cases'] for _, row in rows)} cases, none failed, over budget or not extractive")
PY
