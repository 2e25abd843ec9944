#!/usr/bin/env bash
# Runs the whole test suite: installs the reference tokenizers (tiktoken
# 0.14.0; Hugging Face tokenizers 0.23.3 for Qwen and DeepSeek V3;
# mistral-common 1.13.1 for Mistral's Tekken; for the parity tests),
# PySpark 3.5.3 (for `tersify batch` as a Spark map step; it runs on the
# system's Java 17), the openai package 1.109.1 (a client of `tersify
# serve`'s proxy) and the mcp package 1.26.0 (a client of `tersify mcp`),
# fetches the vocabularies (cl100k_base, o200k_base, llama3, qwen2.5,
# qwen3, deepseek-v3, mistral-tekken), then `swift test`.
#
# TERSIFY_DATA points at the evaluation corpora (default ../shared/corpora);
# TERSIFY_STRICT_TESTS=1 makes a missing tiktoken, tokenizers or missing corpora a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! python3 -c 'import tiktoken, sys; sys.exit(tiktoken.__version__ != "0.14.0")' 2>/dev/null; then
    python3 -m pip install --quiet --disable-pip-version-check tiktoken==0.14.0
fi
if ! python3 -c 'import tokenizers, sys; sys.exit(tokenizers.__version__ != "0.23.3")' 2>/dev/null; then
    python3 -m pip install --quiet --disable-pip-version-check tokenizers==0.23.3
fi
if ! python3 -c 'import importlib.metadata as m, sys; sys.exit(m.version("mistral-common") != "1.13.1")' 2>/dev/null; then
    python3 -m pip install --quiet --disable-pip-version-check mistral-common==1.13.1 tiktoken==0.14.0
fi
if ! python3 -c 'import pyspark, sys; sys.exit(pyspark.__version__ != "3.5.3")' 2>/dev/null; then
    python3 -m pip install --quiet --disable-pip-version-check pyspark==3.5.3
fi
if ! python3 -c 'import openai, sys; sys.exit(openai.__version__ != "1.109.1")' 2>/dev/null; then
    python3 -m pip install --quiet --disable-pip-version-check openai==1.109.1
fi
if ! python3 -c 'import importlib.metadata as m, sys; sys.exit(m.version("mcp") != "1.26.0")' 2>/dev/null; then
    python3 -m pip install --quiet --disable-pip-version-check mcp==1.26.0
fi
bash scripts/fetch-vocabulary.sh --all
swift build --build-tests
swift test --skip-build "$@"
