#!/usr/bin/env python3
"""Reference throughput of tiktoken's cl100k_base or o200k_base on text files, offline.

    python3 Benchmarks/reference/tiktoken_bench.py --vocab PATH/cl100k_base.tiktoken \
        [--encoding cl100k_base|o200k_base] [--runs 5] [--warmup 1] FILE...

For each file: read it as UTF-8, warm up, then time enc.encode_ordinary(text)
and enc.decode_bytes(ids) (one thread, time.perf_counter) over --runs runs.
Prints one JSON object per file on stdout, one line each. MB/s counts 1 MB as
1e6 bytes of UTF-8 input (for decoding too: the bytes it gives back).
The encoding is tiktoken's own (`tiktoken.get_encoding`: its pattern, special
tokens and SHA-256 check), read from --vocab through a temporary
TIKTOKEN_CACHE_DIR that holds the file under tiktoken's cache key.
Needs `pip install tiktoken` (0.14.0 used); reads no network.
"""

import argparse
import gc
import json
import os
import shutil
import statistics
import sys
import tempfile
import time

# tiktoken's cache file names: the SHA-1 of the file's address in tiktoken_ext/openai_public.py.
CACHE_KEYS = {
    "cl100k_base": "9b5ad71b2ce5302211f9c61530b329a4922fc6a4",
    "o200k_base": "fb374d419588a4632f3f557e76b4b70aebbca790",
}


def load_encoding(vocab_path, name="cl100k_base"):
    import tiktoken

    folder = tempfile.mkdtemp(prefix="tersify-tiktoken-")
    try:
        os.symlink(os.path.abspath(vocab_path), os.path.join(folder, CACHE_KEYS[name]))
        os.environ["TIKTOKEN_CACHE_DIR"] = folder
        return tiktoken.get_encoding(name)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def timed(fn, arg, runs):
    """Wall-clock seconds of each of `runs` calls fn(arg), and the last result."""
    times, result = [], None
    gc.collect()
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(runs):
            result = None
            t0 = time.perf_counter()
            result = fn(arg)
            times.append(time.perf_counter() - t0)
    finally:
        if gc_was_enabled:
            gc.enable()
    return times, result


def bench_file(enc, path, runs, warmup):
    with open(path, "rb") as f:
        data = f.read()
    text = data.decode("utf-8")  # strict: the corpora must be valid UTF-8
    nbytes = len(data)

    for _ in range(warmup):
        enc.decode_bytes(enc.encode_ordinary(text))

    enc_times, ids = timed(enc.encode_ordinary, text, runs)
    dec_times, out = timed(enc.decode_bytes, ids, runs)
    if out != data:
        raise SystemExit(f"{path}: decode_bytes(encode_ordinary(text)) != input")

    enc_med, enc_best = statistics.median(enc_times), min(enc_times)
    dec_med, dec_best = statistics.median(dec_times), min(dec_times)
    return {
        "file": path,
        "bytes": nbytes,
        "tokens": len(ids),
        "encode_mbps_median": round(nbytes / enc_med / 1e6, 3),
        "encode_mbps_best": round(nbytes / enc_best / 1e6, 3),
        "encode_tokens_per_s_median": round(len(ids) / enc_med),
        "decode_mbps_median": round(nbytes / dec_med / 1e6, 3),
        "decode_mbps_best": round(nbytes / dec_best / 1e6, 3),
        "decode_tokens_per_s_median": round(len(ids) / dec_med),
        "runs": runs,
    }


def serve(enc):
    """Times one call per request, for benchmarks that interleave their own runs.

    Reads lines `encode PATH` or `decode PATH` on stdin; answers each with one
    JSON line {"seconds": ..., "tokens": ..., "bytes": ...}. Files are read and
    encoded once (untimed) on first use.
    """
    texts, ids = {}, {}
    for line in sys.stdin:
        op, _, path = line.strip().partition(" ")
        if path not in texts:
            with open(path, "rb") as f:
                data = f.read()
            texts[path] = (data, data.decode("utf-8"))
            ids[path] = enc.encode_ordinary(texts[path][1])
        data, text = texts[path]
        fn, arg = (enc.encode_ordinary, text) if op == "encode" else (enc.decode_bytes, ids[path])
        times, _ = timed(fn, arg, 1)
        print(json.dumps({"seconds": times[0], "tokens": len(ids[path]), "bytes": len(data)}), flush=True)
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--vocab", required=True,
                    help="path of the encoding's .tiktoken file (checked by SHA-256)")
    ap.add_argument("--encoding", default="cl100k_base", choices=sorted(CACHE_KEYS),
                    help="the encoding (default cl100k_base)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs (default 5)")
    ap.add_argument("--warmup", type=int, default=1,
                    help="untimed encode+decode rounds first (default 1)")
    ap.add_argument("--serve", action="store_true",
                    help="answer timing requests on stdin (see serve())")
    ap.add_argument("files", nargs="*", metavar="FILE")
    args = ap.parse_args(argv)
    if args.runs < 1 or args.warmup < 0:
        ap.error("--runs must be >= 1 and --warmup >= 0")

    enc = load_encoding(args.vocab, args.encoding)
    if args.serve:
        return serve(enc)
    for path in args.files:
        print(json.dumps(bench_file(enc, path, args.runs, args.warmup)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
