"""Time and memory of finding stories on AllSides, what was found, and the stories notebook's wall time.

Prints, for the whole corpus (or ``--limit`` articles):

- ``find_stories``: wall seconds (median of ``--repeat``) and the peak RSS of this process;
- stories: how many, of how many documents, how many have two documents or more, the share of
  documents in stories covered by two sources or more (and by two bias groups), the largest;
- ``notebook`` (with ``--notebook``): the stories notebook's own seconds in a run of the suite's
  runner, with the shared tables it reads (actor mentions and quotes, stories) computed
  beforehand, as they are when the actors notebook has run first in a full run; and the same with
  the stories found inside the notebook (only the actor tables kept).

    .venv/bin/python benchmarks/bench_stories.py [--corpus PATH] [--limit N] [--repeat 3] [--notebook]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALLSIDES = ROOT.parent / "shared" / "corpora" / "allsides" / "articles.jsonl.gz"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ALLSIDES))
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--notebook", action="store_true", help="also time the stories notebook through the runner")
    args = parser.parse_args()
    if not Path(args.corpus).exists():
        print(f"{args.corpus} is missing: pass --corpus PATH to the AllSides articles.jsonl.gz")
        return 2
    from helpers import compare
    from helpers.corpus import load_corpus
    from helpers.engine import Engine
    from helpers.paths import CACHE_DIR
    from helpers.stories.matching import find_stories

    loaded = load_corpus(
        args.corpus, cache_dir=CACHE_DIR, columns={"author": "authors"}, keep=["bias", "topic"], limit=args.limit
    )
    docs = loaded.docs
    before = peak_mb()
    walls = []
    for _ in range(args.repeat):
        clock = time.perf_counter()
        found = find_stories(docs, loaded.near_duplicates, engine=Engine())
        walls.append(time.perf_counter() - clock)
    stories, summary = found["stories"], found["summary"]
    by_source = stories.groupby("story")["source"].nunique()
    bias = compare.doc_groups(docs, "bias").set_index("doc_id")["bias"]
    by_bias = stories.assign(bias=stories["doc_id"].map(bias)).groupby("story")["bias"].nunique()
    print(f"bench_stories documents={len(docs):,} repeat={args.repeat}")
    print(
        f"  find_stories      {statistics.median(walls):7.1f} s   peak RSS {peak_mb():,.0f} MB (loaded corpus {before:,.0f} MB)"
    )
    print(f"  stories           {len(summary):,}; with two documents or more {int((summary['documents'] > 1).sum()):,}")
    print(f"  documents in multi-source stories {(stories['story'].map(by_source) > 1).mean():.1%}; "
          f"in stories of two bias groups or more {(stories['story'].map(by_bias) > 1).mean():.1%}")  # fmt: skip
    print(f"  largest story     {int(summary['documents'].max())} documents: {summary['label'].iloc[0][:80]}")
    print(f"  matched           {stories['matched'].value_counts().to_dict()}")
    if args.notebook:
        with tempfile.TemporaryDirectory() as folder:
            for keep_stories in (True, False):
                seconds = notebook_seconds(args.corpus, args.limit, Path(folder), keep_stories, CACHE_DIR)
                what = "stories kept beforehand" if keep_stories else "stories found in the notebook"
                print(f"  notebook          {seconds:7.1f} s   ({what}; actor tables kept beforehand)")
    return 0


def notebook_seconds(corpus: str, limit: int, folder: Path, keep_stories: bool, cache: Path) -> float:
    """The stories notebook's seconds in a runner run, with the shared tables it reads computed first.

    The run uses the project's cache, as a full run does; without ``keep_stories`` the kept stories
    are removed first, so the notebook finds them itself.
    """
    warm = (
        "from helpers import actors, stories\n"
        "from helpers.corpus import load_corpus\n"
        "from helpers.engine import Engine\n"
        f"loaded = load_corpus({corpus!r}, cache_dir={str(cache)!r}, columns={{'author': 'authors'}}, "
        f"keep=['bias', 'topic'], limit={limit})\n"
        f"actors.shared_quotes(loaded, actors.load_gazetteer(), {str(cache)!r}, Engine())\n"
        + (f"stories.shared_stories(loaded, None, {str(cache)!r}, Engine())\n" if keep_stories else "")
    )
    if not keep_stories:
        for kept in cache.glob("stories-*"):
            shutil.rmtree(kept)
    subprocess.run([sys.executable, "-c", warm], check=True, cwd=ROOT)
    out = folder / ("kept" if keep_stories else "found")
    command = [
        sys.executable, "-m", "helpers", "run", "--config", str(ROOT / "config" / "allsides.yml"),
        "--only", "stories", "--out", str(out), "--set", f"corpus.path={corpus}", "--set", f"corpus.limit={limit}",
    ]  # fmt: skip
    subprocess.run(command, check=True, cwd=ROOT, capture_output=True)
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    return float(manifest["notebooks"][0]["seconds"])


if __name__ == "__main__":
    raise SystemExit(main())
