#!/usr/bin/env python3
"""Cut multilingual.txt into one file per language, for per-language speed runs.

    corpora/bench/split_languages.py [BENCH_DIR] [OUT_DIR]

BENCH_DIR (default ${TERSIFY_CACHE:-~/.cache/tersify}/bench) holds
multilingual.txt and multilingual-labels.txt (build.sh, then labels.sh).
Writes de.txt, fr.txt, ja.txt, zh.txt, ru.txt into OUT_DIR (default
BENCH_DIR/languages): each paragraph goes to its label's file; untranslated
English paragraphs (label en) stay with the language of the paragraph before
them, the document they come from. Then, for example:

    swift run -c release tersify-benchmarks tokenizer --corpus OUT_DIR --kinds de,fr,ja,zh,ru
"""

import os
import sys
from pathlib import Path


def main(argv):
    cache = Path(os.environ.get("TERSIFY_CACHE", Path.home() / ".cache" / "tersify"))
    bench = Path(argv[1]) if len(argv) > 1 else cache / "bench"
    out = Path(argv[2]) if len(argv) > 2 else bench / "languages"
    data = (bench / "multilingual.txt").read_bytes()
    labels = (bench / "multilingual-labels.txt").read_text().split()
    paragraphs = data.split(b"\n\n")
    if len(paragraphs) != len(labels):
        sys.exit(f"{len(paragraphs)} paragraphs but {len(labels)} labels: rebuild the labels (labels.sh)")
    parts, language = {}, None
    for paragraph, label in zip(paragraphs, labels):
        if label != "en" or language is None:
            language = label
        parts.setdefault(language, []).append(paragraph)
    out.mkdir(parents=True, exist_ok=True)
    for language, chunks in sorted(parts.items()):
        text = b"\n\n".join(chunks) + b"\n"
        (out / f"{language}.txt").write_bytes(text)
        print(f"{language}.txt {len(text):,} bytes", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
