"""Benchmark the actor stage on the AllSides corpus (37,554 articles, about 36M words).

Run: .venv/bin/python benchmarks/bench_actors.py [--workers 1 2] [--repeat R] [--limit N] [--notebook]
     [--compare-patterns]

For each number of worker processes (pandas engine), in a fresh process each time, prints the wall
seconds, words per second and peak resident memory of ``find_mentions`` (the detailed mentions),
``find_quotes`` and ``suggest_actors`` on the whole corpus; with ``--repeat`` the median of the
runs, and the CPU seconds used (this process and its workers: on a busy machine wall time
grows, CPU time much less). Peak memory is the process's own high-water mark after each stage (it includes the loaded
corpus) and, with workers, the largest worker's; forked workers share the parent's pages, which
each one's figure counts again.

``--notebook`` also runs the actors notebook on AllSides through the runner
(``python -m helpers run --config config/allsides.yml --only actors``) and prints its wall time.
``--compare-patterns`` times the phrase scan alone with the ``re`` prefix-tree pattern (used), the
same pattern with ``regex``, and a flat alternation of the phrases with both, on a sample.

Loading the corpus (from its cache) is timed separately. The machine may be shared: repeat runs
and read ratios within one run rather than single figures.
The corpus is expected in shared/corpora/allsides/ beside the checkout (or pass --path).
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import regex

from helpers.actors import find_mentions_detailed, load_gazetteer
from helpers.actors.discovery import suggest_actors
from helpers.actors.mentions import _atoms, matcher_for
from helpers.actors.quotes import find_quotes
from helpers.corpus import load_corpus
from helpers.engine import Engine
from helpers.paths import CACHE_DIR, PROJ_ROOT

DEFAULT_PATH = str(Path(__file__).resolve().parents[2] / "shared" / "corpora" / "allsides" / "articles.jsonl.gz")
STAGES = ("find_mentions", "find_quotes", "suggest_actors")


def peak_rss_mib(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU seconds used so far by this process and its finished workers (user + system)."""
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def load(path: str, limit: int):
    return load_corpus(path, cache_dir=CACHE_DIR, columns={"author": "authors"}, keep=["bias", "topic"], limit=limit)


def one_run(args) -> dict:
    """All three stages with ``args.child`` workers, in this (fresh) process."""
    started = time.perf_counter()
    loaded = load(args.path, args.limit)
    docs = loaded.docs
    result = {"load": time.perf_counter() - started, "words": int(docs["words"].sum()), "documents": len(docs)}
    gazetteer = load_gazetteer()
    matcher_for(gazetteer)  # compiled once, as in the notebook, before the workers fork
    engine = Engine(kind="pandas", workers=args.child)
    result["load_rss"] = peak_rss_mib()

    def stage(name, run):
        started, cpu = time.perf_counter(), cpu_seconds()
        table = run()
        took = time.perf_counter() - started
        result[name] = (took, len(table), peak_rss_mib(), peak_rss_mib(resource.RUSAGE_CHILDREN), cpu_seconds() - cpu)
        return table

    detailed = stage("find_mentions", lambda: find_mentions_detailed(loaded.sentences, docs, gazetteer, engine=engine))
    stage("find_quotes", lambda: find_quotes(loaded.paragraphs, loaded.sentences, detailed, docs, engine=engine))
    stage("suggest_actors", lambda: suggest_actors(loaded.sentences, detailed, docs, gazetteer, engine=engine))
    result["mentions_mib"] = detailed.memory_usage(deep=True).sum() / 2**20
    return result


def compare_patterns(args) -> None:
    loaded = load(args.path, args.limit)
    gazetteer = load_gazetteer()
    matcher = matcher_for(gazetteer)
    sample, count = [], 0
    for text, n in zip(loaded.docs["text"], loaded.docs["words"], strict=True):
        if count >= args.sample_words:
            break
        sample.append(text)
        count += int(n)
    phrases = set(gazetteer.titles)
    for actor in gazetteer.actors.values():
        phrases |= {actor.name, *actor.aliases, *actor.metonyms, *actor.demonyms, *actor.short}
    for role in gazetteer.roles:
        phrases |= set(role.phrases)
    flat = "|".join(sorted(("".join(_atoms(p)) for p in phrases), key=len, reverse=True))
    variants = {
        "prefix tree, re (used)": matcher.pattern,
        "prefix tree, regex": regex.compile(matcher.pattern.pattern),
        "flat alternation, regex": regex.compile(rf"(?<![\w])(?:{flat})(?![\w])"),
        "flat alternation, re": re.compile(rf"(?<![\w])(?:{flat})(?![\w])"),
    }
    for name, pattern in variants.items():
        started = time.perf_counter()
        found = sum(1 for text in sample for _ in pattern.finditer(text))
        took = time.perf_counter() - started
        print(f"  {name:26} {count:,} words: {took:6.2f} s, {count / took:>12,.0f} words/s, {found:,} hits")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default=DEFAULT_PATH)
    parser.add_argument("--limit", type=int, default=0, help="documents to read (0: all)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker processes to compare")
    parser.add_argument("--repeat", type=int, default=2, help="runs per setting; the median is printed")
    parser.add_argument("--notebook", action="store_true", help="also run the actors notebook on AllSides")
    parser.add_argument("--compare-patterns", action="store_true", help="time pattern variants on a sample")
    parser.add_argument("--sample-words", type=int, default=2_000_000, help="words for --compare-patterns")
    parser.add_argument("--child", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not Path(args.path).exists():
        print(f"corpus not found: {args.path} — this benchmark needs the AllSides corpus", file=sys.stderr)
        return 1
    if args.child:
        print(json.dumps(one_run(args)))
        return 0
    if args.compare_patterns:
        compare_patterns(args)

    for workers in args.workers:
        runs = []
        for _ in range(args.repeat):
            command = [
                sys.executable,
                __file__,
                "--path",
                args.path,
                "--limit",
                str(args.limit),
                "--child",
                str(workers),
            ]
            output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            runs.append(json.loads(output.strip().splitlines()[-1]))
        words = runs[0]["words"]
        print(
            f"workers={workers}: {runs[0]['documents']:,} documents, {words:,} words; corpus loaded from cache in "
            f"{statistics.median(r['load'] for r in runs):.1f} s (resident {runs[0]['load_rss']:,.0f} MiB)"
        )
        for stage in STAGES:
            seconds = [r[stage][0] for r in runs]
            took = statistics.median(seconds)
            _, rows, own, child, _ = runs[-1][stage]
            cpu = statistics.median(r[stage][4] for r in runs)
            worker = f", largest worker {child:,.0f} MiB" if workers > 1 else ""
            print(
                f"  {stage:15} {took:6.1f} s (median of {len(seconds)}: {', '.join(f'{s:.1f}' for s in seconds)}), "
                f"{words / took:>10,.0f} words/s, {cpu:.1f} CPU s, {rows:,} rows, peak RSS {own:,.0f} MiB{worker}"
            )
        print(f"  mention table in memory: {runs[-1]['mentions_mib']:,.0f} MiB")

    if args.notebook:
        out = Path("/tmp/allsides-actors")
        command = [sys.executable, "-m", "helpers", "run", "--config", str(PROJ_ROOT / "config" / "allsides.yml")]
        command += ["--set", f"corpus.path={args.path}", "--only", "actors", "--out", str(out)]
        started = time.perf_counter()
        subprocess.run(command, check=True, cwd=PROJ_ROOT)
        print(
            f"actors notebook on AllSides through the runner: {time.perf_counter() - started:.1f} s wall, "
            f"largest process peak RSS {peak_rss_mib(resource.RUSAGE_CHILDREN):,.0f} MiB (report in {out})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
