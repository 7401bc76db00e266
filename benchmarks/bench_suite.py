"""Time and memory of each stage and of the whole suite, at several corpus sizes.

Runs ``python -m helpers run`` in a child process per stage (one notebook, or all of them) on
the first 10%, 30% and 100% of a corpus (AllSides by default), and prints, per stage and size:
wall seconds, the peak RSS of the largest process, and the peak total RSS and total PSS of the
process tree (runner plus kernels and their workers, sampled every 0.2 s; PSS from
``/proc/*/smaps_rollup`` splits pages shared by forked workers, so it is the memory really held).
``suite`` runs with an empty cache (cold); ``suite_warm`` runs it again with the parsed corpus and
shared tables cached (warm: in the cold run's cache when both are asked for, else after an
unmeasured run). For both, each notebook's own wall time inside the run (from the report's
``run.json``) is printed too, as ``s:<notebook>`` (cold) and ``s_warm:<notebook>`` rows: the stage as it runs in the full suite,
beside another notebook. It ends with the slope of log(time) against
log(size) per stage: 1.0 is linear. The output is plain text in a fixed layout, so two versions
can be compared with diff. Each stage runs ``--repeat`` times; the median is reported.

Usage:
    python benchmarks/bench_suite.py [--corpus PATH] [--fractions 0.1 0.3 1] [--repeat 1]
                                     [--stages load corpus topics actors framing stories suite suite_warm]
                                     [--out FILE] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "allsides" / "articles.jsonl.gz"
TOTAL_DOCS = 37_554


def _field_kb(path: str, name: str) -> int:
    with open(path, encoding="ascii") as handle:
        for line in handle:
            if line.startswith(name):
                return int(line.split()[1])
    return 0


def tree_memory(pid: int) -> tuple[int, int]:
    """(summed RSS, summed PSS) in bytes of a process and all its descendants, from /proc.

    Summed RSS counts a page shared by forked workers once per process; PSS (from
    ``smaps_rollup``) splits each shared page between the processes sharing it, so its sum is the
    memory the tree really holds.
    """
    rss = pss = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            rss += _field_kb(f"/proc/{current}/status", "VmRSS:") * 1024
            try:
                pss += _field_kb(f"/proc/{current}/smaps_rollup", "Pss:") * 1024
            except (FileNotFoundError, PermissionError):  # a kernel without smaps_rollup
                pss += _field_kb(f"/proc/{current}/status", "VmRSS:") * 1024
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as handle:
                    stack.extend(int(child) for child in handle.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return rss, pss


def measure(command: list[str], env: dict) -> tuple[float, int, int, int, int]:
    """Run a command; return (seconds, exit code, peak single-process RSS, peak tree RSS, peak tree PSS),
    memory in bytes."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_tree = peak_pss = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_tree, peak_pss
        while not done.is_set():
            rss, pss = tree_memory(process.pid)
            peak_tree, peak_pss = max(peak_tree, rss), max(peak_pss, pss)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        print(process.stderr.read().decode(errors="replace")[-2000:], file=sys.stderr)
    return seconds, process.returncode, usage.ru_maxrss * 1024, peak_tree, peak_pss


def notebook_seconds(report: Path) -> dict[str, float]:
    """Each notebook's wall seconds in a run, from the report's manifest (``run.json``)."""
    try:
        manifest = json.loads((report / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {item["name"]: float(item["seconds"]) for item in manifest.get("notebooks", [])}


def slope(sizes: list[int], seconds: list[float]) -> float:
    xs, ys = [math.log(s) for s in sizes], [math.log(max(t, 1e-3)) for t in seconds]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    denominator = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / denominator if denominator else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    parser.add_argument("--config", default=str(ROOT / "config" / "allsides.yml"))
    parser.add_argument("--fractions", nargs="+", type=float, default=[0.1, 0.3, 1.0])
    parser.add_argument(
        "--stages",
        nargs="+",
        default=["load", "corpus", "topics", "actors", "framing", "stories", "suite", "suite_warm"],
    )
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--out", default="")
    parser.add_argument("--json", default="", help="also write the rows as JSON (diffable between versions)")
    args = parser.parse_args()
    if "suite" in args.stages and "suite_warm" in args.stages:  # the warm run reuses the cold run's cache
        args.stages = [stage for stage in args.stages if stage != "suite_warm"] + ["suite_warm"]
    if not Path(args.corpus).exists():
        print(f"corpus {args.corpus} not found; pass --corpus PATH (the AllSides file lives in shared/corpora/)")
        return 0
    notebooks = {p.stem.split("-", 1)[1] for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")}
    lines = [
        f"# newsframes suite benchmark — corpus {Path(args.corpus).name}, {os.cpu_count()} cores, "
        f"median of {args.repeat}",
        f"{'stage':<16} {'docs':>7} {'seconds':>9} {'max_rss_mb':>11} {'tree_rss_mb':>12} {'tree_pss_mb':>12} {'exit':>5}",
    ]
    rows = []
    print("\n".join(lines), flush=True)
    timings: dict[str, list[tuple[int, float]]] = {}
    kept: dict[tuple[int, int], tempfile.TemporaryDirectory] = {}  # cold suite caches the warm run reuses
    for fraction in args.fractions:
        docs = min(TOTAL_DOCS, max(1, round(TOTAL_DOCS * fraction)))
        for stage in args.stages:
            if stage not in {"load", "suite", "suite_warm"} and stage not in notebooks:
                continue
            runs, inside = [], {}
            for repeat in range(args.repeat):
                after_cold = stage == "suite_warm" and "suite" in args.stages
                with tempfile.TemporaryDirectory(prefix="nf-bench-") as scratch:
                    if after_cold:
                        scratch = kept[(docs, repeat)].name  # the cold run's cache, filled
                    elif stage == "suite" and "suite_warm" in args.stages:
                        kept[(docs, repeat)] = tempfile.TemporaryDirectory(prefix="nf-bench-")
                        scratch = kept[(docs, repeat)].name
                    env = {**os.environ, "NEWSFRAMES_CACHE_DIR": str(Path(scratch) / "cache")}
                    common = [sys.executable, "-m", "helpers"]
                    sets = ["--set", f"corpus.path={args.corpus}", "--set", f"corpus.limit={docs}"]
                    out = ["--out", str(Path(scratch) / "report")]
                    if stage == "load":
                        load = (
                            "from helpers import corpus; "
                            f"corpus.load_corpus({args.corpus!r}, columns={{'author': 'authors'}}, keep=['bias', 'topic'], "
                            f"limit={docs})"
                        )
                        command = [sys.executable, "-c", load]
                    elif stage == "suite":
                        command = [*common, "run", "--config", args.config, *sets, *out]
                    elif stage == "suite_warm":  # the whole suite again, with the corpus and shared tables cached
                        command = [*common, "run", "--config", args.config, *sets, *out]
                        if not after_cold:
                            subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=False)
                    else:
                        # Warm the cache first so the stage is timed without parsing the corpus.
                        warm = [*common, "run", "--config", args.config, *sets, *out, "--only", "corpus"]
                        subprocess.run(warm, cwd=ROOT, env=env, capture_output=True, check=False)
                        command = [*common, "run", "--config", args.config, *sets, *out, "--only", stage]
                    (Path(scratch) / "report" / "run.json").unlink(missing_ok=True)  # not the cold run's
                    runs.append(measure(command, env))
                    if stage in ("suite", "suite_warm"):
                        for name, took in notebook_seconds(Path(scratch) / "report").items():
                            inside.setdefault(name, []).append(took)
                    if after_cold:
                        kept.pop((docs, repeat)).cleanup()
            seconds = statistics.median(run[0] for run in runs)
            code = max(run[1] for run in runs)
            max_rss = max(run[2] for run in runs) / 2**20
            tree = max(run[3] for run in runs) / 2**20
            pss = max(run[4] for run in runs) / 2**20
            line = f"{stage:<16} {docs:>7} {seconds:>9.1f} {max_rss:>11.0f} {tree:>12.0f} {pss:>12.0f} {code:>5}"
            print(line, flush=True)
            lines.append(line)
            rows.append({"stage": stage, "docs": docs, "seconds": round(seconds, 1), "max_rss_mb": round(max_rss),
                         "tree_rss_mb": round(tree), "tree_pss_mb": round(pss), "exit": code})  # fmt: skip
            timings.setdefault(stage, []).append((docs, seconds))
            for name, values in inside.items():
                label, took = f"{stage.replace('suite', 's')}:{name}", statistics.median(values)
                line = f"{label:<16} {docs:>7} {took:>9.1f} {'':>11} {'':>12} {'':>12} {code:>5}"
                print(line, flush=True)
                lines.append(line)
                rows.append({"stage": label, "docs": docs, "seconds": round(took, 1), "exit": code})
                timings.setdefault(label, []).append((docs, took))
    lines.append("")
    slopes_from = len(lines)
    lines.append(f"{'stage':<16} {'slope(log time ~ log docs)':>28}")
    for stage, points in timings.items():
        if len(points) > 1:
            lines.append(f"{stage:<16} {slope([p[0] for p in points], [p[1] for p in points]):>28.2f}")
    print("\n".join(lines[slopes_from:]))
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        slopes = {
            stage: round(slope([p[0] for p in pts], [p[1] for p in pts]), 3)
            for stage, pts in timings.items()
            if len(pts) > 1
        }
        report = {"corpus": Path(args.corpus).name, "cores": os.cpu_count(), "repeat": args.repeat, "rows": rows,
                  "slopes": slopes}  # fmt: skip
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
