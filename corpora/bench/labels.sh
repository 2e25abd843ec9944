#!/usr/bin/env bash
# Label the paragraphs of multilingual.txt with their language, for the
# language detection tests (Tests/PromptCompressionTests/Language/LanguageDetectionTests.swift).
#
#   corpora/bench/labels.sh [OUT_DIR]
#
# OUT_DIR (default ${TERSIFY_CACHE:-$HOME/.cache/tersify}/bench) must hold
# multilingual.txt as build.sh writes it. Writes multilingual-labels.txt
# beside it: one language code a line, one line per paragraph. Downloads the
# translated documentation packages of build.sh at the same pinned versions
# (apt-get download, not installed) into a temporary folder; nothing is
# written into the repository.
set -euo pipefail

OUT_DIR="${1:-${TERSIFY_CACHE:-$HOME/.cache/tersify}/bench}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log() { printf '%s\n' "labels.sh: $*" >&2; }
[[ -s "$OUT_DIR/multilingual.txt" ]] || { log "no $OUT_DIR/multilingual.txt: run build.sh first"; exit 1; }

# The packages of multilingual.txt, pinned as in build.sh (packages.sh).
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/packages.sh"
DEBS=("${MULTILINGUAL_DEBS[@]}")

WORK="$(mktemp -d "${TMPDIR:-/tmp}/tersify-labels.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/debs" "$WORK/root"
APT_OPTS=(-q)
[[ $EUID -eq 0 ]] && APT_OPTS+=(-o APT::Sandbox::User=root)
log "downloading ${#DEBS[@]} Debian packages"
(cd "$WORK/debs" && apt-get "${APT_OPTS[@]}" download "${DEBS[@]}" >/dev/null)
for deb in "$WORK"/debs/*.deb; do
    pkg=$(dpkg-deb -f "$deb" Package)
    mkdir -p "$WORK/root/$pkg"
    dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$WORK/root/$pkg" --wildcards '*.html'
done
python3 "$HERE/labels.py" "$WORK/root" "$OUT_DIR/multilingual.txt" "$OUT_DIR/.multilingual-labels.txt.part"
mv -f "$OUT_DIR/.multilingual-labels.txt.part" "$OUT_DIR/multilingual-labels.txt"
log "wrote $OUT_DIR/multilingual-labels.txt"
