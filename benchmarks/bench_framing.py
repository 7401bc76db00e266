"""Benchmark the framing comparison on the AllSides corpus, grouped by its bias rating.

Needs /work/shared/corpora/allsides/articles.jsonl.gz (37,554 articles; see its README), or a path
given with --corpus. Prints wall time and peak resident memory (resource.getrusage) after each
stage, then the most distinctive terms and the frame shares per bias group so a reader can judge
whether they make sense.

    .venv/bin/python benchmarks/bench_framing.py                 # the whole corpus
    .venv/bin/python benchmarks/bench_framing.py --limit 2000    # a quick look

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

from helpers import corpus, frames, framing, labels, terms, tone
from helpers.paths import CACHE_DIR

ALLSIDES = Path("/work/shared/corpora/allsides/articles.jsonl.gz")


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ALLSIDES), help="the AllSides JSONL file")
    parser.add_argument("--limit", type=int, default=0, help="read only the first N articles (0: all)")
    parser.add_argument("--group-by", default="bias", help="document column to compare")
    parser.add_argument("--top", type=int, default=15, help="terms printed per group")
    parser.add_argument("--n-boot", type=int, default=1000, help="bootstrap replicates")
    args = parser.parse_args()
    path = Path(args.corpus)
    if not path.exists():
        print(f"{path} is missing: this benchmark needs the AllSides corpus (see the README beside it).")
        return 2

    timings: list[tuple[str, float, float]] = []
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings.append((stage, now - clock, peak_mib()))
        print(f"{stage:34s} {now - clock:8.1f} s   peak RSS {peak_mib():8,.0f} MiB", flush=True)
        clock = now

    loaded = corpus.load(
        str(path), columns={"author": "authors"}, keep=[args.group_by] if args.group_by not in corpus.FIELDS else [],
        limit=args.limit, cache_dir=CACHE_DIR,
    )  # fmt: skip
    docs, sentences = loaded.docs, loaded.sentences
    lap(f"load ({len(docs):,} docs, {len(sentences):,} sentences)")
    groups = framing.doc_groups(docs, args.group_by)
    pairs = framing.check_comparison(groups, framing.Comparison(group_by=args.group_by))
    options = terms.TermOptions(min_count=20, prior_scale=500.0)
    source_terms = terms.distinctive_terms(docs, groups, pairs, options)
    lap(f"distinctive terms ({len(source_terms):,} rows)")
    codebook = frames.load_codebook()
    hits = frames.score_sentences(sentences, codebook)
    lap(f"frame scoring ({len(hits):,} hits)")
    shares = frames.frame_shares(sentences, groups, hits, codebook, pairs, n_boot=args.n_boot, random_state=0)
    lap("frame shares with bootstrap")
    tones = tone.sentence_tone(sentences)
    lap("VADER tone of every sentence")
    tone_table = tone.source_tone(tones, groups, n_boot=args.n_boot, random_state=0)
    lap("tone per group with bootstrap")
    concepts = labels.load_labels()
    found = labels.find_labels(sentences, groups, concepts)
    labels.count_labels(found, concepts, groups)
    lap(f"label variants ({len(found):,} mentions)")
    total = sum(seconds for _, seconds, _ in timings)
    compute = sum(seconds for stage, seconds, _ in timings if not stage.startswith("load"))
    print(f"\ntotal {total:.1f} s (framing stages {compute:.1f} s), peak RSS {peak_mib():,.0f} MiB\n")

    pd.set_option("display.width", 200)
    top = terms.top_terms(source_terms, args.top)
    for group, block in top.groupby("source"):
        used_more = block[block["side"] == "source"]
        print(f"{group} ({block['source_tokens'].iloc[0]:,} words) uses more than the rest:")
        print("   " + ", ".join(f"{t} ({z:.0f})" for t, z in zip(used_more["term"], used_more["z"], strict=True)))
    print("\nFrame shares (% of sentences; 95% interval, documents resampled):")
    shares = shares.assign(cell=[f"{100 * s:.1f} ({100 * lo:.1f}–{100 * hi:.1f})"
                                 for s, lo, hi in zip(shares["share"], shares["ci_low"], shares["ci_high"], strict=True)])  # fmt: skip
    print(shares.pivot(index="label", columns="source", values="cell").to_string())
    print("\nTone per group:")
    print(tone_table.to_string(index=False))
    print("\n" + framing.contrast_summary(shares, source_terms, tone_table, group_label=args.group_by))
    return 0


if __name__ == "__main__":
    sys.exit(main())
