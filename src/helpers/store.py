"""Tables a stage computes once and other notebooks read: kept on disk, named by what made them.

A stage that another stage depends on (the actor mentions behind tone toward actors and the
stories' voices) publishes its table through :func:`shared_table`; a result that is costly to
compute and the same on every run of the same corpus and settings (a topic model, every document's
term counts, the frames of every sentence) is kept through :func:`shared_object`, so that running
the suite again — for another group_by, another top_n — does not compute it again. The table's name carries a key:
a hash of the corpus fingerprint, the settings that shape the table and the code that computes it,
so a changed input, setting or rule gives a new table and a stale one is never read. The first
notebook that needs the table computes it while holding a lock; a notebook that asks meanwhile
waits and then reads it, so a run computes each table once even when notebooks run in parallel.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import shutil
import time
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
    table, was_kept = _kept(
        folder, name, f"{name}.parquet", compute,
        read=lambda path: pd.read_parquet(path, columns=columns),
        write=lambda found, path: found.to_parquet(path, index=False),
    )  # fmt: skip
    return table if was_kept or not columns else table[columns]


def shared_tables(
    folder: str | Path | None, name: str, compute: Callable[[], dict[str, pd.DataFrame]]
) -> dict[str, pd.DataFrame]:
    """Like :func:`shared_table`, for tables computed together (kept as one folder of Parquet files).

    Returns:
        table name → table, as ``compute`` gave them.
    """

    def read(path: Path) -> dict[str, pd.DataFrame]:
        return {file.stem: pd.read_parquet(file) for file in sorted(path.glob("*.parquet"))}

    def write(tables: dict[str, pd.DataFrame], path: Path) -> None:
        path.mkdir(parents=True)
        for table_name, table in tables.items():
            table.to_parquet(path / f"{table_name}.parquet", index=False)

    return _kept(folder, name, name, compute, read, write)[0]  # a reader sees every table or none


def shared_object(folder: str | Path | None, name: str, compute: Callable[[], object]) -> object:
    """The object ``name`` from ``folder`` (pickled), computed and kept there first if it is not there yet.

    As :func:`shared_table`, for results that are not one table (a fitted model, a sparse matrix
    with its row and column names); ``name`` must carry the key of everything the object depends on.
    Reading a pickle runs what it says, so whoever can write into the cache folder can make a run
    execute code: keep the cache where only its users can write (the checkout's ``.cache/``). The versions of
    the libraries whose objects are pickled are added to it: an upgraded scikit-learn or numpy never
    reads an object another version wrote.
    """

    def read(path: Path) -> object:
        with open(path, "rb") as handle:
            return pickle.load(handle)

    def write(found: object, path: Path) -> None:
        with open(path, "wb") as handle:
            pickle.dump(found, handle, protocol=pickle.HIGHEST_PROTOCOL)

    name = f"{name}-{_library_versions()}"
    return _kept(folder, name, f"{name}.pickle", compute, read, write)[0]


def _kept(
    folder: str | Path | None,
    name: str,
    file: str,
    compute: Callable[[], object],
    read: Callable[[Path], object],
    write: Callable[[object, Path], None],
) -> tuple[object, bool]:
    """What :func:`shared_table`, :func:`shared_tables` and :func:`shared_object` share: under the
    entry's lock, ``read`` the kept ``file`` (marking it used), or ``compute`` it and ``write`` it to a
    partial file renamed into place (atomic: a reader never sees half an entry).

    Returns:
        The result, and whether it was read from the folder (False: computed here).
    """
    if not folder:
        return compute(), False
    folder = Path(folder)
    path = folder / file
    with locked(folder / f".{name}.lock"):
        if path.exists():
            used(path)
            return read(path), True
        found = compute()
        partial = folder / f".{name}.{os.getpid()}.partial"
        shutil.rmtree(partial, ignore_errors=True) if partial.is_dir() else partial.unlink(missing_ok=True)
        write(found, partial)
        partial.rename(path)
    return found, False


def _library_versions() -> str:
    """A short hash of the versions of Python and of the libraries whose objects a kept object holds."""
    import sys
    from importlib import metadata

    versions = [sys.version]
    for package in ("numpy", "scipy", "pandas", "scikit-learn", "pyarrow"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} -")
    return digest(*versions)[:6]


def used(path: Path) -> None:
    """Mark a cache entry as read now (its modification time), so that pruning keeps the entries in use."""
    try:
        os.utime(path)
    except OSError:  # a read-only cache: nothing is pruned from it either
        pass


# Kept in a cache folder unless NEWSFRAMES_CACHE_MAX_GB says otherwise: on AllSides one run keeps about
# 1 GB (the parsed corpus, mentions, quotes, stories, the topic model, the term counts, the frames).
DEFAULT_CACHE_GB = 5.0
# What this package writes into a cache folder: a kind, a hash key, maybe a version, maybe a suffix.
_ENTRY = re.compile(r"^[a-z]+(?:-[a-z]+)*-[0-9a-f]{8,}(?:-[0-9a-f]{6,8})*(?:\.parquet|\.pickle)?$")
RECENT = 6 * 3600  # seconds: an entry used this recently may be in use by a run still going


def cache_budget() -> int:
    """The bytes a cache folder may hold after a run (``NEWSFRAMES_CACHE_MAX_GB``, default 5)."""
    from helpers.errors import InputError

    given = os.environ.get("NEWSFRAMES_CACHE_MAX_GB", "")
    try:
        gigabytes = float(given) if given else DEFAULT_CACHE_GB
    except ValueError:
        raise InputError(f"NEWSFRAMES_CACHE_MAX_GB={given!r} is not a number; give gigabytes, e.g. 5 or 0.5") from None
    if gigabytes < 0:
        raise InputError(f"NEWSFRAMES_CACHE_MAX_GB={given!r} must be 0 or more (0 keeps only this run's entries)")
    return int(gigabytes * 1024**3)


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(file.stat().st_size for file in path.rglob("*") if file.is_file())
    return path.stat().st_size


def prune_cache(folder: str | Path, budget: int, keep_since: float) -> tuple[int, int]:
    """Remove the least recently used entries of a cache folder until it holds at most ``budget`` bytes.

    An entry is a top-level file or folder this package wrote (a parsed corpus, a shared table, a
    kept object: a kind and a hash key, ``corpus-1d581c5a67129786-c5ed2614``); nothing else in the
    folder is touched. Entries written or read since ``keep_since`` (a time stamp: the run's start) or in the
    :data:`RECENT` seconds before it are never removed, whatever the budget: another run may still be
    reading them; nor is an entry whose lock another run holds. Half-written files of runs that
    stopped more than a day ago go too.

    Returns:
        (entries removed, bytes removed).
    """
    folder = Path(folder)
    if not folder.is_dir():
        return 0, 0
    entries = []
    for path in folder.iterdir():
        try:
            if path.name.startswith("."):
                if path.name.endswith(".partial") and path.stat().st_mtime < keep_since - 86400:
                    shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
            elif _ENTRY.match(path.name):  # never anything else a shared folder holds
                entries.append((path.stat().st_mtime, _size(path), path))
        except OSError:  # removed meanwhile by another run
            continue
    total = sum(size for _, size, _ in entries)
    keep_since = min(keep_since, time.time() - RECENT)
    removed = freed = 0
    for modified, size, path in sorted(entries, key=lambda entry: (entry[0], entry[2].name)):
        if total <= budget or modified >= keep_since:
            break
        stem = path.name.removesuffix(".parquet").removesuffix(".pickle")
        # The lock file stays (a few bytes): removing it would let two runs lock two different files.
        with open(folder / f".{stem}.lock", "a") as handle:
            if fcntl is not None:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:  # in use by another run
                    continue
            try:
                if path.stat().st_mtime >= keep_since:
                    continue  # read since the folder was listed
            except OSError:
                continue
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
        total -= size
        freed += size
        removed += 1
    return removed, freed
