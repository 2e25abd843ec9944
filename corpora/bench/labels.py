#!/usr/bin/env python3
"""Write the language of every paragraph of multilingual.txt.

Called by labels.sh; standard library only.

    labels.py PKG_ROOT CORPUS OUT

Rebuilds the paragraphs of multilingual.txt from the extracted packages with
corpus.py's own functions (same documents, same order, same interleaving),
checks that they join to exactly the bytes of CORPUS, and writes OUT: one
language code (de, fr, ja, zh, ru) a line, one line per paragraph of CORPUS
in order. Paragraphs are separated by a blank line ("\\n\\n"), as corpus.py
writes them. A label is the language of the document a paragraph comes from,
so short titles, command names and the few untranslated English paragraphs
that passed corpus.py's filter carry their document's language.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    root, corpus_path, out = argv[1:]
    queues = []
    for lang, sources in corpus.MULTILINGUAL:
        taken, size = [], 0
        for pkg, patterns in sources:
            for t in corpus.docs(root, pkg, patterns, corpus.ENGLISH_EXCLUDE):
                t = corpus.translated(t, lang)
                if len(t) < 200:
                    continue
                n = len(t.encode("utf-8")) + 1
                if size + n > corpus.LANG_CAP:
                    break
                taken.append((lang, t))
                size += n
            else:
                continue
            break
        queues.append(taken)
    parts = []
    for i in range(max(len(q) for q in queues)):
        parts.extend(q[i] for q in queues if i < len(q))
    text = "\n".join(t for _, t in parts)
    expected = Path(corpus_path).read_bytes()
    if text.encode("utf-8") != expected:
        sys.exit(f"labels.py: the rebuilt text differs from {corpus_path}; "
                 "rebuild it with build.sh --force")
    labels = []
    for lang, t in parts:
        labels.extend([lang] * len(t.rstrip("\n").split("\n\n")))
    count = len(expected.decode("utf-8").rstrip("\n").split("\n\n"))
    if count != len(labels):
        sys.exit(f"labels.py: {len(labels)} labels for {count} paragraphs")
    Path(out).write_text("".join(f"{lang}\n" for lang in labels))
    print(f"  {Path(out).name}: {len(labels)} paragraphs", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
