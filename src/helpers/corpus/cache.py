"""The parsed-corpus cache: a corpus loaded once is kept as Parquet, keyed by its input and settings.

An entry's name carries the corpus fingerprint (a hash of the input bytes and the loading
settings) and a hash of the loader's own code, so a changed file, setting or cleaning rule means a
new entry. Entries are written in a temporary folder and renamed into place: a reader sees a
complete entry or none.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path

from helpers.corpus.spec import PARTS, Corpus, CorpusSpec, code_version
from helpers.store import used

CACHE_VERSION = "1"


def fingerprint(path: Path, fmt: str, spec: CorpusSpec) -> str:
    """A hash of the input's bytes (every file of a folder, with its name) and the loading settings."""
    digest = hashlib.sha256()
    digest.update(json.dumps({**asdict(spec), "path": "", "v": CACHE_VERSION}, sort_keys=True).encode())

    files = sorted(p for p in path.iterdir() if p.is_file()) if fmt == "folder" else [path]
    for file in files:
        digest.update(file.name.encode())
        with open(file, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()[:16]


def read_cache(cache_dir: Path, key: str, spec: CorpusSpec) -> Corpus | None:
    """The cached corpus of fingerprint ``key``, its parts read from disk when first used; None if absent."""
    folder = cache_dir / f"corpus-{key}-{code_version()}"
    if not all((folder / f"{part}.parquet").exists() for part in PARTS):
        return None
    used(folder)
    return Corpus(key, spec, **{part: folder / f"{part}.parquet" for part in PARTS})


def write_cache(cache_dir: Path, corpus: Corpus) -> None:
    """Keep ``corpus`` in ``cache_dir`` (atomically: a reader sees the whole entry or none)."""
    folder = cache_dir / f"corpus-{corpus.fingerprint}-{code_version()}"
    partial = cache_dir / f".corpus-{corpus.fingerprint}-{os.getpid()}.partial"
    partial.mkdir(parents=True, exist_ok=True)
    # Two parts at a time: Arrow encodes and compresses without holding the interpreter.
    with ThreadPoolExecutor(max_workers=2) as pool:
        written = [
            pool.submit(corpus.part(part).to_parquet, partial / f"{part}.parquet", index=False) for part in PARTS
        ]
        for future in written:
            future.result()
    try:
        partial.rename(folder)  # atomic: readers see a complete entry or none
    except OSError:  # another run wrote the same entry first
        shutil.rmtree(partial, ignore_errors=True)
