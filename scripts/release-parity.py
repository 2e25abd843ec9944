#!/usr/bin/env python3
"""Release-build parity: `tersify encode` against tiktoken on seeded text.

usage: release-parity.py TERSIFY VOCAB DATA [ENCODING]

ENCODING: cl100k_base (default) or o200k_base, whose file VOCAB is; tiktoken
loads it by `get_encoding` from a temporary cache folder (nothing is
downloaded).

The text mixes essays of DATA/haystack with generated runs the unit tests
meet only in a debug build: words of 1 to 4,000 bytes in Cyrillic, Greek,
CJK, Thai, emoji, ASCII and mixed case with combining marks (both sides of the encoder's path limits, and
pieces far past them), digit runs and white-space runs; no invalid UTF-8
(tiktoken takes str). Checks the ids, then that `tersify decode` gives the
text back. Exits 1 on a difference, naming the first one.
"""
import glob
import json
import os
import random
import subprocess
import sys
import tempfile

from tiktoken_offline import load

def main():
    tersify, vocab, data = sys.argv[1:4]
    name = sys.argv[4] if len(sys.argv) > 4 else "cl100k_base"
    enc = load(name, vocab)
    rng = random.Random(8)
    alphabets = ["абвгдежзийклмнопрстуфхцчшщыэюя", "αβγδεζηθικλμνξοπρστυφχψω", "的一是不了人我在有他这中大来上国",
                 "กขคงจฉชซญดตถทนบปผพฟภมยรลวศสหอ", "😀🚀🌍✨🎉", "abcdefghijklmnopqrstuvwxyz",
                 "aBcDeFéÉжЖ\u0301\u0308ǅʰ"]
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
        got = json.loads(subprocess.run([tersify, "encode", "--json", "--tokenizer", name, source.name],
                                        check=True, capture_output=True).stdout)
    if got != expected:
        first = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b), min(len(got), len(expected)))
        print(f"release parity ({name}): ids differ at token {first} of {len(expected)}: "
              f"{got[first:first + 5]} against tiktoken's {expected[first:first + 5]}")
        return 1
    decoded = subprocess.run([tersify, "decode", "--tokenizer", name], input=json.dumps(got).encode(),
                             check=True, capture_output=True).stdout
    if decoded != text.encode("utf-8"):
        print(f"release parity ({name}): decode did not give the text back")
        return 1
    print(f"release parity ({name}): {len(expected)} tokens of {len(text.encode('utf-8'))} bytes identical to tiktoken; decode gives the text back")
    return 0


if __name__ == "__main__":
    sys.exit(main())
