"""Topic notebook stages on a large corpus: this checkout against a baseline commit, in one process.

On AllSides (37,554 articles; needs the file, see ``--corpus``) this times, for the code in this
checkout and for the same modules as they were at ``--baseline`` (read with ``git show``):

1. ``vocabulary``: ``Vocabulary.fit_transform`` on every document's text (tokenizing and
   counting terms), checking that both give the same terms, document frequencies and counts.
2. ``fit``: ``topics.fit`` as the notebook calls it with config/allsides.yml (documents as units,
   k = 40, 5 resamples), the baseline with its own ``Vocabulary``; checks the same top terms and
   weights.
3. ``tables``: each table of the notebook (topic_terms, doc_topics, topic_quality,
   representatives, source_shares, time_shares with 1,000 bootstrap replicates) from one fitted
   model, checking equal tables with ``pandas.testing.assert_frame_equal``.

Old and new alternate within each repeat and the script prints the median wall and CPU seconds
of each and their ratios. The machine may be shared: compare ratios within one run, not seconds
across runs.
The numeric libraries get one thread each, as every notebook kernel does when the suite runs two
notebooks on two cores (see ``helpers.runner.kernel_threads``); a thread limit already set in the
environment (``OPENBLAS_NUM_THREADS=2 python …``) is kept.

Usage:
    python benchmarks/bench_topics_stages.py [--corpus PATH] [--cache-dir DIR] [--baseline REV]
                                             [--stages vocabulary fit tables] [--repeat 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

# Before numpy is imported: the limits are read when the libraries start.
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = [base / "shared" / "corpora" / "allsides" / "articles.jsonl.gz" for base in (ROOT.parent, ROOT.parents[1])]
DEFAULT_CORPUS = next((path for path in CANDIDATES if path.exists()), CANDIDATES[0])
BASELINE = "ade08e5"  # main before the vectorised tokenizer and tables


def baseline_module(revision: str, path: str, name: str):
    """Load ``path`` as it was at ``revision`` as a module called ``name``."""
    source = subprocess.run(["git", "show", f"{revision}:{path}"], cwd=ROOT, capture_output=True, text=True, check=True)
    spec = importlib.util.spec_from_loader(name, loader=None)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    exec(compile(source.stdout, f"{revision}:{path}", "exec"), module.__dict__)
    return module


def timed(function):
    """(wall seconds, CPU seconds of this process's threads, result)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def compare(name: str, old, new, repeat: int, check) -> None:
    """Run old and new ``repeat`` times each (alternating), check the results, print medians."""
    times = {"old": ([], []), "new": ([], [])}
    for number in range(repeat):
        pairs = [("old", old), ("new", new)] if number % 2 == 0 else [("new", new), ("old", old)]
        results = {}
        for label, function in pairs:
            wall, cpu, results[label] = timed(function)
            times[label][0].append(wall)
            times[label][1].append(cpu)
        check(results["old"], results["new"])
    (old_wall, old_cpu), (new_wall, new_cpu) = (
        (statistics.median(times[label][0]), statistics.median(times[label][1])) for label in ("old", "new")
    )
    print(
        f"{name:16} wall old={old_wall:6.2f}s new={new_wall:6.2f}s ratio={old_wall / new_wall:4.1f}x | "
        f"cpu old={old_cpu:6.2f}s new={new_cpu:6.2f}s ratio={old_cpu / max(new_cpu, 1e-9):4.1f}x "
        f"(median of {repeat}, equal)",
        flush=True,
    )


def same_counts(old, new) -> None:
    (old_vocabulary, old_counts), (new_vocabulary, new_counts) = old, new
    assert list(old_vocabulary.terms) == list(new_vocabulary.terms), "terms differ"
    assert np.array_equal(old_vocabulary.df, new_vocabulary.df), "document frequencies differ"
    assert old_counts.shape == new_counts.shape and (old_counts != new_counts).nnz == 0, "counts differ"


def same_model(old, new) -> None:
    assert old.terms == new.terms, "top terms differ"
    assert np.array_equal(old.weights, new.weights), "weights differ"
    assert np.array_equal(old.npmi, new.npmi, equal_nan=True), "npmi differs"
    assert np.array_equal(old.stability, new.stability, equal_nan=True), "stability differs"
    pd.testing.assert_frame_equal(old.selection, new.selection)


def same_frame(old, new) -> None:
    pd.testing.assert_frame_equal(old, new)
    assert old.attrs == new.attrs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    parser.add_argument("--cache-dir", default="/tmp/nfbench-cache", help="parsed-corpus cache (Parquet)")
    parser.add_argument("--baseline", default=BASELINE, help="git revision to compare against")
    parser.add_argument("--stages", nargs="+", default=["vocabulary", "fit", "tables"])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not Path(args.corpus).exists():
        print(f"corpus not found: {args.corpus}; pass --corpus PATH to the AllSides articles.jsonl.gz")
        return 2
    from helpers import corpus, topics
    from helpers.topics import model as topic_model
    from helpers.topics import tables
    from helpers.topics.terms import Vocabulary

    old_terms = baseline_module(args.baseline, "src/helpers/topics/terms.py", "baseline_terms")
    old_tables = baseline_module(args.baseline, "src/helpers/topics/tables.py", "baseline_tables")
    spec = corpus.CorpusSpec.from_dict(
        {"path": args.corpus, "columns": {"author": "authors"}, "keep": ["bias", "topic"]}
    )
    seconds, _, loaded = timed(lambda: corpus.load(spec, cache_dir=args.cache_dir))
    docs = loaded.docs
    print(
        f"bench_topics_stages baseline={args.baseline} documents={len(docs):,} load={seconds:.1f}s repeat={args.repeat}",
        f" threads={os.environ['OPENBLAS_NUM_THREADS']}",
        flush=True,
    )
    texts = docs["text"].tolist()
    if "vocabulary" in args.stages:
        compare(
            "fit_transform",
            lambda: old_terms.Vocabulary.fit_transform(texts),
            lambda: Vocabulary.fit_transform(texts),
            args.repeat,
            same_counts,
        )
    units = topics.build_units(docs, loaded.paragraphs, loaded.sentences, unit="auto")
    settings = topics.settings_from_parameters(dict(k=40, k_min=3, k_max=10, resamples=5, random_state=0))

    def old_fit():
        topic_model.Vocabulary = old_terms.Vocabulary
        try:
            return topic_model.fit(units, settings)
        finally:
            topic_model.Vocabulary = Vocabulary

    if "fit" in args.stages:
        compare("fit", old_fit, lambda: topic_model.fit(units, settings), max(1, args.repeat // 2), same_model)
    if "tables" in args.stages:
        model = topic_model.fit(units, settings)
        # The baseline tables get the model with the baseline vocabulary (representatives count
        # the terms of paragraphs with it).
        vocabulary = model.vocabulary
        models = {
            old_tables: dataclasses.replace(
                model, vocabulary=old_terms.Vocabulary(list(vocabulary.terms), vocabulary.df, vocabulary.n_fitted)
            ),
            tables: model,
        }
        doc_table = tables.doc_topics(model)
        cases = [
            ("topic_terms", lambda module: module.topic_terms(models[module])),
            ("doc_topics", lambda module: module.doc_topics(models[module])),
            ("topic_quality", lambda module: module.topic_quality(models[module], doc_table)),
            ("representatives", lambda module: module.representatives(models[module], n=3)),
            ("source_shares", lambda module: module.source_shares(doc_table, model.k, n_boot=1000, random_state=0)),
            ("time_shares", lambda module: module.time_shares(doc_table, docs, model.k, n_boot=1000, random_state=0)),
        ]
        for name, call in cases:
            compare(name, lambda call=call: call(old_tables), lambda call=call: call(tables), args.repeat, same_frame)
    return 0


if __name__ == "__main__":
    sys.exit(main())
