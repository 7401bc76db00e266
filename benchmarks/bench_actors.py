"""Benchmark actor matching on the AllSides corpus (37,554 articles, about 36M words).

Run: .venv/bin/python benchmarks/bench_actors.py [--limit N] [--repeat R]

Prints, for the shipped gazetteer: words, seconds, words per second and peak RSS for
(1) the phrase scan alone (one compiled prefix-tree pattern over every document),
(2) the full ``find_mentions`` (scan + sentence assignment + chain and role resolution),
and, on a sample, the same pattern with the ``regex`` module and a flat alternation of the same
phrases with both engines, for comparison.
Loading and segmenting the corpus is timed separately and not part of the matching figures.
The corpus must be at /work/shared/corpora/allsides/articles.jsonl.gz (or pass --path).
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import sys
import time
from pathlib import Path

import regex

from helpers import corpus
from helpers.actors import find_mentions, load_gazetteer
from helpers.mentions import _atoms, matcher_for
from helpers.paths import CACHE_DIR

DEFAULT_PATH = "/work/shared/corpora/allsides/articles.jsonl.gz"


def _phrases(gazetteer) -> set[str]:
    found = set(gazetteer.titles)
    for actor in gazetteer.actors.values():
        found |= {actor.name, *actor.aliases, *actor.metonyms, *actor.demonyms, *actor.short}
    for role in gazetteer.roles:
        found |= set(role.phrases)
    return found


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mib() -> float:
    """Resident memory now (Linux), to tell what matching adds to what loading already holds."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default=DEFAULT_PATH)
    parser.add_argument("--limit", type=int, default=0, help="documents to read (0: all)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the scan; the median is printed")
    parser.add_argument("--sample-words", type=int, default=2_000_000, help="words for the re-module comparison")
    args = parser.parse_args()
    if not Path(args.path).exists():
        print(f"corpus not found: {args.path} — this benchmark needs the AllSides corpus", file=sys.stderr)
        return 1

    started = time.perf_counter()
    loaded = corpus.load(args.path, cache_dir=CACHE_DIR, columns={"author": "authors"}, limit=args.limit)
    docs, sentences = loaded.docs, loaded.sentences
    words = int(docs["words"].sum())
    print(
        f"corpus: {len(docs):,} documents, {len(sentences):,} sentences, {words:,} words "
        f"(loaded in {time.perf_counter() - started:.1f} s, peak RSS {peak_rss_mib():,.0f} MiB)"
    )

    started = time.perf_counter()
    gazetteer = load_gazetteer()
    matcher = matcher_for(gazetteer)
    print(
        f"gazetteer: {len(gazetteer.actors)} actors, {len(gazetteer.roles)} roles, "
        f"{matcher.phrases:,} phrases; compiled in {time.perf_counter() - started:.2f} s"
    )

    texts = docs["text"].tolist()
    scans = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        hits = sum(len(matcher.hits(text)) for text in texts)
        scans.append(time.perf_counter() - started)
    scan = statistics.median(scans)
    print(
        f"scan: {words:,} words, {scan:.2f} s (median of {args.repeat}), "
        f"{words / scan:,.0f} words/s, {hits:,} phrase hits"
    )

    before = current_rss_mib()
    started = time.perf_counter()
    mentions = find_mentions(sentences, docs, gazetteer)
    full = time.perf_counter() - started
    print(f"resident memory before find_mentions {before:,.0f} MiB, after {current_rss_mib():,.0f} MiB")
    print(
        f"find_mentions: {words:,} words, {full:.2f} s, {words / full:,.0f} words/s, "
        f"{len(mentions):,} mentions, peak RSS {peak_rss_mib():,.0f} MiB"
    )

    sample, count = [], 0
    for text, n in zip(texts, docs["words"], strict=True):
        if count >= args.sample_words:
            break
        sample.append(text)
        count += int(n)
    # The same prefix-tree pattern with the regex module, and a flat alternation of the same
    # phrases (longest first) with both engines: why the matcher is built the way it is.
    sample_words = f"{count:,} words"
    timings = {}
    flat = "|".join(sorted(("".join(_atoms(p)) for p in _phrases(gazetteer)), key=len, reverse=True))
    variants = {
        "prefix tree, re (used)": matcher.pattern,
        "prefix tree, regex": regex.compile(matcher.pattern.pattern),
        "flat alternation, regex": regex.compile(rf"(?<![\w])(?:{flat})(?![\w])"),
        "flat alternation, re": re.compile(rf"(?<![\w])(?:{flat})(?![\w])"),
    }
    for name, pattern in variants.items():
        started = time.perf_counter()
        found = sum(1 for text in sample for _ in pattern.finditer(text))
        timings[name] = time.perf_counter() - started
        print(
            f"  {name:26} {sample_words}: {timings[name]:6.2f} s, {count / timings[name]:>12,.0f} words/s, {found:,} hits"
        )
    print(f"peak RSS: {peak_rss_mib():,.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
