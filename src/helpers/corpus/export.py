"""Write the documents the suite analyses — cleaned and validated — to a file a user can read and reuse.

``python -m helpers check PATH --export FILE`` calls :func:`export_documents`. The format follows the
file name: ``.jsonl`` (or ``.jsonl.gz``, ``.ndjson``), ``.csv`` (or ``.csv.gz``) or ``.parquet``. The
columns are those of :data:`EXPORT_COLUMNS`, then the corpus's kept columns; the file loads back as a
corpus (``doc_id`` is read as the id) with the same documents, sources, dates, titles and texts.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from helpers.corpus.spec import Corpus
from helpers.errors import InputError

EXPORT_COLUMNS = [
    "doc_id", "source", "date", "date_precision", "title", "author", "url", "kind", "country", "dateline", "words",
    "text",
]  # fmt: skip
SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonl.gz": "jsonl", ".csv": "csv", ".csv.gz": "csv",
            ".parquet": "parquet"}  # fmt: skip


def export_format(path: str | Path) -> str:
    """The format of an export file, from its name; an error naming the accepted endings otherwise."""
    name = Path(path).name.lower()
    for suffix in sorted(SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix):
            return SUFFIXES[suffix]
    raise InputError(
        f"--export {path}: cannot tell the format from the name; end it in .jsonl, .jsonl.gz, .csv, .csv.gz or .parquet"
    )


def export_table(corpus: Corpus) -> pd.DataFrame:
    """The documents as exported: one row each, dates as YYYY-MM-DD ("" when undated)."""
    docs = corpus.docs
    table = docs[[c for c in EXPORT_COLUMNS if c in docs] + [c for c in corpus.spec.keep if c in docs]].copy()
    table["date"] = docs["date"].dt.strftime("%Y-%m-%d").fillna("")
    return table


def export_documents(corpus: Corpus, path: str | Path, inputs: list[Path] = ()) -> Path:
    """Write the corpus's documents to ``path`` (format from its name), all at once or not at all.

    Args:
        corpus: the loaded corpus.
        path: the file to write; its folder must exist.
        inputs: the corpus's own files, which the export must not overwrite.

    Returns:
        The path written.

    Raises:
        InputError: the name has no known ending, the folder is missing, or the path is an input.
    """
    target = Path(path).expanduser().resolve()
    fmt = export_format(target)
    if not target.parent.is_dir():
        raise InputError(f"--export {path}: the folder {target.parent} does not exist; create it first")
    if any(target == Path(p).resolve() for p in inputs):
        raise InputError(f"--export {path}: that is the corpus itself; write the export to another file")
    table = export_table(corpus)
    # Written beside the target and renamed into place, so a failure never leaves half a file.
    handle, temporary = tempfile.mkstemp(prefix=".export-", dir=target.parent)
    os.close(handle)
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(temporary, 0o666 & ~mask)  # as any new file, not mkstemp's owner-only mode
    try:
        if fmt == "parquet":
            table.to_parquet(temporary, index=False)
        elif fmt == "csv":
            table.to_csv(temporary, index=False, compression="gzip" if target.name.lower().endswith(".gz") else None)
        else:
            table.to_json(
                temporary, orient="records", lines=True, force_ascii=False,
                compression="gzip" if target.name.lower().endswith(".gz") else None,
            )  # fmt: skip
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return target
