#!/usr/bin/env python3
"""Reference throughput of Hugging Face tokenizers on a tokenizer.json, offline.

    python3 Benchmarks/reference/hf_tokenizers_bench.py --tokenizer PATH/qwen3.tokenizer.json --serve

Answers timing requests as tiktoken_bench.py --serve does: lines `encode PATH`
or `decode PATH` on stdin, one JSON line {"seconds", "tokens", "bytes"} each.
Encoding is `Tokenizer.encode(text, add_special_tokens=False)` on the whole
file, one call on one thread (TOKENIZERS_PARALLELISM=false; no encode_batch);
decoding is `Tokenizer.decode(ids)`. Needs `pip install tokenizers` (0.23.3
used); reads no network.
"""

import argparse
import gc
import json
import os
import sys
import time

os.environ["TOKENIZERS_PARALLELISM"] = "false"


def timed(fn, arg):
    gc.collect()
    gc.disable()
    try:
        t0 = time.perf_counter()
        result = fn(arg)
        return time.perf_counter() - t0, result
    finally:
        gc.enable()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tokenizer", required=True, help="the tokenizer.json")
    ap.add_argument("--serve", action="store_true", help="answer timing requests on stdin")
    args = ap.parse_args()
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(args.tokenizer)
    encode = lambda text: tok.encode(text, add_special_tokens=False).ids
    texts, ids = {}, {}
    for line in sys.stdin:
        op, _, path = line.strip().partition(" ")
        if path not in texts:
            with open(path, "rb") as f:
                data = f.read()
            texts[path] = (data, data.decode("utf-8"))
            ids[path] = encode(texts[path][1])
        data, text = texts[path]
        fn, arg = (encode, text) if op == "encode" else (tok.decode, ids[path])
        seconds, _ = timed(fn, arg)
        print(json.dumps({"seconds": seconds, "tokens": len(ids[path]), "bytes": len(data)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
