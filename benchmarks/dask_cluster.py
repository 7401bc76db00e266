"""Run the suite on a real Dask cluster on this machine and check it gives the pandas run's tables.

Starts ``dask scheduler`` and two ``dask worker`` processes on localhost (separate processes, as
on a cluster), runs the configuration with ``engine: dask`` and the scheduler's address, runs it
again with ``engine: pandas``, each run with an empty cache of its own, compares every table of
the two reports byte for byte (``benchmarks/diff_reports.py``), prints the wall time of each run, and stops the cluster.

    .venv/bin/python benchmarks/dask_cluster.py [--config config/allsides.yml] [--limit 0] [--port 8786]

Exit code: 0 when every table is identical, 1 when one differs or a run fails, 2 when the cluster
does not start.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from diff_reports import main as diff_reports  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.3)
    return False


def run_suite(config: str, out: Path, settings: list[str], cache: Path) -> tuple[int, float]:
    """Run the suite into ``out`` with its own empty cache folder: nothing one run computes (the
    parsed corpus, the mention, quote and story tables) is read back by the other."""
    command = [sys.executable, "-m", "helpers", "run", "--config", config, "--out", str(out)]
    for setting in settings:
        command += ["--set", setting]
    started = time.perf_counter()
    code = subprocess.run(command, cwd=ROOT, env={**os.environ, "NEWSFRAMES_CACHE_DIR": str(cache)}).returncode
    return code, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="config/allsides.yml")
    parser.add_argument("--limit", type=int, default=0, help="corpus.limit for both runs (0: the whole corpus)")
    parser.add_argument("--port", type=int, default=0, help="the scheduler's port (0: a free one)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    port = args.port or free_port()
    address = f"tcp://127.0.0.1:{port}"
    scratch = Path(tempfile.mkdtemp(prefix="dask-cluster-"))
    processes = [
        subprocess.Popen(
            [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            stdout=subprocess.DEVNULL,
            stderr=(scratch / "scheduler.log").open("w"),
        )  # fmt: skip
    ]
    try:
        if not wait_for(port):
            print(f"error: the scheduler did not start on {address}; see {scratch / 'scheduler.log'}", file=sys.stderr)
            return 2
        for number in range(args.workers):
            processes.append(
                subprocess.Popen(
                    [
                        str(BIN / "dask"),
                        "worker",
                        address,
                        "--nthreads",
                        "1",
                        "--nworkers",
                        "1",
                        "--no-dashboard",
                        "--local-directory",
                        str(scratch / f"worker{number}"),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=(scratch / f"worker{number}.log").open("w"),
                )  # fmt: skip
            )
        time.sleep(3)  # the workers register with the scheduler
        common = [f"corpus.limit={args.limit}"] if args.limit else []
        print(f"cluster: scheduler {address}, {args.workers} workers (1 thread each)")
        dask_code, dask_seconds = run_suite(
            args.config, scratch / "dask", [*common, "engine=dask", f"dask.address={address}"], scratch / "cache-dask"
        )
        pandas_code, pandas_seconds = run_suite(
            args.config, scratch / "pandas", [*common, "engine=pandas"], scratch / "cache-pandas"
        )
        print(f"dask run:   exit {dask_code}, {dask_seconds:.1f} s")
        print(f"pandas run: exit {pandas_code}, {pandas_seconds:.1f} s")
        if dask_code or pandas_code:
            return 1
        same = diff_reports([str(scratch / "pandas"), str(scratch / "dask")])
        print("every table identical" if same == 0 else "tables differ (above)")
        return same
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        for cache in ("cache-dask", "cache-pandas"):
            shutil.rmtree(scratch / cache, ignore_errors=True)  # the reports stay in scratch to read


if __name__ == "__main__":
    raise SystemExit(main())
