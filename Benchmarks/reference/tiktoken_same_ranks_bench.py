#!/usr/bin/env python3
"""tiktoken's encoding speed given a tokenizer.json's ranks and split pattern.

    python3 tiktoken_same_ranks_bench.py TOKENIZER_JSON FILE[,FILE...] RUNS

The ranks are the vocabulary's ids (as Tersify reads them), the bytes of
each token through the byte-level map; added tokens are left out. The
pattern is the tokenizer's one `Split` step: a tokenizer with several
(DeepSeek V3) is refused, as no single tiktoken pattern is the same.
No normalizer runs, so the counts equal Tersify's on NFC text only; each
file's token count is printed to check that. One JSON line a file: its
median MB/s over RUNS encodes (after one untimed), and the range.
"""
import gc
import json
import os
import statistics
import sys
import time

import tiktoken


def byte_characters():
    """GPT-2's byte-to-character map of byte-level BPE, as a dict."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    characters = printable[:]
    extra = 0
    for byte in range(256):
        if byte not in printable:
            printable.append(byte)
            characters.append(256 + extra)
            extra += 1
    return dict(zip(printable, [chr(c) for c in characters]))


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: tiktoken_same_ranks_bench.py TOKENIZER_JSON FILE[,FILE...] RUNS")
    path, files, runs = sys.argv[1], sys.argv[2].split(","), int(sys.argv[3])
    config = json.load(open(path, encoding="utf-8"))
    to_byte = {character: byte for byte, character in byte_characters().items()}
    added = {token["content"] for token in config.get("added_tokens", [])}
    ranks = {}
    for token, rank in config["model"]["vocab"].items():
        if token in added:
            continue
        try:
            ranks[bytes(to_byte[c] for c in token)] = rank
        except KeyError:
            pass
    pre = config["pre_tokenizer"]
    steps = [step for step in pre.get("pretokenizers", [pre]) if step["type"] == "Split"]
    if len(steps) != 1:
        sys.exit(f"{len(steps)} Split steps: no single tiktoken pattern")
    encoding = tiktoken.Encoding(name=os.path.basename(path), pat_str=steps[0]["pattern"]["Regex"],
                                 mergeable_ranks=ranks, special_tokens={})
    for file in files:
        text = open(file, encoding="utf-8").read()
        size = len(text.encode())
        tokens = len(encoding.encode_ordinary(text))
        gc.disable()
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            encoding.encode_ordinary(text)
            times.append(time.perf_counter() - start)
        gc.enable()
        print(json.dumps({"file": os.path.basename(file), "tokens": tokens,
                          "mbps": round(size / statistics.median(times) / 1e6, 2),
                          "range": [round(size / max(times) / 1e6, 2), round(size / min(times) / 1e6, 2)]}))


if __name__ == "__main__":
    main()
