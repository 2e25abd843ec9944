#!/usr/bin/env bash
# The test suite under the sanitizers, each in its own scratch path:
#
#   scripts/sanitize.sh address   the suite under AddressSanitizer (.build-asan), less
#                                 the slowest quality and parity checks
#   scripts/sanitize.sh thread    the concurrent code's tests under ThreadSanitizer (.build-tsan)
#   scripts/sanitize.sh           both
#
# Extra arguments go to `swift test` (e.g. --filter Hostile).
#
# Both build `tersify` without `serve` (TERSIFY_NO_SERVER=1): the server's
# dependencies (SwiftNIO, Hummingbird, AsyncHTTPClient) took minutes to
# build under each sanitizer, and the server's tests run in the plain suite.
#
# LeakSanitizer is off: the Swift runtime keeps metadata and the test
# runner's globals alive until exit on purpose, which LSan reports as leaks.
# A sanitizer report fails the run (halt_on_error).
set -euo pipefail
cd "$(dirname "$0")/.."

export TERSIFY_NO_SERVER=1
which=${1:-all}
[ $# -gt 0 ] && shift

address() {
    export ASAN_OPTIONS="detect_leaks=0:halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=0"
    swift build --build-tests --scratch-path .build-asan --sanitize=address
    # The slowest data-driven checks of quality and parity (the benchmark
    # tasks' suites among them) are left to the plain run (scripts/test.sh):
    # under ASan the NQ-at-scale test alone took 12 minutes. Their code paths run here through the other tests,
    # and the fuzz targets run under ASan too. The server's and Spark's
    # tests need the server, and a JVM beside ASan; the peak-memory test
    # measures ASan's shadow memory (a 532 MiB baseline). Left to the plain
    # run as well, for time (each 15-110 s under ASan): the table files
    # built for four vocabularies (their reading, corrupt and stale files
    # stay), the rendering checks of whole budgets and sections, and the
    # CLI's megabyte inputs on one line or of one repeated character, whose
    # library paths run here through CompressionHostileInputTests.
    swift test --skip-build --scratch-path .build-asan --sanitize=address \
        --skip "naturalQuestionsAtScale|RetrievalQualityTests|QuickSuiteTests|QueryFreeRecallTests|PromptTaskTests|RetrieverScoresTests|ManPageStructureTests|ParityTests|RegexSplitTests/codePointsMatchICU|RegexSplitTests/matchesReference|ServeCLITests|MCPCLITests|SparkBatchTests|MemoryCLITests|BudgetFillTests/shapesFill|LinearTimeTests|TableFileTests/roundTrip|RenderingTests/headingsWithSections|RenderingTests/budgetUsed|RenderingTests/noBlankRuns|HostileCLITests/longLine|HostileCLITests/emojiSequenceRepeated|HostileCLITests/oneCharacterRepeated" "$@"
}

thread() {
    export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
    swift build --build-tests --scratch-path .build-tsan --sanitize=thread
    # The concurrent code: the lock around shared state (`Locked`), the
    # parallel and batch encoders, the input's token count on a background
    # thread (`InputTokenCount`) and the work a two-stage compression shares
    # with that thread (`WorkShare`).
    swift test --skip-build --scratch-path .build-tsan --sanitize=thread \
        --filter "LockedTests|WorkShareTests|TokenizerTests/parallel|TwoStageCompressionTests/inputCountIsExact|TwoStageCompressionTests/splitScanMatchesOnePart|TwoStageCompressionTests/splitSigningMatchesOneThread|TwoStageCompressionTests/splitSentencesMatchOneThread|TwoStageCompressionTests/sharedCountsMatchOneThread|TwoStageCompressionTests/largeInput" "$@"
}

case $which in
    address) address "$@" ;;
    thread) thread "$@" ;;
    all) (address "$@") && (thread "$@") ;;
    *) echo "usage: $0 [address|thread|all] [swift test arguments…]" >&2; exit 2 ;;
esac
