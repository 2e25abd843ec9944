#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/Targets and runs them.
#
#   scripts/fuzz.sh TARGET SECONDS    one target (FuzzTokenizer, FuzzCompressor, FuzzVocabulary, FuzzMessages)
#   scripts/fuzz.sh all SECONDS       every target, SECONDS each, one after another
#   scripts/fuzz.sh --long [TARGET]   every target (or one) for an hour each
#   scripts/fuzz.sh TARGET FILE…      replay inputs (a crash file, a corpus folder)
#
# Slowness is a finding too: FuzzCompressor fails on an input that takes
# more than 1 s per 100 KB of -max_len (libFuzzer's -timeout, whole seconds,
# at least 1: 1 s at the default 4096 bytes), the vocabulary and tables
# being loaded before the first input (FuzzMain.swift). The other targets
# keep a 60 s timeout. FUZZ_TIMEOUT overrides both.
#
# The targets are only in the package with TERSIFY_FUZZ=1, and are built
# optimized (`-c release`: a timeout then means slow code, not a slow build,
# and an hour runs ten times the inputs) with `-sanitize=fuzzer,address`
# into their own scratch path (.build-fuzz), so a plain `swift build` never
# needs libFuzzer. FUZZ_CONFIG=debug builds them unoptimized instead. New corpus entries go to
# .build-fuzz/corpus/TARGET (not committed); the small seeds in
# Fuzz/Corpus/TARGET are read too. A crash is written to
# .build-fuzz/crashes/TARGET/, the script prints it and exits non-zero:
# minimize it (`-minimize_crash=1`), fix the bug, add a regression test.
#
# Environment: FUZZ_JOBS (parallel workers a target, default 1),
# FUZZ_MAX_LEN (default 4096 bytes), FUZZ_RSS_MB (default 2048), FUZZ_TIMEOUT
# (seconds an input may take; default above), FUZZ_CONFIG (release or debug).
set -euo pipefail
cd "$(dirname "$0")/.."

all_targets=(FuzzTokenizer FuzzCompressor FuzzVocabulary FuzzMessages)
usage() { echo "usage: $0 {$(IFS='|'; echo "${all_targets[*]}")|all} SECONDS | $0 --long [TARGET] | $0 TARGET FILE…" >&2; exit 2; }
if [ "${1:-}" = --long ]; then
    [ $# -le 2 ] || usage
    set -- "${2:-all}" 3600
fi
[ $# -ge 2 ] || usage
target=$1; shift
max_len=${FUZZ_MAX_LEN:-4096}
config=${FUZZ_CONFIG:-release}
[[ $config == release || $config == debug ]] || { echo "FUZZ_CONFIG must be release or debug, not '$config'" >&2; exit 2; }
[[ $max_len =~ ^[0-9]+$ ]] || { echo "FUZZ_MAX_LEN must be a number of bytes, not '$max_len'" >&2; exit 2; }

# libFuzzer's -timeout for a target, in whole seconds.
timeout_for() {
    if [ -n "${FUZZ_TIMEOUT:-}" ]; then echo "$FUZZ_TIMEOUT"
    elif [ "$1" = FuzzCompressor ]; then echo $(( (max_len + 102399) / 102400 ))
    else echo 60
    fi
}

corpus_name() {
    case $1 in
        FuzzTokenizer) echo tokenizer ;;
        FuzzCompressor) echo compressor ;;
        FuzzVocabulary) echo vocabulary ;;
        FuzzMessages) echo messages ;;
        *) echo "unknown fuzz target '$1' (known: ${all_targets[*]})" >&2; exit 2 ;;
    esac
}

build() {
    bash scripts/fetch-vocabulary.sh --all >/dev/null
    for t in "$@"; do
        # ld.gold warns about every ASan check symbol; keep the log readable.
        # -enable-testing: the targets use `@testable import` in release too.
        TERSIFY_FUZZ=1 swift build -c "$config" --scratch-path .build-fuzz --product "$t" \
            -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing 2>&1 \
            | grep -v "Cannot export local symbol" || { echo "fuzz build of $t failed" >&2; exit 1; }
        [ -x ".build-fuzz/$config/$t" ] || { echo "fuzz build of $t failed" >&2; exit 1; }
    done
}

run() {
    local t=$1 seconds=$2 name
    name=$(corpus_name "$t")
    local corpus=".build-fuzz/corpus/$name" crashes=".build-fuzz/crashes/$name"
    mkdir -p "$corpus" "$crashes"
    local log=".build-fuzz/$t.log"
    local start=$(date +%s) status=0
    ".build-fuzz/$config/$t" "$corpus" "Fuzz/Corpus/$name" \
        -max_total_time="$seconds" -max_len="$max_len" -rss_limit_mb="${FUZZ_RSS_MB:-2048}" \
        -timeout="$(timeout_for "$t")" -print_final_stats=1 -artifact_prefix="$crashes/" \
        ${FUZZ_JOBS:+-fork="$FUZZ_JOBS"} >"$log" 2>&1 || status=$?
    local runs execs
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
    execs=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
    if [ -z "$runs" ]; then
        # -fork prints no final stats; its last progress line has the totals.
        runs=$(grep -oE '^#[0-9]+:' "$log" | tr -d '#:' | tail -1 || true)
        execs=$(grep -E '^#[0-9]+:' "$log" | grep -oE 'exec/s: [0-9]+' | grep -oE '[0-9]+' | tail -1 || true)
    fi
    echo "$t: ${runs:-?} executions in $(( $(date +%s) - start )) s (${execs:-?}/s), corpus $(ls "$corpus" | wc -l) entries, status $status"
    if [ "$status" -ne 0 ]; then
        grep -E "Fatal error|ERROR: |SUMMARY|Test unit written|Fuzz[A-Za-z]*: |timeout value" "$log" | head -20 >&2
        echo "full log: $log" >&2
        # The whole input, so a CI log alone is enough to replay it
        # (`base64 -d > crash`; CI's clone is gone afterwards).
        local unit
        unit=$(grep -o "Test unit written to .*" "$log" | tail -1 | sed 's/^Test unit written to //' || true)
        if [ -n "$unit" ] && [ -f "$unit" ]; then
            echo "input ($(wc -c <"$unit") bytes, base64):" >&2
            base64 -w 0 "$unit" >&2
            echo >&2
        fi
        return 1
    fi
}

if [ "$target" = all ]; then
    [ $# -eq 1 ] || usage
    build "${all_targets[@]}"
    failed=0
    for t in "${all_targets[@]}"; do run "$t" "$1" || failed=1; done
    exit $failed
fi

corpus_name "$target" >/dev/null
build "$target"
if [ $# -eq 1 ] && [[ $1 =~ ^[0-9]+$ ]]; then
    run "$target" "$1"
else
    # Replay: run the target once on each given file or folder, with the
    # same timeout, so that a slow input fails here too.
    ".build-fuzz/$config/$target" -timeout="$(timeout_for "$target")" "$@" 2>&1 | grep -v "^INFO"
fi
