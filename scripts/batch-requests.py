#!/usr/bin/env python3
"""Writes JSON Lines of compression requests for `tersify batch` from the
NaturalQuestions data in $TERSIFY_DATA (default ../shared/corpora): each
prompt is one question's gold passage among other questions' passages, in
a seeded order, about --tokens tokens long (4 bytes a token), the question
as "query", to --ratio.

    python3 scripts/batch-requests.py --prompts 1000 --tokens 10000 > requests.jsonl
"""
import argparse
import gzip
import json
import os
import random


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompts", type=int, default=1000)
    parser.add_argument("--tokens", type=int, default=10000)
    parser.add_argument("--ratio", type=float, default=4)
    parser.add_argument("--seed", type=int, default=42)
    options = parser.parse_args()

    folder = os.environ.get("TERSIFY_DATA") or os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpora")
    with gzip.open(os.path.join(folder, "nq-open-oracle.jsonl.gz"), "rt", encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    passages = [f"{r['ctxs'][0]['title']}\n{r['ctxs'][0]['text']}" for r in records]
    generator = random.Random(options.seed)
    for index in range(options.prompts):
        asked = generator.randrange(len(records))
        chosen = [passages[asked]]
        size = len(chosen[0].encode())
        while size < 4 * options.tokens:
            other = passages[generator.randrange(len(passages))]
            chosen.append(other)
            size += len(other.encode()) + 2
        generator.shuffle(chosen)
        request = {"id": index, "text": "\n\n".join(chosen), "query": records[asked]["question"], "ratio": options.ratio}
        print(json.dumps(request, ensure_ascii=False))


if __name__ == "__main__":
    main()
