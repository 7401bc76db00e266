"""Where partition-wise work runs: in this process (pandas) or on a Dask cluster.

Every stage that can be split by document — cleaning and segmenting, actor matching, frame
scoring, term counting — is written as a pure function of one partition (a pandas DataFrame of
whole documents). :func:`map_partitions` applies it to every partition and returns the results
in partition order, so both engines give the same tables:

- ``pandas`` (default): partitions run on this machine, in worker processes forked from this
  one (one per core, or ``workers``) when there are enough of them, with a progress bar.
- ``dask``: the frame becomes a Dask DataFrame whose partitions run on a Dask cluster — a
  ``LocalCluster`` started for the run, or an existing scheduler given by ``address``.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

import pandas as pd

from helpers.errors import InputError

KINDS = ("pandas", "dask")


@dataclass(frozen=True)
class Engine:
    """How partition-wise work runs.

    Attributes:
        kind: ``pandas`` or ``dask``.
        address: a Dask scheduler address (``tcp://host:8786``); empty starts a LocalCluster.
        workers: worker processes, for either engine (0: one per core; 1: no extra processes).
        partition_rows: documents per partition.
    """

    kind: str = "pandas"
    address: str = ""
    workers: int = 0
    partition_rows: int = 2000

    @classmethod
    def from_settings(cls, kind: str = "pandas", settings: dict | None = None) -> Engine:
        """Build from a config's ``engine`` value and ``dask`` section, checking both."""
        if kind not in KINDS:
            raise InputError(f"engine {kind!r} is not one of {', '.join(KINDS)}")
        settings = dict(settings or {})
        known = {"address", "workers", "partition_rows"}
        unknown = sorted(set(settings) - known)
        if unknown:
            raise InputError(f"dask: unknown key(s) {', '.join(unknown)}; known keys are {', '.join(sorted(known))}")
        engine = cls(kind=kind, **settings)
        if not isinstance(engine.address, str):
            raise InputError(f"dask.address must be text such as tcp://127.0.0.1:8786, not {engine.address!r}")
        for name in ("workers", "partition_rows"):
            value = getattr(engine, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < (0 if name == "workers" else 1):
                raise InputError(f"dask.{name} must be a whole number ≥ {0 if name == 'workers' else 1}, not {value!r}")
        return engine


def partitions(frame: pd.DataFrame, rows: int, key: str = "") -> list[pd.DataFrame]:
    """Split ``frame`` into consecutive partitions of about ``rows`` rows.

    With ``key`` (e.g. ``doc_id``), rows sharing a key value stay in one partition, which stages
    that resolve mentions within a document need. Rows of one key must be consecutive.
    """
    if frame.empty:
        return [frame]
    if not key:
        return [frame.iloc[start : start + rows] for start in range(0, len(frame), rows)]
    values = frame[key].to_numpy()
    starts = [0]
    for start in range(rows, len(frame), rows):
        # Move the cut forward to the first row of the next key.
        while start < len(frame) and values[start] == values[start - 1]:
            start += 1
        if start < len(frame) and start > starts[-1]:
            starts.append(start)
    starts.append(len(frame))
    return [frame.iloc[a:b] for a, b in zip(starts[:-1], starts[1:]) if b > a]


def progress(iterable, total: int, desc: str):
    """A tqdm progress bar on stderr when someone is watching a terminal; silent otherwise."""
    from tqdm.auto import tqdm

    quiet = os.environ.get("NEWSFRAMES_PROGRESS", "") == "0" or not sys.stderr.isatty()
    return tqdm(iterable, total=total, desc=desc, disable=quiet or total < 3, leave=False)


def map_partitions(
    func: Callable[[pd.DataFrame], object], frame: pd.DataFrame, engine: Engine, key: str = "", desc: str = ""
) -> list:
    """Apply ``func`` to every partition of ``frame``; results in partition order."""
    parts = partitions(frame, engine.partition_rows, key)
    if engine.kind == "pandas" or len(parts) == 1:
        workers = min(engine.workers or os.cpu_count() or 1, len(parts))
        if workers < 2 or len(parts) < 4 or multiprocessing.get_start_method(allow_none=True) not in (None, "fork"):
            return [func(part) for part in progress(parts, len(parts), desc or "partitions")]
        # Worker processes forked from this one share its imports; results come back in order.
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(progress(pool.map(func, parts), len(parts), desc or "partitions"))
    import dask
    import dask.dataframe as dd

    with dask_client(engine):
        # A Dask DataFrame whose partitions are exactly these document-aligned parts.
        distributed = dd.from_delayed([dask.delayed(part) for part in parts], meta=frame.iloc[:0], verify_meta=False)
        tasks = [dask.delayed(func)(part) for part in distributed.to_delayed()]
        return list(dask.compute(*tasks))


_CLIENTS: dict[tuple, object] = {}


@contextmanager
def dask_client(engine: Engine) -> Iterator[object]:
    """A distributed Client for ``engine``, started once per process and reused."""
    from dask.distributed import Client, LocalCluster

    key = (engine.address, engine.workers)
    client = _CLIENTS.get(key)
    if client is None or client.status != "running":
        try:
            if engine.address:
                client = Client(engine.address, timeout="20s")
            else:
                cluster = LocalCluster(
                    n_workers=engine.workers or os.cpu_count() or 1,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                )
                client = Client(cluster)
        except OSError as error:
            raise InputError(
                f"dask.address {engine.address!r}: cannot reach the scheduler ({error}); start it or fix the address"
            ) from None
        _CLIENTS[key] = client
    with client.as_current():
        yield client
