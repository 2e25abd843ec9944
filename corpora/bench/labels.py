#!/usr/bin/env python3
"""Write the language of every paragraph of multilingual.txt.

Called by labels.sh; standard library only.

    labels.py PKG_ROOT CORPUS OUT

Rebuilds the paragraphs of multilingual.txt from the extracted packages with
corpus.py's own functions (same documents, same order, same interleaving),
checks that they join to exactly the bytes of CORPUS, and writes OUT: one
language code (de, fr, ja, zh, ru, en) a line, one line per paragraph of
CORPUS in order. Paragraphs are separated by a blank line ("\\n\\n"), as
corpus.py writes them.

A label is the language of the document a paragraph comes from, except for
untranslated English paragraphs, labelled en. corpus.py keeps those when they
have any sign of the translation's language (a quoted Japanese name, an "é"),
and they are common: the handbook's translations are incomplete. A paragraph
is English here when it has one of corpus.py's English function words (in
any case) and no
sign of the document's language (corpus.py's native letters and words), or
at least three English function words and, for German and French, more than
twice as many of them as of corpus.py's native function words; for
Japanese, Chinese and Russian, more Latin letters than letters of the
language's script. Titles without function words, command names and URLs
keep their document's language.
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402


# corpus.py's native function words of German and French (NATIVE without its
# letters), and the scripts of the other languages.
NATIVE_WORDS = {
    lang: re.compile(corpus.NATIVE[lang].pattern.split("|", 1)[1])
    for lang in ("de", "fr")
}
SCRIPT = {
    "ja": re.compile(r"[\u3040-\u30ff\u3400-\u9fff]"),
    "zh": re.compile(r"[\u3400-\u9fff]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
}
LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


# corpus.py's English function words, in any case ("The", "THE").
ENGLISH_WORDS = re.compile(corpus.ENGLISH_WORDS.pattern, re.IGNORECASE)


def label(paragraph, lang):
    """lang, or en for an untranslated English paragraph."""
    english = len(ENGLISH_WORDS.findall(paragraph))
    if english >= 1 and not corpus.NATIVE[lang].search(paragraph):
        return "en"
    if english < 3:
        return lang
    if lang in NATIVE_WORDS:
        native = len(NATIVE_WORDS[lang].findall(paragraph))
        return "en" if english > 2 * native else lang
    native = len(SCRIPT[lang].findall(paragraph))
    return "en" if len(LATIN.findall(paragraph)) > native else lang


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
        labels.extend(label(p, lang) for p in t.rstrip("\n").split("\n\n"))
    count = len(expected.decode("utf-8").rstrip("\n").split("\n\n"))
    if count != len(labels):
        sys.exit(f"labels.py: {len(labels)} labels for {count} paragraphs")
    Path(out).write_text("".join(f"{lang}\n" for lang in labels))
    print(f"  {Path(out).name}: {len(labels)} paragraphs", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
