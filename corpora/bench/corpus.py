#!/usr/bin/env python3
"""Turn extracted Debian documentation packages and Swift package git mirrors
into the three tokenizer benchmark corpora (english, code, multilingual).

Called by build.sh; see that script and MANIFEST.md. Standard library only.

    corpus.py english      PKG_ROOT OUT
    corpus.py multilingual PKG_ROOT OUT
    corpus.py code         GIT_ROOT OUT

PKG_ROOT holds one directory per Debian package (PKG_ROOT/<package>/usr/...),
as build.sh extracts them. GIT_ROOT is the folder of the machine's Swift
package mirrors (bare git repositories; build.sh passes $SWIFT_PACKAGES). Output is deterministic: files are visited in sorted
order, nothing depends on time, locale or hash seeds.
"""

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

MAX_BYTES = 8_000_000
MIN_BYTES = 5_000_000

# --------------------------------------------------------------------------
# HTML -> plain prose
# --------------------------------------------------------------------------

# Elements whose start or end begins a new paragraph.
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "div",
    "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "li", "main", "ol", "p", "section", "summary", "td",
    "th", "tr", "ul",
}
# Elements dropped with everything inside them: metadata, scripts, code
# listings and tables (the corpora want running text, not listings).
SKIP_TAGS = {
    "head", "script", "style", "noscript", "template", "pre", "table", "nav",
    "svg", "math", "button", "select", "textarea", "form",
}
# Navigation, tables of contents and code blocks of DocBook, Sphinx, mdBook
# and Texinfo output.
SKIP_CLASSES = {
    "docnav", "navheader", "navfooter", "toc", "sphinxsidebar", "related",
    "footer", "headerlink", "highlight", "literal-block", "programlisting",
    "screen", "synopsis", "cmdsynopsis", "index", "list-of-tables",
    "list-of-figures", "list-of-examples", "toctree-wrapper", "header",
    "nav-panel", "theme-popup", "menu-bar", "example",
    "contents", "shortcontents", "mini-toc", "menu", "section-toc",
    "copiable-anchor",
}
SKIP_IDS = {"banner", "title", "searchbox", "sidebar", "menu-bar",
            "theme-list", "search-wrapper"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input",
             "link", "meta", "param", "source", "track", "wbr"}

ASCII_WS = re.compile(r"[ \t\n\r\f\v]+")
# C0/C1 control characters other than tab and newline.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self.cur = []
        self.skip_tag = None  # tag name of the skipped element we are inside
        self.skip_depth = 0

    def _flush(self):
        text = ASCII_WS.sub(" ", "".join(self.cur)).strip()
        if text:
            self.blocks.append(text)
        self.cur = []

    def handle_starttag(self, tag, attrs):
        if self.skip_tag is not None:
            if tag == self.skip_tag and tag not in VOID_TAGS:
                self.skip_depth += 1
            return
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        if tag in SKIP_TAGS or classes & SKIP_CLASSES or a.get("id") in SKIP_IDS:
            if tag in VOID_TAGS:
                return
            self._flush()
            self.skip_tag, self.skip_depth = tag, 1
            return
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_startendtag(self, tag, attrs):
        if self.skip_tag is None and tag in BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag):
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth == 0:
                    self.skip_tag = None
            return
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data):
        if self.skip_tag is None:
            self.cur.append(data)


def html_to_text(path):
    """Plain text of an HTML page: one paragraph per block, blank line between
    blocks. Returns "" for redirect stubs."""
    raw = Path(path).read_bytes().decode("utf-8", errors="replace")
    if re.search(r'http-equiv="?refresh', raw[:4000], re.IGNORECASE):
        return ""
    p = _TextExtractor()
    p.feed(raw)
    p.close()
    p._flush()
    text = "\n\n".join(p.blocks)
    text = CONTROL.sub("", text.replace("\ufffd", ""))
    return text + "\n" if text else ""


def docs(root, pkg, patterns, exclude=()):
    """Texts of the HTML pages of an extracted package matching the glob
    patterns (relative to the package root), in sorted path order per
    pattern. Symlinks and stubs without text are left out."""
    base = Path(root) / pkg
    if not base.is_dir():
        sys.exit(f"corpus.py: package {pkg} is not extracted under {root}")
    out = []
    for pattern in patterns:
        paths = sorted(p for p in base.glob(pattern)
                       if p.is_file() and not p.is_symlink()
                       and p.name not in exclude)
        if not paths:
            sys.exit(f"corpus.py: nothing matches {pkg}/{pattern}")
        for p in paths:
            t = html_to_text(p)
            if len(t) >= 200:
                out.append(t)
    return out


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------

def finish(text, out, max_bytes=MAX_BYTES, min_bytes=MIN_BYTES):
    """Cut at the last line end within max_bytes, check and write."""
    data = text.encode("utf-8")
    if len(data) > max_bytes:
        cut = data.rfind(b"\n", 0, max_bytes)
        data = data[: cut + 1]
    data.decode("utf-8")  # always valid: cut is at an ASCII newline
    if len(data) < min_bytes:
        sys.exit(f"corpus.py: {out} would be only {len(data)} bytes "
                 f"(< {min_bytes}); the sources changed?")
    Path(out).write_bytes(data)
    name = Path(out).name.lstrip(".").removesuffix(".part")
    print(f"  {name}: {len(data)} bytes", file=sys.stderr)


# --------------------------------------------------------------------------
# english.txt
# --------------------------------------------------------------------------

RUST = "usr/share/doc/rust-doc/html"
ENGLISH = [
    # (package, [globs]) in output order; the last ones are cut at 8 MB.
    ("debian-handbook", ["usr/share/doc/debian-handbook/html/en-US/*.html"]),
    ("rust-doc", [f"{RUST}/{b}/print.html" for b in (
        "book", "reference", "nomicon", "edition-guide", "embedded-book",
        "rustc")]),
    ("octave-doc", ["usr/share/doc/octave/octave.html/*.html"]),
    ("developers-reference", ["usr/share/developers-reference/*.html"]),
    ("debian-policy", [
        "usr/share/doc/debian-policy/policy.html/*.html",
        "usr/share/doc/debian-policy/menu-policy-1.html",
        "usr/share/doc/debian-policy/perl-policy-1.html",
        "usr/share/doc/debian-policy/debconf_specification.html",
        "usr/share/doc/debian-policy/copyright-format-1.0.html",
        "usr/share/doc/debian-policy/autopkgtest.html",
        "usr/share/doc/debian-policy/fhs/fhs-3.0.html"]),
    ("gnu-standards", ["usr/share/doc/gnu-standards/standards.html",
                       "usr/share/doc/gnu-standards/maintain.html"]),
    ("installation-guide-amd64",
     ["usr/share/doc/installation-guide-amd64/en/*.html"]),
    ("debian-faq", ["usr/share/doc/debian/FAQ/*.en.html"]),
    ("maint-guide", ["usr/share/doc/maint-guide/html/*.en.html"]),
    ("debian-history", ["usr/share/doc/debian-history/docs/*.en.html"]),
    ("zsh-doc", ["usr/share/doc/zsh-common/html/*.html"]),
]
# Sphinx index pages, and the single-page copy of the developers-reference.
ENGLISH_EXCLUDE = {"genindex.html", "search.html", "developers-reference.html"}


def build_english(root, out):
    parts = []
    for pkg, patterns in ENGLISH:
        parts.extend(docs(root, pkg, patterns, ENGLISH_EXCLUDE))
    finish("\n".join(parts), out)


# --------------------------------------------------------------------------
# multilingual.txt
# --------------------------------------------------------------------------

HB = "usr/share/doc/debian-handbook/html"
IG = "usr/share/doc/installation-guide-amd64"
DR = "usr/share/developers-reference"
FAQ = "usr/share/doc/debian/FAQ"
MG = "usr/share/doc/maint-guide"
MULTILINGUAL = [
    # language: [(package, [globs])], taken in this order up to LANG_CAP
    ("de", [("debian-handbook", [f"{HB}/de-DE/*.html"]),
            ("installation-guide-amd64", [f"{IG}/de/*.html"]),
            ("developers-reference-de", [f"{DR}/de/*.html"]),
            ("debian-faq-de", [f"{FAQ}/de/*.de.html"])]),
    ("fr", [("debian-handbook", [f"{HB}/fr-FR/*.html"]),
            ("installation-guide-amd64", [f"{IG}/fr/*.html"]),
            ("developers-reference-fr", [f"{DR}/fr/*.html"]),
            ("debian-faq-fr", [f"{FAQ}/fr/*.fr.html"]),
            ("maint-guide-fr", [f"{MG}-fr/html/*.fr.html"])]),
    ("ja", [("debian-handbook", [f"{HB}/ja-JP/*.html"]),
            ("installation-guide-amd64", [f"{IG}/ja/*.html"]),
            ("developers-reference-ja", [f"{DR}/ja/*.html"]),
            ("debian-faq-ja", [f"{FAQ}/ja/*.ja.html"])]),
    ("zh", [("debian-handbook", [f"{HB}/zh-CN/*.html"]),
            ("installation-guide-amd64", [f"{IG}/zh_CN/*.html"]),
            ("debian-faq-zh-cn", [f"{FAQ}/zh-cn/*.zh-cn.html"]),
            ("maint-guide-zh-cn", [f"{MG}-zh-cn/html/*.zh-cn.html"]),
            ("debian-edu-doc-zh-cn", [
                "usr/share/doc/debian-edu-doc-zh-cn/"
                "debian-edu-bookworm-manual.html"])]),
    ("ru", [("debian-handbook", [f"{HB}/ru-RU/*.html"]),
            ("installation-guide-amd64", [f"{IG}/ru/*.html"]),
            ("debian-faq-ru", [f"{FAQ}/ru/*.ru.html"]),
            ("maint-guide-ru", [f"{MG}-ru/html/*.ru.html"])]),
]
# Per-language byte cap: five languages stay under 8,000,000 bytes in all.
LANG_CAP = 1_590_000

# Translations are incomplete (the handbook keeps 20-40 % of its paragraphs
# in English): a paragraph of 40 characters or more with two or more English
# function words and no sign of the target language is left out.
ENGLISH_WORDS = re.compile(
    r"\b(the|and|of|to|is|are|that|with|for|this|you|it|be|can|by)\b")
NATIVE = {
    "de": re.compile(r"[äöüßÄÖÜ]|\b(der|die|das|und|ist|nicht|mit|den|ein|"
                     r"eine|zu|von|für|auf|sich|werden|wird)\b"),
    "fr": re.compile(r"[éèêàçùâîôûœ]|\b(le|la|les|des|est|une|du|et|pour|"
                     r"dans|qui|que|sur|pas|au|aux)\b"),
    "ja": re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]"),
    "zh": re.compile(r"[\u4e00-\u9fff]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
}


def translated(text, lang):
    """The text without its untranslated (English) paragraphs."""
    native = NATIVE[lang]
    keep = [p for p in text.split("\n\n")
            if len(p) < 40 or native.search(p)
            or len(ENGLISH_WORDS.findall(p)) < 2]
    return "\n\n".join(keep).rstrip("\n") + "\n" if keep else ""


def build_multilingual(root, out):
    queues = []
    for lang, sources in MULTILINGUAL:
        taken, size = [], 0
        for pkg, patterns in sources:
            for t in docs(root, pkg, patterns, ENGLISH_EXCLUDE):
                t = translated(t, lang)
                if len(t) < 200:
                    continue
                n = len(t.encode("utf-8")) + 1
                if size + n > LANG_CAP:
                    break
                taken.append(t)
                size += n
            else:
                continue
            break
        print(f"  {lang}: {size} bytes in {len(taken)} documents",
              file=sys.stderr)
        queues.append(taken)
    # Interleave one document of each language in turn.
    parts = []
    for i in range(max(len(q) for q in queues)):
        parts.extend(q[i] for q in queues if i < len(q))
    finish("\n".join(parts), out)


# --------------------------------------------------------------------------
# code.txt
# --------------------------------------------------------------------------

CODE = [
    # (repository under GIT_ROOT, tag, byte budget); files of Sources/ with
    # these suffixes, sorted by path, taken whole while they fit the budget.
    ("apple/swift-nio", "2.101.3", 2_000_000),
    ("swiftlang/swift-syntax", "603.0.1", 1_400_000),
    ("apple/swift-collections", "1.6.0", 1_200_000),
    ("vapor/vapor", "4.122.3", 900_000),
    ("hummingbird-project/hummingbird", "2.28.1", 650_000),
    ("apple/swift-async-algorithms", "1.1.4", 550_000),
    ("apple/swift-argument-parser", "1.8.2", 460_000),
    ("apple/swift-algorithms", "1.2.1", 290_000),
    ("apple/swift-log", "1.16.2", 180_000),
]
CODE_SUFFIXES = (".swift", ".c", ".h")


def git_blobs(repo, tag):
    """(path, object id) of the Sources/ files of a tag, sorted by path."""
    out = subprocess.run(
        ["git", "-C", str(repo), "ls-tree", "-r", "-z", "--full-tree", tag,
         "--", "Sources"],
        check=True, capture_output=True).stdout
    entries = []
    for rec in out.split(b"\0"):
        if not rec:
            continue
        meta, path = rec.split(b"\t", 1)
        mode, typ, oid = meta.split()
        path = path.decode("utf-8")
        if typ == b"blob" and mode != b"120000" and path.endswith(CODE_SUFFIXES):
            entries.append((path, oid.decode()))
    return sorted(entries)


def read_blobs(repo, oids):
    proc = subprocess.run(
        ["git", "-C", str(repo), "cat-file", "--batch"],
        input="".join(o + "\n" for o in oids).encode(),
        check=True, capture_output=True)
    data, pos, blobs = proc.stdout, 0, []
    for _ in oids:
        nl = data.index(b"\n", pos)
        header = data[pos:nl].split()
        size = int(header[2])
        blobs.append(data[nl + 1: nl + 1 + size])
        pos = nl + 1 + size + 1
    return blobs


def build_code(git_root, out):
    parts = []
    for name, tag, budget in CODE:
        repo = Path(git_root) / f"{name}.git"
        entries = git_blobs(repo, tag)
        blobs = read_blobs(repo, [oid for _, oid in entries])
        used, count = 0, 0
        for (path, _), blob in zip(entries, blobs):
            try:
                text = blob.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if "\0" in text:
                continue
            if not text.endswith("\n"):
                text += "\n"
            chunk = f"// ---- {name} {tag}: {path} ----\n{text}"
            n = len(chunk.encode("utf-8")) + 1
            if used + n > budget:
                break
            parts.append(chunk)
            used += n
            count += 1
        print(f"  {name} {tag}: {used} bytes in {count} files",
              file=sys.stderr)
    finish("\n".join(parts), out)


def main(argv):
    if len(argv) != 4 or argv[1] not in ("english", "multilingual", "code"):
        sys.exit(__doc__)
    {"english": build_english, "multilingual": build_multilingual,
     "code": build_code}[argv[1]](argv[2], argv[3])


if __name__ == "__main__":
    main(sys.argv)
