"""Benchmark the framing comparison on the AllSides corpus, grouped by its bias rating.

Needs shared/corpora/allsides/articles.jsonl.gz beside the checkout (37,554 articles; see its README), or a path
given with --corpus. Prints wall time and peak resident memory (resource.getrusage) after each
stage, for one worker process and then two (the pandas engine's partitions), then the most
distinctive terms and the frame shares per bias group so a reader can judge
whether they make sense.

    .venv/bin/python benchmarks/bench_framing.py                 # the whole corpus
    .venv/bin/python benchmarks/bench_framing.py --limit 2000    # a quick look

The whole framing notebook through the runner, as in production:

    .venv/bin/python -m helpers run --config config/allsides.yml --only framing --set framing.group_by=bias \\
        --out /tmp/allsides-framing

The parsed corpus is cached in .cache/ (the loader's cache), so the first run also pays for
parsing, cleaning and segmenting; the load time is printed separately.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import pandas as pd

from helpers import compare, corpus
from helpers.engine import Engine
from helpers.framing import codebook, distinctive, labels, summary, tone
from helpers.paths import CACHE_DIR

ALLSIDES = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "allsides" / "articles.jsonl.gz"


def peak_mib() -> tuple[float, float]:
    """Peak resident memory so far of this process and of its largest worker process, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    return own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def cpu_seconds() -> float:
    """User and system CPU seconds of this process and of its finished worker processes."""
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def stages(loaded, group_by: str, engine: Engine, n_boot: int, max_tone: int, lap) -> dict:
    """Every framing stage once on ``engine``; the tables, for a look at the results."""
    docs, sentences = loaded.docs, loaded.sentences
    groups = compare.doc_groups(docs, group_by)
    pairs = compare.check_comparison(groups, compare.Comparison(group_by=group_by))
    sizes = compare.group_sizes(docs, sentences, groups)
    options = distinctive.DistinctiveSettings(min_count=20, prior_scale=500.0)  # as config/allsides.yml
    source_terms = distinctive.distinctive_terms(docs, groups, pairs, options, engine)
    lap(f"distinctive terms ({len(source_terms):,} rows)")
    frame_list = codebook.load_codebook()
    hits = codebook.find_frames(sentences, frame_list, engine)
    lap(f"frame scoring ({len(hits):,} hits)")
    shares = codebook.frame_shares(sentences, groups, hits, frame_list, pairs, n_boot=n_boot, random_state=0)
    lap("frame shares with bootstrap")
    chosen = tone.sample_documents(sentences, groups, max_tone, random_state=0)
    scored = sentences[sentences["doc_id"].isin(chosen["doc_id"])]
    tones = tone.score_tone(scored, engine)
    tone_table = tone.group_tone(tones, groups, n_boot=n_boot, random_state=0, sizes=sizes)
    lap(f"VADER tone ({len(tones):,} sentences scored)")
    concepts = labels.load_labels()
    found = labels.find_labels(sentences, groups, concepts, engine)
    labels.count_labels(found, concepts, groups)
    lap(f"label variants ({len(found):,} mentions)")
    return {"terms": source_terms, "shares": shares, "tone": tone_table}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ALLSIDES), help="the AllSides JSONL file")
    parser.add_argument("--limit", type=int, default=0, help="read only the first N articles (0: all)")
    parser.add_argument("--group-by", default="bias", help="document column to compare")
    parser.add_argument("--top", type=int, default=15, help="terms printed per group")
    parser.add_argument("--n-boot", type=int, default=1000, help="bootstrap replicates")
    parser.add_argument("--max-tone-sentences", type=int, default=20000, help="sentences scored per group")
    parser.add_argument("--workers", default="1,2", help="worker counts to time, comma-separated")
    args = parser.parse_args()
    path = Path(args.corpus)
    if not path.exists():
        print(f"{path} is missing: this benchmark needs the AllSides corpus (see the README beside it).")
        return 2
    clock, cpu = time.perf_counter(), cpu_seconds()

    def lap(stage: str) -> None:
        # CPU seconds (this process and its finished workers) beside wall seconds: on a shared machine
        # the wall time also counts waiting for a core.
        nonlocal clock, cpu
        now, used = time.perf_counter(), cpu_seconds()
        own, worker = peak_mib()
        print(
            f"  {stage:40s} {now - clock:7.1f} s wall {used - cpu:7.1f} s CPU   "
            f"peak RSS {own:7,.0f} MiB (largest worker {worker:6,.0f})",
            flush=True,
        )
        clock, cpu = now, used

    loaded = corpus.load_corpus(
        str(path), columns={"author": "authors"}, keep=[args.group_by] if args.group_by not in corpus.FIELDS else [],
        limit=args.limit, cache_dir=CACHE_DIR,
    )  # fmt: skip
    lap(f"load ({len(loaded.docs):,} docs, {len(loaded.sentences):,} sentences)")
    results = {}
    for workers in [int(n) for n in args.workers.split(",")]:
        print(f"\nworkers={workers}")
        start = time.perf_counter()
        clock, cpu = start, cpu_seconds()
        results = stages(loaded, args.group_by, Engine(workers=workers), args.n_boot, args.max_tone_sentences, lap)
        print(f"  {'all stages':40s} {time.perf_counter() - start:7.1f} s")
    source_terms, shares, tone_table = results["terms"], results["shares"], results["tone"]

    pd.set_option("display.width", 200)
    print()
    top = distinctive.leading_terms(source_terms, args.top, group_by=args.group_by)
    for group, block in top.groupby(args.group_by):
        used_more = block[block["side"] == distinctive.GROUP_SIDE]
        print(f"{group} ({block['group_tokens'].iloc[0]:,} words) uses more than the rest:")
        print("   " + ", ".join(f"{t} ({z:.0f})" for t, z in zip(used_more["term"], used_more["z"], strict=True)))
    print("\nFrame shares (% of sentences; 95% interval, documents resampled):")
    shares = shares.assign(cell=[f"{100 * s:.1f} ({100 * lo:.1f}–{100 * hi:.1f})"
                                 for s, lo, hi in zip(shares["share"], shares["ci_low"], shares["ci_high"], strict=True)])  # fmt: skip
    print(shares.pivot(index="label", columns=args.group_by, values="cell").to_string())
    print("\nTone per group:")
    print(tone_table.to_string(index=False))
    print("\n" + summary.contrast_summary(shares, source_terms, tone_table, group_by=args.group_by))
    return 0


if __name__ == "__main__":
    sys.exit(main())
