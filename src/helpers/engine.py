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

import numpy as np
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


def _in_jupyter_kernel() -> bool:
    ipython = sys.modules.get("IPython")  # imported by every kernel; never imported here just to ask
    shell = ipython.get_ipython() if ipython is not None else None
    return type(shell).__name__ == "ZMQInteractiveShell"


def progress(iterable, total: int, desc: str):
    """A progress bar where someone is watching; silent otherwise.

    On a terminal it is a tqdm bar on stderr; in a JupyterLab kernel, a widget (ipywidgets).
    ``NEWSFRAMES_PROGRESS=0`` silences it: the runner sets it in the kernels it starts, so no bar
    reaches a report page.
    """
    from tqdm.auto import tqdm

    watched = sys.stderr.isatty() or _in_jupyter_kernel()
    quiet = os.environ.get("NEWSFRAMES_PROGRESS", "") == "0" or not watched
    return tqdm(iterable, total=total, desc=desc, disable=quiet or total < 3, leave=False)


MIN_DASK_PARTITIONS = 2  # a Dask run splits even a small corpus this far, so its work runs on the cluster


def documents_per_partition(engine: Engine, documents: int) -> int:
    """Documents per partition: ``engine.partition_rows``, and on Dask no more than spreads ``documents``
    over every worker (at least :data:`MIN_DASK_PARTITIONS` partitions), so that a corpus smaller than
    one partition still runs on the cluster rather than all in the kernel."""
    size = max(engine.partition_rows, 1)
    if engine.kind == "dask" and documents > 1:
        spread = max(engine.workers or 0, MIN_DASK_PARTITIONS)
        size = min(size, max(1, -(-documents // spread)))
    return size


def map_partitions(
    func: Callable[[pd.DataFrame], object], frame: pd.DataFrame, engine: Engine, key: str = "", desc: str = ""
) -> list:
    """Apply ``func`` to every partition of ``frame``; results in partition order.

    With ``key`` (rows of one document share it: sentences, mentions), a partition holds about
    ``engine.partition_rows`` documents, as every stage does, however many rows each has.
    """
    documents = max(int(frame[key].nunique()), 1) if key and len(frame) else len(frame)
    rows = documents_per_partition(engine, documents)
    if key and len(frame):
        rows = max(1, round(rows * len(frame) / documents))
    parts = partitions(frame, rows, key)
    if engine.kind == "pandas" or len(parts) == 1:
        return _here(lambda number: func(parts[number]), len(parts), engine, desc)
    import dask
    import dask.dataframe as dd

    with dask_client(engine):
        # A Dask DataFrame whose partitions are exactly these document-aligned parts.
        distributed = dd.from_delayed([dask.delayed(part) for part in parts], meta=frame.iloc[:0], verify_meta=False)
        tasks = [dask.delayed(func)(part) for part in distributed.to_delayed()]
        return list(dask.compute(*tasks))


def map_documents(
    func: Callable[[dict[str, pd.DataFrame]], object],
    frames: dict[str, pd.DataFrame],
    order,
    engine: Engine | None,
    desc: str = "",
    within: dict[str, str] | None = None,
    key: str = "doc_id",
) -> list:
    """Apply ``func`` to partitions of whole documents taken from several frames at once.

    Each call of ``func`` receives ``{name: rows}``: for every frame, the rows of the same
    documents (about ``engine.partition_rows`` of them, consecutive in ``order``), grouped by
    document in ``order``. Rows of one document keep their order in the input, or are ordered by
    the column ``within[name]`` when given. Rows whose ``key`` is not in ``order`` are left out.
    Without an engine, ``func`` gets everything in one call.

    With the pandas engine and forked workers, the workers inherit the frames from this process
    and receive only a partition number: no frame is copied into a combined input or pickled to
    them, which matters when a stage needs sentences, paragraphs and mentions of 37k documents
    together. On Dask, each task carries its own slices.

    Returns:
        The results of ``func``, in partition order.
    """
    index = pd.Index(pd.unique(np.asarray(order, dtype=object)))
    grouped, codes_of = {}, {}
    for name, frame in frames.items():
        codes = index.get_indexer(frame[key])
        column = (within or {}).get(name)
        extra = frame[column].to_numpy() if column else None
        if not _grouped(codes, extra):
            rows = np.lexsort((extra, codes)) if column else np.argsort(codes, kind="stable")
            rows = rows[codes[rows] >= 0]
            frame, codes = frame.iloc[rows].reset_index(drop=True), codes[rows]
        grouped[name], codes_of[name] = frame, codes
    size = len(index) if engine is None else documents_per_partition(engine, len(index))
    cuts = np.r_[np.arange(0, len(index), size), len(index)] if len(index) else np.array([0, 0])
    bounds = {name: np.searchsorted(codes, cuts) for name, codes in codes_of.items()}
    count = len(cuts) - 1
    if engine is None or engine.kind == "pandas" or count == 1:
        return _here(lambda number: func(_slices(grouped, bounds, number)), count, engine, desc)
    import dask

    with dask_client(engine):
        tasks = [dask.delayed(func)(_slices(grouped, bounds, number)) for number in range(count)]
        return list(dask.compute(*tasks))


def map_jobs(job: Callable[[int], object], count: int, engine: Engine | None, desc: str = "") -> list:
    """``job(number)`` for every number from 0 to ``count`` − 1, results in order, on this machine: for
    independent pieces of work that are not partitions of a frame (the model fits of a topic model).

    As partitions with the pandas engine: in worker processes forked from this one when ``engine``
    allows more than one (None: here, one after the other). Each job runs as it would here.
    """
    return _here(job, count, engine, desc)


def _here(job: Callable[[int], object], count: int, engine: Engine | None, desc: str) -> list:
    """``job(number)`` for every partition number, on this machine; results in order.

    With more than one worker, the workers are forked from this process after ``job`` is put in
    :data:`_FORKED`: they inherit it and the data it reads, and only partition numbers are sent
    to them, so no partition is pickled on the way in.
    """
    workers = 1 if engine is None else min(engine.workers or os.cpu_count() or 1, count)
    if workers < 2 or count < 4 or multiprocessing.get_start_method(allow_none=True) not in (None, "fork"):
        return [job(number) for number in progress(range(count), count, desc or "partitions")]
    token = id(job)
    _FORKED[token] = job
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            results = pool.map(_forked_part, [(token, number) for number in range(count)])
            return list(progress(results, count, desc or "partitions"))
    finally:
        del _FORKED[token]


_FORKED: dict[int, Callable[[int], object]] = {}


def _grouped(codes: np.ndarray, within: np.ndarray | None) -> bool:
    """True when rows are already grouped by document code, in order (and by ``within`` inside)."""
    if len(codes) == 0:
        return True
    if codes.min() < 0 or (codes[1:] < codes[:-1]).any():
        return False
    if within is None:
        return True
    same = codes[1:] == codes[:-1]
    return not (same & (within[1:] < within[:-1])).any()


def _slices(frames: dict[str, pd.DataFrame], bounds: dict[str, np.ndarray], number: int) -> dict[str, pd.DataFrame]:
    return {name: frame.iloc[bounds[name][number] : bounds[name][number + 1]] for name, frame in frames.items()}


def _forked_part(task: tuple[int, int]):
    token, number = task
    return _FORKED[token](number)


def document_starts(doc_ids, frame: pd.DataFrame, key: str = "doc_id") -> np.ndarray:
    """Where each document's rows start in a slice given by :func:`map_documents`.

    Returns:
        ``len(doc_ids) + 1`` row positions: the rows of ``doc_ids[i]`` are ``starts[i]:starts[i + 1]``.
    """
    codes = pd.Index(doc_ids).get_indexer(frame[key])
    return np.searchsorted(codes, np.arange(len(doc_ids) + 1))


def one_blas_thread():
    """A context in which BLAS (the matrix products of numpy and scipy) uses one thread.

    Two threads sum a matrix product in a different order from one, which changes the last
    digits of NMF weights and of bootstrap replicates, so tables would depend on the machine's
    cores and on how many notebooks share them; one thread gives the same numbers everywhere.
    (Idle BLAS threads also spin on the CPU another process needs.)
    """
    import scipy.linalg  # noqa: F401  (loads scipy's BLAS too: only libraries loaded now are limited)
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


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


SCHEDULER_TIMEOUT = 3.0  # seconds to wait for a scheduler to accept a connection


def check_scheduler(address: str, timeout: float = SCHEDULER_TIMEOUT) -> None:
    """Raise :class:`InputError` when nothing accepts connections at a scheduler's address, so a run
    with a wrong ``dask.address`` stops before any notebook starts (not after each times out)."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        host, port = None, None
    if not host or not port:
        raise InputError(f"dask.address {address!r}: expected tcp://HOST:PORT, e.g. tcp://127.0.0.1:8786")
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise InputError(
            f"dask.address {address}: no scheduler answers there ({reason}); start one with `dask scheduler`, "
            "or leave dask.address out to run on a local cluster"
        ) from None


@contextmanager
def shared_cluster(engine: Engine) -> Iterator[Engine]:
    """For a run: start one LocalCluster that every notebook's kernel connects to.

    With the pandas engine, or an ``address`` already given, ``engine`` is returned unchanged.
    Otherwise a LocalCluster starts here and the returned Engine carries its address, so the
    loader and all notebooks share one set of workers instead of starting one cluster each.
    """
    if engine.kind == "dask" and engine.address:
        check_scheduler(engine.address)
    if engine.kind != "dask" or engine.address:
        yield engine
        return
    from dask.distributed import LocalCluster

    cluster = LocalCluster(
        n_workers=engine.workers or os.cpu_count() or 1, threads_per_worker=1, processes=True, dashboard_address=None
    )
    try:
        yield Engine(
            kind="dask", address=cluster.scheduler_address, workers=engine.workers, partition_rows=engine.partition_rows
        )
    finally:
        for key in [key for key in _CLIENTS if key[0] == cluster.scheduler_address]:
            _CLIENTS.pop(key).close()
        cluster.close()
