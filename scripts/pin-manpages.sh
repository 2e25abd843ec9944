#!/usr/bin/env bash
# Prints the manifest lines of ManPages.swift (the doc-qa benchmark task)
# for the given man page files: the path under the man folder, the Debian
# package, the SHA-256 of the file and of its rendered text. The text is
# rendered as ManPages.swift renders it: `man -l FILE | col -bx` with the
# environment emptied but for PATH=/usr/bin:/bin, LC_ALL=C.UTF-8 and
# MANWIDTH=80.
#
#   bash scripts/pin-manpages.sh /usr/share/man/man1/grep.1.gz /usr/share/man/man7/signal.7.gz
set -euo pipefail
folder="${TERSIFY_MAN:-/usr/share/man}"
for file in "$@"; do
    relative="${file#"$folder"/}"
    package="$(dpkg -S "$file" | head -n 1 | cut -d: -f1)"
    source_hash="$(sha256sum "$file" | cut -d' ' -f1)"
    rendered_hash="$(env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$file" \
        | env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 col -bx | sha256sum | cut -d' ' -f1)"
    printf '        ("%s", "%s", "%s", "%s"),\n' "$relative" "$package" "$source_hash" "$rendered_hash"
done
