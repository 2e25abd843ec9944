"""tiktoken's own encodings loaded from a vocabulary file, offline.

tiktoken looks for a file named by the SHA-1 of its address under
TIKTOKEN_CACHE_DIR; a temporary folder holding a link to the file under that
name lets `tiktoken.get_encoding` load it without the network.
"""
import os
import shutil
import tempfile

import tiktoken

# tiktoken's cache file names: the SHA-1 of the file's address in tiktoken_ext/openai_public.py.
CACHE_KEYS = {
    "cl100k_base": "9b5ad71b2ce5302211f9c61530b329a4922fc6a4",
    "o200k_base": "fb374d419588a4632f3f557e76b4b70aebbca790",
    # o200k_harmony reads o200k_base's file.
    "o200k_harmony": "fb374d419588a4632f3f557e76b4b70aebbca790",
}


def load(name, vocab):
    """The tiktoken encoding `name` read from the file `vocab`."""
    folder = tempfile.mkdtemp(prefix="tersify-tiktoken-")
    try:
        os.symlink(os.path.abspath(vocab), os.path.join(folder, CACHE_KEYS[name]))
        os.environ["TIKTOKEN_CACHE_DIR"] = folder
        return tiktoken.get_encoding(name)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
