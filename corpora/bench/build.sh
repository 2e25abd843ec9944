#!/usr/bin/env bash
# Build the tokenizer benchmark corpora: english.txt, code.txt and
# multilingual.txt, each valid UTF-8 of 5,000,000 to 8,000,000 bytes.
#
#   corpora/bench/build.sh [--force] [OUT_DIR]
#
# OUT_DIR defaults to ${TERSIFY_CACHE:-$HOME/.cache/tersify}/bench. The files
# are built once; with all three present the script only prints them, unless
# --force is given. Nothing is written into the repository.
#
# Sources (see MANIFEST.md): Debian 12 documentation packages at pinned
# versions, fetched with `apt-get download` and unpacked with dpkg-deb (not
# installed), and the machine's Swift package mirrors (bare git
# repositories, folder $SWIFT_PACKAGES) at fixed tags. The text is made by
# corpus.py next to this script.
set -euo pipefail

usage() { sed -n '2,9s/^# \{0,1\}//p' "$0"; }

FORCE=0
OUT_DIR=""
for arg in "$@"; do
    case "$arg" in
        --force) FORCE=1 ;;
        -h|--help) usage; exit 0 ;;
        -*) echo "build.sh: unknown option $arg" >&2; usage >&2; exit 2 ;;
        *) [[ -z "$OUT_DIR" ]] || { usage >&2; exit 2; }; OUT_DIR="$arg" ;;
    esac
done
OUT_DIR="${OUT_DIR:-${TERSIFY_CACHE:-$HOME/.cache/tersify}/bench}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ -z "${SWIFT_PACKAGES:-}" ]]; then
    echo "build.sh: set SWIFT_PACKAGES to the folder of the Swift package git mirrors (OWNER/NAME.git)" >&2
    exit 2
fi
GIT_ROOT="$SWIFT_PACKAGES"
FILES=(english.txt code.txt multilingual.txt)

# SHA-256 of the outputs as built from the pinned sources; a difference is
# reported (not fatal): it means a source changed (see MANIFEST.md).
declare -A EXPECTED=(
    [english.txt]=8d7246be89cd55d50c7a0f371c3f7ce349ff8476113f562c1f4ddf4c5288ae78
    [code.txt]=03053878611681fdc9cb189593d20dde7ab13b7d4e0cfb73b9de52016bde606a
    [multilingual.txt]=d21f9ae453c3bc0f4fbddfbec63a5dc7ca4aaa6da4cd52fc158ebf4570d2a985
)

# Debian 12 (bookworm) packages, pinned (packages.sh).
source "$HERE/packages.sh"
DEBS=("${MULTILINGUAL_DEBS[@]:0:1}" "${ENGLISH_DEBS[@]}" "${MULTILINGUAL_DEBS[@]:1}")

log() { printf '%s\n' "build.sh: $*" >&2; }

summary() {
    local f size sum status=0
    for f in "${FILES[@]}"; do
        size=$(stat -c %s "$OUT_DIR/$f")
        sum=$(sha256sum "$OUT_DIR/$f" | cut -d' ' -f1)
        if [[ "$sum" == "${EXPECTED[$f]}" ]]; then
            printf '%-17s %9d bytes  sha256 %s  (as expected)\n' "$f" "$size" "$sum"
        else
            printf '%-17s %9d bytes  sha256 %s  (DIFFERS from %s)\n' "$f" "$size" "$sum" "${EXPECTED[$f]}"
            status=1
        fi
    done
    if (( status )); then
        log "warning: some output differs from MANIFEST.md; a pinned source has changed"
    fi
}

all_present() {
    local f
    for f in "${FILES[@]}"; do [[ -s "$OUT_DIR/$f" ]] || return 1; done
}

if (( ! FORCE )) && all_present; then
    log "corpora already in $OUT_DIR (use --force to rebuild)"
    summary
    exit 0
fi

for tool in python3 git apt-get apt-cache dpkg-deb tar sha256sum; do
    command -v "$tool" >/dev/null || { log "missing tool: $tool"; exit 1; }
done
[[ -d "$GIT_ROOT" ]] || { log "no Swift package mirrors at $GIT_ROOT"; exit 1; }

as_root() {
    if [[ $EUID -eq 0 ]]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else log "need root for: $*"; return 1; fi
}

START=$SECONDS
mkdir -p "$OUT_DIR"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tersify-bench.XXXXXX")"
trap 'rm -rf "$WORK" "$OUT_DIR"/.*.txt.part' EXIT
mkdir -p "$WORK/debs" "$WORK/root"

# apt's package lists may be missing or stale on a fresh machine.
NAMES=("${DEBS[@]%%=*}")
needs_update=0
have=$(apt-cache policy "${NAMES[@]}" 2>/dev/null | grep -c 'Candidate: [^(]' || true)
(( have == ${#NAMES[@]} )) || needs_update=1
if (( needs_update )); then
    log "apt-get update"
    as_root apt-get update -qq
fi

APT_OPTS=(-q)
[[ $EUID -eq 0 ]] && APT_OPTS+=(-o APT::Sandbox::User=root)
download() { (cd "$WORK/debs" && apt-get "${APT_OPTS[@]}" download "$@" >/dev/null); }
log "downloading ${#DEBS[@]} Debian packages"
if ! download "${DEBS[@]}"; then
    if (( ! needs_update )); then
        log "apt-get update (a pinned version was not found)"
        as_root apt-get update -qq
    fi
    if ! download "${DEBS[@]}"; then
        # A pinned version left the archive (a point release replaced it):
        # take each package at its pinned version if possible, else the
        # current one, and say so.
        for spec in "${DEBS[@]}"; do
            pkg="${spec%%=*}"
            compgen -G "$WORK/debs/${pkg}_*.deb" >/dev/null && continue
            if ! download "$spec" 2>/dev/null; then
                log "warning: $spec is not available; using the current version of $pkg"
                download "$pkg"
            fi
        done
    fi
fi

log "unpacking ($((SECONDS - START)) s)"
: > "$WORK/versions.txt"
for deb in "$WORK"/debs/*.deb; do
    pkg=$(dpkg-deb -f "$deb" Package)
    echo "$pkg=$(dpkg-deb -f "$deb" Version)" >> "$WORK/versions.txt"
    mkdir -p "$WORK/root/$pkg"
    if [[ "$pkg" == rust-doc ]]; then
        patterns=('*/print.html')   # skip its 30,000 API pages
    else
        patterns=('*.html')
    fi
    dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$WORK/root/$pkg" --wildcards "${patterns[@]}"
done
sort -o "$WORK/versions.txt" "$WORK/versions.txt"
for spec in "${DEBS[@]}"; do
    grep -qxF "$spec" "$WORK/versions.txt" || log "warning: used $(grep "^${spec%%=*}=" "$WORK/versions.txt"), not $spec"
done

log "writing corpora to $OUT_DIR ($((SECONDS - START)) s)"
python3 "$HERE/corpus.py" english "$WORK/root" "$OUT_DIR/.english.txt.part"
python3 "$HERE/corpus.py" multilingual "$WORK/root" "$OUT_DIR/.multilingual.txt.part"
python3 "$HERE/corpus.py" code "$GIT_ROOT" "$OUT_DIR/.code.txt.part"
for f in "${FILES[@]}"; do mv -f "$OUT_DIR/.$f.part" "$OUT_DIR/$f"; done

log "done in $((SECONDS - START)) s"
summary
