"""Tables a stage computes once and other notebooks read: kept on disk, named by what made them.

A stage that another stage depends on (the actor mentions behind tone toward actors and the
stories' voices) publishes its table through :func:`shared_table`. The table's name carries a key:
a hash of the corpus fingerprint, the settings that shape the table and the code that computes it,
so a changed input, setting or rule gives a new table and a stale one is never read. The first
notebook that needs the table computes it while holding a lock; a notebook that asks meanwhile
waits and then reads it, so a run computes each table once even when notebooks run in parallel.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

try:
    import fcntl
except ImportError:  # not POSIX: no lock, so two notebooks may both compute a table
    fcntl = None


def digest(*parts: str | bytes) -> str:
    """A short hash of ``parts``, in order (16 hex digits)."""
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        hashed.update(b"\x1f")
    return hashed.hexdigest()[:16]


def code_digest(files: Iterable[str | Path]) -> str:
    """A short hash of the source files that compute a table: new code, new table."""
    return digest(*(Path(file).read_bytes() for file in files))[:8]


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if needed) for the duration of the block."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)


def shared_table(
    folder: str | Path | None,
    name: str,
    compute: Callable[[], pd.DataFrame],
    columns: list[str] | None = None,
) -> pd.DataFrame:
    """The table ``name`` from ``folder``, computed and kept there first if it is not there yet.

    Args:
        folder: where shared tables are kept (a run's cache folder); None or "" computes the table
            and keeps nothing.
        name: the table's file name without ``.parquet``; it must carry the key of everything the
            table depends on (see :func:`digest`).
        compute: makes the table when it is not kept yet.
        columns: read only these columns (None: all).

    Returns:
        The table (with ``columns`` only, when given).
    """
    if not folder:
        table = compute()
        return table[columns] if columns else table
    folder = Path(folder)
    path = folder / f"{name}.parquet"
    with locked(folder / f".{name}.lock"):
        if path.exists():
            return pd.read_parquet(path, columns=columns)
        table = compute()
        partial = folder / f".{name}.{os.getpid()}.partial"
        table.to_parquet(partial, index=False)
        partial.rename(path)  # atomic: a reader never sees half a table
    return table[columns] if columns else table


def shared_tables(
    folder: str | Path | None, name: str, compute: Callable[[], dict[str, pd.DataFrame]]
) -> dict[str, pd.DataFrame]:
    """Like :func:`shared_table`, for tables computed together (kept as one folder of Parquet files).

    Returns:
        table name → table, as ``compute`` gave them.
    """
    if not folder:
        return compute()
    folder = Path(folder)
    path = folder / name
    with locked(folder / f".{name}.lock"):
        if path.is_dir():
            return {file.stem: pd.read_parquet(file) for file in sorted(path.glob("*.parquet"))}
        tables = compute()
        partial = folder / f".{name}.{os.getpid()}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        for table_name, table in tables.items():
            table.to_parquet(partial / f"{table_name}.parquet", index=False)
        partial.rename(path)  # atomic: a reader sees every table or none
    return tables
