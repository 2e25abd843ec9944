#!/usr/bin/env bash
# Runs the full quality benchmark suite in release, copies its Markdown
# tables and SVG plots into docs/bench/ and puts the headline table into the
# README (between the bench:headline markers).
#
#   bash scripts/bench.sh              # full run (under ten minutes on 2 cores)
#   bash scripts/bench.sh --quick      # CI-sized samples (under a minute), into
#                                      # bench-results/ only: with any argument the
#                                      # docs and the README stay as they are
#
# Extra arguments go to `tersify bench`. The data is read from $TERSIFY_DATA
# (default ../shared/corpora) and checked against corpora/eval/manifest.tsv.
# All figures, with the JSON, stay in bench-results/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/fetch-vocabulary.sh >/dev/null
swift build -c release --product tersify
start=$(date +%s)
.build/release/tersify bench --out bench-results "$@" > bench-results.stdout.md
echo "bench: $(( $(date +%s) - start )) s wall time" >&2

# Only a full run with default settings goes into the docs and the README.
if [ "$#" -gt 0 ]; then
    rm -f bench-results.stdout.md
    echo "bench: arguments given ($*): results left in bench-results/, docs/bench/ and the README unchanged" >&2
    exit 0
fi
mkdir -p docs/bench
cp bench-results/results.md bench-results/headline.md docs/bench/
cp bench-results/*.svg docs/bench/
rm -f bench-results.stdout.md

# The README's table: the lines between the two markers are replaced by
# headline.md's table and legend (its settings stay in docs/bench/).
awk -v table=docs/bench/headline.md '
    /<!-- bench:headline:start -->/ {
        print
        while ((getline line < table) > 0) if (line ~ /^\|/ || line ~ /^Each cell/ || (line == "" && printed)) { print line; printed = 1 }
        skip = 1; next
    }
    /<!-- bench:headline:end -->/ { skip = 0 }
    !skip { print }
' README.md > README.md.tmp && mv README.md.tmp README.md
echo "bench: wrote docs/bench/ (results.md, headline.md, $(ls docs/bench/*.svg | wc -l) plots) and the README table" >&2
