"""How long a quick look at a large corpus takes: ``corpus.limit`` (and a source filter) on AllSides.

Loads the first N documents (no cache) several times in fresh processes and prints the median wall
time of ``load_corpus`` and the documents it gave; with streaming reads this does not grow with the
size of the file.

    .venv/bin/python benchmarks/bench_limit.py [--corpus PATH] [--limit 300] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALLSIDES = ROOT.parent / "shared" / "corpora" / "allsides" / "articles.jsonl.gz"
CHILD = """
import json, sys, time
from helpers.corpus import load_corpus
spec = json.loads(sys.argv[1])
start = time.perf_counter()
corpus = load_corpus(spec)
print(json.dumps({"seconds": time.perf_counter() - start, "documents": len(corpus.docs)}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ALLSIDES)
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--source", default="Fox Online News", help="the source of the filtered case")
    args = parser.parse_args()
    cases = {
        f"limit {args.limit}": {"limit": args.limit},
        f"limit {args.limit}, one source": {"limit": args.limit, "include_sources": [args.source]},
        f"limit {args.limit}, from 2019": {"limit": args.limit, "date_from": "2019-01-01"},
    }
    print(f"corpus {args.corpus} ({args.corpus.stat().st_size / 1e6:.0f} MB); medians of {args.repeats} runs")
    for name, settings in cases.items():
        spec = {"path": str(args.corpus), "columns": {"author": "authors"}, **settings}
        runs = []
        for _ in range(args.repeats):
            out = subprocess.run(
                [sys.executable, "-c", CHILD, json.dumps(spec)], capture_output=True, text=True, check=True, cwd=ROOT
            )
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        seconds = statistics.median(run["seconds"] for run in runs)
        print(f"  {name:<28} {seconds:6.2f} s  {runs[0]['documents']:>5} documents")


if __name__ == "__main__":
    main()
