#!/usr/bin/env python3
"""Encodes test cases with tiktoken, the reference the Swift tokenizer must match.

usage: tiktoken-reference.py VOCAB CASES OUT
CASES: for each case, a mode byte (0 = encode_ordinary, 1 = encode with every
special token allowed), a little-endian u32 byte length and the UTF-8 text.
OUT: for each case, a u32 token count and the u32 token ids.
Exits 3 when tiktoken is not installed.
"""
import struct
import sys

try:
    import tiktoken
    from tiktoken.load import load_tiktoken_bpe
except ImportError:
    sys.exit(3)

PATTERN = r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
SPECIAL = {"<|endoftext|>": 100257, "<|fim_prefix|>": 100258, "<|fim_middle|>": 100259,
           "<|fim_suffix|>": 100260, "<|endofprompt|>": 100276}


def main():
    vocab, cases, out = sys.argv[1:4]
    ranks = load_tiktoken_bpe(vocab, expected_hash="223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7")
    enc = tiktoken.Encoding(name="cl100k_base", pat_str=PATTERN, mergeable_ranks=ranks, special_tokens=SPECIAL)
    data = open(cases, "rb").read()
    texts, modes, i = [], [], 0
    while i < len(data):
        mode, length = data[i], struct.unpack_from("<I", data, i + 1)[0]
        texts.append(data[i + 5:i + 5 + length].decode("utf-8"))
        modes.append(mode)
        i += 5 + length
    result = bytearray()
    for text, mode in zip(texts, modes):
        ids = enc.encode(text, allowed_special="all") if mode == 1 else enc.encode_ordinary(text)
        result += struct.pack(f"<I{len(ids)}I", len(ids), *ids)
    open(out, "wb").write(result)


if __name__ == "__main__":
    main()
