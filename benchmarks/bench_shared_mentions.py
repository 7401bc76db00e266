"""What reading the actor stage's mention table saves the framing notebook, on AllSides.

Tone toward actors needs the actor mentions of the documents scored for tone. The framing notebook
used to find them itself, on its tone sample; now it reads the table the actor stage publishes
(:func:`helpers.actors.shared_mentions`). This prints, on the same machine state:

- ``find on sample``: finding the mentions of the tone sample's documents in the kernel (the old way);
- ``read shared``: reading the published table, filtered to the sample (the new way, in a run
  where the actor notebook has published it);
- ``publish``: finding every mention of the corpus and writing the table (what the actor stage
  pays once, writing included), and the table's size on disk.

Each step runs ``--repeat`` times; medians are printed, with the peak RSS of this process.

    .venv/bin/python benchmarks/bench_shared_mentions.py [--corpus PATH] [--limit N] [--repeat 3]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from pathlib import Path

from helpers import actors, compare
from helpers.actors.mentions import find_mentions_detailed
from helpers.corpus import load_corpus
from helpers.engine import Engine
from helpers.framing import tone
from helpers.paths import CACHE_DIR

ROOT = Path(__file__).resolve().parents[1]
ALLSIDES = ROOT.parent / "shared" / "corpora" / "allsides" / "articles.jsonl.gz"


def timed(call, repeat: int) -> tuple[object, float]:
    walls, result = [], None
    for _ in range(repeat):
        clock = time.perf_counter()
        result = call()
        walls.append(time.perf_counter() - clock)
    return result, statistics.median(walls)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ALLSIDES))
    parser.add_argument("--limit", type=int, default=0, help="first N articles only (0: all)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not Path(args.corpus).exists():
        print(f"{args.corpus} is missing: pass --corpus PATH to the AllSides articles.jsonl.gz")
        return 2
    loaded = load_corpus(
        args.corpus, cache_dir=CACHE_DIR, columns={"author": "authors"}, keep=["bias", "topic"], limit=args.limit
    )
    docs, sentences = loaded.docs, loaded.sentences
    groups = compare.doc_groups(docs, "bias")  # as config/allsides.yml
    sample = tone.sample_documents(sentences, groups, 20000, random_state=0)
    chosen = sample["doc_id"]
    gazetteer = actors.load_gazetteer()
    print(f"bench_shared_mentions documents={len(docs):,} sample={len(chosen):,} repeat={args.repeat}", flush=True)
    in_sample = sentences["doc_id"].isin(chosen)
    old, old_seconds = timed(
        lambda: find_mentions_detailed(sentences[in_sample], docs[docs["doc_id"].isin(chosen)], gazetteer),
        args.repeat,
    )
    with tempfile.TemporaryDirectory() as folder:
        _, publish_seconds = timed(
            lambda: actors.shared_mentions(loaded, gazetteer, Path(folder) / "fresh", Engine()), 1
        )
        table = next((Path(folder) / "fresh").glob("*.parquet"))
        size = table.stat().st_size
        new, new_seconds = timed(
            lambda: actors.shared_mentions(
                loaded, gazetteer, Path(folder) / "fresh", columns=actors.COLUMNS, doc_ids=chosen
            ),
            args.repeat,
        )
    same = old[actors.COLUMNS].reset_index(drop=True).equals(new)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  find on sample   {old_seconds:8.2f} s   ({len(old):,} mentions)")
    print(f"  read shared      {new_seconds:8.2f} s   same rows: {same}")
    print(f"  publish          {publish_seconds:8.2f} s   ({size / 1e6:.0f} MB on disk, every mention)")
    print(f"  saved per framing run: {old_seconds - new_seconds:.2f} s; peak RSS {peak:,.0f} MB")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
