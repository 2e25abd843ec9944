#!/usr/bin/env python3
"""Release-build parity: `tersify encode` against tiktoken on seeded text.

usage: release-parity.py TERSIFY VOCAB DATA

The text mixes essays of DATA/haystack with generated runs the unit tests
meet only in a debug build: words of 1 to 4,000 bytes in Cyrillic, Greek,
CJK, Thai, emoji and ASCII (both sides of the encoder's path limits, and
pieces far past them), digit runs and white-space runs; no invalid UTF-8
(tiktoken takes str). Checks the ids, then that `tersify decode` gives the
text back. Exits 1 on a difference, naming the first one.
"""
import glob
import json
import random
import subprocess
import sys
import tempfile

import tiktoken
from tiktoken.load import load_tiktoken_bpe

PATTERN = r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""


def main():
    tersify, vocab, data = sys.argv[1:4]
    ranks = load_tiktoken_bpe(vocab, expected_hash="223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7")
    enc = tiktoken.Encoding(name="cl100k_base", pat_str=PATTERN, mergeable_ranks=ranks, special_tokens={})
    rng = random.Random(8)
    alphabets = ["абвгдежзийклмнопрстуфхцчшщыэюя", "αβγδεζηθικλμνξοπρστυφχψω", "的一是不了人我在有他这中大来上国",
                 "กขคงจฉชซญดตถทนบปผพฟภมยรลวศสหอ", "😀🚀🌍✨🎉", "abcdefghijklmnopqrstuvwxyz"]
    parts = []
    for path in sorted(glob.glob(f"{data}/haystack/PaulGrahamEssays/*.txt"))[:10]:
        parts.append(open(path, encoding="utf-8").read())
    for _ in range(3000):
        kind = rng.random()
        if kind < 0.7:
            alphabet = rng.choice(alphabets)
            length = rng.choice([1, 2, 5, 8, 11, 12, 13, 15, 16, 17, 31, 32, 33, 64, 200, 1000, 4000])
            parts.append(rng.choice(["", " ", "\n", "'"]) + "".join(rng.choice(alphabet) for _ in range(length)))
        elif kind < 0.85:
            parts.append(" " + "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 40))))
        else:
            parts.append(rng.choice([" " * rng.randint(1, 30), "\n" * rng.randint(1, 5), "\t \n", "  \r\n"]))
    text = "".join(parts)
    expected = enc.encode_ordinary(text)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt") as source:
        source.write(text)
        source.flush()
        got = json.loads(subprocess.run([tersify, "encode", "--json", source.name], check=True, capture_output=True).stdout)
    if got != expected:
        first = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b), min(len(got), len(expected)))
        print(f"release parity: ids differ at token {first} of {len(expected)}: "
              f"{got[first:first + 5]} against tiktoken's {expected[first:first + 5]}")
        return 1
    decoded = subprocess.run([tersify, "decode"], input=json.dumps(got).encode(), check=True, capture_output=True).stdout
    if decoded != text.encode("utf-8"):
        print("release parity: decode did not give the text back")
        return 1
    print(f"release parity: {len(expected)} tokens of {len(text.encode('utf-8'))} bytes identical to tiktoken; decode gives the text back")
    return 0


if __name__ == "__main__":
    sys.exit(main())
