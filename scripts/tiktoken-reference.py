#!/usr/bin/env python3
"""Encodes test cases with tiktoken, the reference the Swift tokenizer must match.

usage: tiktoken-reference.py [--encoding NAME] VOCAB CASES OUT
       tiktoken-reference.py --pieces [--encoding NAME] VOCAB CASES OUT

NAME: cl100k_base (default) or o200k_base. VOCAB is that encoding's
.tiktoken file: tiktoken loads it by `tiktoken.get_encoding(NAME)` from a
temporary TIKTOKEN_CACHE_DIR that holds it under tiktoken's cache key, so the
pattern, special tokens and SHA-256 check are tiktoken's own and nothing is
downloaded.
CASES: for each case, a mode byte (0 = encode_ordinary, 1 = encode with every
special token allowed), a little-endian u32 byte length and the UTF-8 text.
OUT: for each case, a u32 token count and the u32 token ids. With --pieces,
the pieces of the split pattern instead (the Python `regex` module running
tiktoken's pattern, as tiktoken's `_encode_only_native_bpe` does): for each
case a u32 count and the u32 byte end of each piece; the mode is ignored.
Exits 3 when tiktoken (or, with --pieces, regex) is not installed.
"""
import os
import struct
import sys

try:
    import tiktoken  # noqa: F401 (checked here: exit 3 when missing)
    from tiktoken_offline import load
except ImportError:
    sys.exit(3)

def main():
    args = sys.argv[1:]
    pieces = "--pieces" in args
    if pieces:
        args.remove("--pieces")
    name = "cl100k_base"
    if args[:1] == ["--encoding"]:
        name, args = args[1], args[2:]
    vocab, cases, out = args
    enc = load(name, vocab)
    if pieces:
        try:
            import regex
        except ImportError:
            sys.exit(3)
        pattern = regex.compile(enc._pat_str)
    data = open(cases, "rb").read()
    result = bytearray()
    i = 0
    while i < len(data):
        mode, length = data[i], struct.unpack_from("<I", data, i + 1)[0]
        text = data[i + 5:i + 5 + length].decode("utf-8")
        i += 5 + length
        if pieces:
            ends, end = [], 0
            for piece in pattern.findall(text):
                end += len(piece.encode("utf-8"))
                ends.append(end)
            result += struct.pack(f"<I{len(ends)}I", len(ends), *ends)
        else:
            ids = enc.encode(text, allowed_special="all") if mode == 1 else enc.encode_ordinary(text)
            result += struct.pack(f"<I{len(ids)}I", len(ids), *ids)
    open(out, "wb").write(result)


if __name__ == "__main__":
    main()
