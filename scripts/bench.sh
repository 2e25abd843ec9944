#!/usr/bin/env bash
# Runs the full quality benchmark suite in release and copies its Markdown
# table and SVG plots into docs/bench/ for the README.
#
#   bash scripts/bench.sh              # full run (under ten minutes on 2 cores)
#   bash scripts/bench.sh --quick      # CI-sized samples (under a minute)
#
# Extra arguments go to `tersify bench`. The data is read from $TERSIFY_DATA
# (default ../shared/corpora) and checked against corpora/eval/manifest.tsv.
# All figures, with the JSON, stay in bench-results/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

bash scripts/fetch-vocabulary.sh >/dev/null
swift build -c release --product tersify
start=$(date +%s)
.build/release/tersify bench --out bench-results "$@" > bench-results.stdout.md
echo "bench: $(( $(date +%s) - start )) s wall time" >&2

mkdir -p docs/bench
cp bench-results/results.md docs/bench/results.md
cp bench-results/*.svg docs/bench/
rm -f bench-results.stdout.md
echo "bench: wrote docs/bench/results.md and $(ls docs/bench/*.svg | wc -l) plots" >&2
