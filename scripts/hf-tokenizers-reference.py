#!/usr/bin/env python3
"""Encodes test cases with Hugging Face tokenizers, the reference the Swift
tokenizer must match for a tokenizer.json (Qwen, DeepSeek V3).

usage: hf-tokenizers-reference.py TOKENIZER_JSON CASES OUT
       hf-tokenizers-reference.py --pieces TOKENIZER_JSON CASES OUT

CASES and OUT are tiktoken-reference.py's formats: for each case a mode byte,
a little-endian u32 byte length and the UTF-8 text; out, for each case a u32
count and the u32 values.

Mode 1 (special tokens allowed): `Tokenizer.encode(text,
add_special_tokens=False)`, which matches every added token in the text.
Mode 0 (ordinary text): the same file with its added tokens taken out, so
that the text is normalized, split and merged whole, as tiktoken's
`encode_ordinary` treats special tokens as text.
With --pieces, the byte ends of the pre-tokenizer's pieces of the normalized
text (`pre_tokenize_str`), instead of ids; the mode is ignored.
Exits 3 when tokenizers is not installed.
"""
import json
import struct
import sys

try:
    from tokenizers import Tokenizer
except ImportError:
    sys.exit(3)


def main():
    args = sys.argv[1:]
    pieces = "--pieces" in args
    if pieces:
        args.remove("--pieces")
    path, cases, out = args
    with open(path, encoding="utf-8") as f:
        config = json.load(f)
    full = Tokenizer.from_str(json.dumps(config))
    config["added_tokens"] = []
    ordinary = Tokenizer.from_str(json.dumps(config))
    data = open(cases, "rb").read()
    result = bytearray()
    i = 0
    while i < len(data):
        mode, length = data[i], struct.unpack_from("<I", data, i + 1)[0]
        text = data[i + 5:i + 5 + length].decode("utf-8")
        i += 5 + length
        if pieces:
            normalizer = ordinary.normalizer
            normalized = normalizer.normalize_str(text) if normalizer is not None else text
            values, end = [], 0
            for piece, (start, stop) in ordinary.pre_tokenizer.pre_tokenize_str(normalized):
                end += len(normalized[start:stop].encode("utf-8"))
                values.append(end)
        else:
            values = (full if mode == 1 else ordinary).encode(text, add_special_tokens=False).ids
        result += struct.pack(f"<I{len(values)}I", len(values), *values)
    open(out, "wb").write(result)


if __name__ == "__main__":
    main()
