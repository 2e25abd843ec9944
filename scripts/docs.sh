#!/usr/bin/env bash
# Builds the DocC documentation of PromptTokenizer and PromptCompression
# (the catalogs in Sources/<Module>/<Module>.docc) with the swift-docc-plugin,
# warnings as errors, so that a broken symbol link or a missing catalog page
# fails. Output: .build-docs/docs/<Module>.doccarchive.
#
#   bash scripts/docs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export TERSIFY_DOCS=1
mkdir -p .build-docs/docs
for module in PromptTokenizer PromptCompression; do
    swift package --scratch-path .build-docs --allow-writing-to-directory .build-docs/docs \
        generate-documentation --target "$module" --warnings-as-errors \
        --output-path ".build-docs/docs/$module.doccarchive"
done
