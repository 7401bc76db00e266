"""Time the three costly framing stages against an earlier version of the code, and check equal tables.

The stages are :func:`helpers.terms.distinctive_terms`, :func:`helpers.frames.find_frames` and
:func:`helpers.labels.find_labels`, run as the framing notebook runs them on the AllSides corpus
grouped by bias. The earlier version ("baseline") is read from git (``--baseline``, default the
commit before these stages were rewritten) and loaded beside the current code in this process, so
both run on the same data and the same machine state; the ratios are the figures to read, since
the machine may be shared. Every run checks that the baseline and the current code give equal
tables (``pandas.testing.assert_frame_equal``).

Needs shared/corpora/allsides/articles.jsonl.gz beside the checkout (or ``--corpus``) and git.

    .venv/bin/python benchmarks/bench_framing_stages.py                      # one process (CPU seconds)
    .venv/bin/python benchmarks/bench_framing_stages.py --workers 2          # two forked workers
    .venv/bin/python benchmarks/bench_framing_stages.py --limit 3000 --repeat 1   # a quick look
    .venv/bin/python benchmarks/bench_framing_stages.py --stages labels-whole     # find_labels without an engine
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from helpers import corpus, frames, framing, labels, terms
from helpers.engine import Engine

ROOT = Path(__file__).resolve().parents[1]
# Beside the checkout, or beside the folder of a git worktree.
ALLSIDES = next(
    (path for path in (folder / "shared" / "corpora" / "allsides" / "articles.jsonl.gz" for folder in ROOT.parents[:2])
     if path.exists()),
    ROOT.parent / "shared" / "corpora" / "allsides" / "articles.jsonl.gz",
)  # fmt: skip
BASELINE = "ade08e5"  # the last commit with the sentence-by-sentence scanners


def cpu_seconds() -> float:
    """User and system CPU seconds of this process and of its finished worker processes."""
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def baseline_module(name: str, revision: str, folder: Path):
    """helpers.<name> as it was at ``revision``, imported under another name."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{revision}:src/helpers/{name}.py"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path = folder / f"baseline_{name}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(f"baseline_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and worker processes look it up by name
    spec.loader.exec_module(module)
    return module


def timed(call, repeat: int) -> tuple[object, float, float]:
    """The result of ``call()`` and the median wall and CPU seconds of ``repeat`` runs."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        clock, cpu = time.perf_counter(), cpu_seconds()
        result = call()
        walls.append(time.perf_counter() - clock)
        cpus.append(cpu_seconds() - cpu)
    return result, statistics.median(walls), statistics.median(cpus)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ALLSIDES), help="the AllSides JSONL file")
    parser.add_argument("--cache-dir", default="/tmp/nfbench-cache", help="the loader's Parquet cache")
    parser.add_argument("--limit", type=int, default=0, help="read only the first N articles (0: all)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (1: this process only)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per stage and version (the median is shown)")
    parser.add_argument("--baseline", default=BASELINE, help="git revision to compare with")
    parser.add_argument(
        "--stages", default="terms,frames,labels", help="stages to time, comma-separated (also: labels-whole)"
    )
    args = parser.parse_args()
    path = Path(args.corpus)
    if not path.exists():
        print(f"{path} is missing: this benchmark needs the AllSides corpus (see the README beside it).")
        return 2
    spec = corpus.CorpusSpec.from_dict(
        {"path": str(path), "columns": {"author": "authors"}, "keep": ["bias", "topic"], "limit": args.limit}
    )
    clock = time.perf_counter()
    loaded = corpus.load(spec, cache_dir=args.cache_dir)
    docs, sentences = loaded.docs, loaded.sentences
    print(f"load: {len(docs):,} docs, {len(sentences):,} sentences, {time.perf_counter() - clock:.1f} s")
    groups = framing.doc_groups(docs, "bias")
    pairs = framing.check_comparison(groups, framing.Comparison(group_by="bias"))
    options = terms.TermOptions(min_count=20, prior_scale=500.0)  # as config/allsides.yml
    codebook, concepts = frames.load_codebook(), labels.load_labels()
    engine = Engine(workers=args.workers)
    with tempfile.TemporaryDirectory() as folder:
        old = {name: baseline_module(name, args.baseline, Path(folder)) for name in ("terms", "frames", "labels")}
        calls = {
            "terms": lambda module: module.distinctive_terms(docs, groups, pairs, options, engine),
            "frames": lambda module: module.find_frames(sentences, codebook, engine),
            "labels": lambda module: module.find_labels(sentences, groups, concepts, engine),
            # find_labels without an engine: the whole corpus in one piece, in this process.
            "labels-whole": lambda module: module.find_labels(sentences, groups, concepts),
        }
        print(f"workers={args.workers}, median of {args.repeat}; baseline {args.baseline}")
        print(
            f"{'stage':12s} {'old wall':>9s} {'new wall':>9s} {'old CPU':>8s} {'new CPU':>8s} {'CPU ratio':>9s}  rows"
        )
        for stage in args.stages.split(","):
            name = stage.split("-")[0]  # the module
            before, old_wall, old_cpu = timed(lambda stage=stage, name=name: calls[stage](old[name]), args.repeat)
            after, new_wall, new_cpu = timed(lambda stage=stage, name=name: calls[stage](globals()[name]), args.repeat)
            pd.testing.assert_frame_equal(before, after)
            print(
                f"{stage:12s} {old_wall:8.1f}s {new_wall:8.1f}s {old_cpu:7.1f}s {new_cpu:7.1f}s "
                f"{old_cpu / max(new_cpu, 1e-9):8.1f}x  {len(after):,} (equal)",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
