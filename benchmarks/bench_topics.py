"""Topic stage on a large corpus: label recovery, coherence, time and memory; against gensim LDA.

On the AllSides corpus (37,554 articles with an AllSides ``topic`` label each), this measures:

1. ``select``: our topic stage choosing K (NMF; K measured on a 3,000-document sample over
   ``--k-range``, final model on all documents): wall time, peak memory, the K chosen.
2. ``nmf``: our topic stage at a fixed K (the one chosen, or ``--k``): tokenizing, counting
   terms, TF-IDF, NMF, document shares.
3. ``gensim``: gensim's ``LdaMulticore`` at the same K, from the same tokens (our tokenizer and
   stopwords, the same min_df/max_df/max_features filter): dictionary, bag of words, LDA.

For each: NMI and ARI (scikit-learn) of every article's dominant topic against its AllSides
label, and mean NPMI of the topics' top 10 terms with each document as one co-occurrence unit
(:func:`helpers.topics.npmi` on the same token lists for both). Each stage runs in its own child
process, so its peak memory (``ru_maxrss``) is its own; it includes the corpus documents held in
memory (``rss_base_mb``, measured before the stage starts). The machine may be shared: times vary
between runs by 10-30%; compare ratios within one run.

gensim is only needed here (``pip install gensim``; it is not a project dependency); without it
the script says so, skips the comparison and exits 0.

Usage:
    python benchmarks/bench_topics.py [--corpus PATH] [--k 0] [--k-range 10 50 10] [--limit 0]
                                      [--stages select nmf gensim] [--workers 1]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
# The AllSides file lives in shared/ beside the checkout (or one level further up).
CANDIDATES = [base / "shared" / "corpora" / "allsides" / "articles.jsonl.gz" for base in (ROOT.parent, ROOT.parents[1])]
DEFAULT_CORPUS = next((path for path in CANDIDATES if path.exists()), CANDIDATES[0])
MIN_DF, MAX_DF, MAX_FEATURES, TOP_N = 5, 0.5, 20_000, 10


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load(path: str, limit: int):
    from helpers import corpus
    from helpers.paths import CACHE_DIR

    return corpus.load_corpus(
        path, columns={"author": "authors"}, keep=["topic"], limit=limit, cache_dir=CACHE_DIR
    ).docs


def label_scores(labels: np.ndarray, dominant: np.ndarray) -> dict:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    return {
        "nmi": round(float(normalized_mutual_info_score(labels, dominant)), 3),
        "ari": round(float(adjusted_rand_score(labels, dominant)), 3),
    }


def stage_ours(docs, k: int, k_range: list[int], select: bool) -> dict:
    from helpers import topics

    terms = topics.TermSettings(min_df=MIN_DF, max_df=MAX_DF, max_features=MAX_FEATURES)
    if select:
        low, high, step = k_range
        settings = topics.TopicSettings(k_min=low, k_max=high, k_step=step, resamples=3, terms=terms)
    else:
        settings = topics.TopicSettings(k=k, resamples=0, terms=terms)
    started = time.perf_counter()
    units = topics.build_units(docs, None, None, unit="document")
    model = topics.fit(units, settings)
    seconds = time.perf_counter() - started
    dominant = np.nanargmax(np.nan_to_num(model.shares, nan=-1), axis=1)
    result = {"k": model.k, "seconds": round(seconds, 1), **label_scores(docs["topic"].to_numpy(), dominant)}
    token_lists = [topics.tokenize(text) for text in docs["text"]]
    result["npmi"] = round(float(np.nanmean(topics.npmi(model.terms, token_lists, TOP_N))), 3)
    result["terms"] = [", ".join(terms[:6]) for terms in model.terms[:5]]
    if select:
        result["selection"] = model.selection[["k", "npmi", "stability", "score"]].round(3).to_dict("records")
    return result


def stage_gensim(docs, k: int, workers: int) -> dict:
    from gensim.corpora import Dictionary
    from gensim.models import LdaMulticore

    from helpers import topics

    stop = topics.news_stopwords()
    started = time.perf_counter()
    token_lists = [topics.tokenize(text) for text in docs["text"]]
    words = [[token for token in tokens if len(token) > 1 and token not in stop] for tokens in token_lists]
    dictionary = Dictionary(words)
    dictionary.filter_extremes(no_below=MIN_DF, no_above=MAX_DF, keep_n=MAX_FEATURES)
    bags = [dictionary.doc2bow(document) for document in words]
    model = LdaMulticore(bags, num_topics=k, id2word=dictionary, workers=workers, random_state=0, chunksize=2000)
    shares = np.zeros((len(bags), k))
    for row, bag in enumerate(bags):
        for topic, share in model.get_document_topics(bag, minimum_probability=0.0):
            shares[row, topic] = share
    seconds = time.perf_counter() - started
    topic_terms = [[word for word, _ in model.show_topic(topic, TOP_N)] for topic in range(k)]
    result = {"k": k, "seconds": round(seconds, 1), **label_scores(docs["topic"].to_numpy(), shares.argmax(axis=1))}
    result["npmi"] = round(float(np.nanmean(topics.npmi(topic_terms, token_lists, TOP_N))), 3)
    result["terms"] = [", ".join(terms[:6]) for terms in topic_terms[:5]]
    return result


def child(args) -> None:
    docs = load(args.corpus, args.limit)
    base = rss_mb()
    if args.child == "gensim":
        result = stage_gensim(docs, args.k, args.workers)
    else:
        result = stage_ours(docs, args.k, args.k_range, select=args.child == "select")
    result.update({"rss_base_mb": round(base), "rss_peak_mb": round(rss_mb())})
    print("RESULT " + json.dumps(result))


def run_child(stage: str, args, k: int) -> dict | None:
    command = [sys.executable, __file__, "--child", stage, "--corpus", args.corpus, "--k", str(k),
               "--limit", str(args.limit), "--workers", str(args.workers), "--k-range", *map(str, args.k_range)]  # fmt: skip
    process = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    for line in process.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    print(f"{stage}: failed (exit {process.returncode})\n{process.stderr[-3000:]}", file=sys.stderr)
    return None


def show(stage: str, result: dict) -> None:
    figures = " ".join(
        f"{key}={result[key]}" for key in ("k", "seconds", "rss_base_mb", "rss_peak_mb", "nmi", "ari", "npmi")
    )
    print(f"{stage:8} {figures}")
    for number, terms in enumerate(result.get("terms", []), 1):
        print(f"{stage:8}   topic {number}: {terms}")
    for row in result.get("selection", []):
        print(
            f"{stage:8}   K={row['k']:<3} npmi={row['npmi']:.3f} stability={row['stability']:.3f} score={row['score']:.3f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    parser.add_argument("--k", type=int, default=0, help="topics for the fixed-K stages (0: the K chosen by select)")
    parser.add_argument("--k-range", type=int, nargs=3, default=[10, 50, 10], metavar=("MIN", "MAX", "STEP"))
    parser.add_argument("--limit", type=int, default=0, help="first N documents only (0: all)")
    parser.add_argument("--stages", nargs="+", default=["select", "nmf", "gensim"], choices=["select", "nmf", "gensim"])
    parser.add_argument("--workers", type=int, default=1, help="LdaMulticore worker processes (default 1 on 2 cores)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not Path(args.corpus).exists():
        print(f"corpus not found: {args.corpus}; pass --corpus PATH to the AllSides articles.jsonl.gz")
        return 2
    if args.child:
        child(args)
        return 0
    if args.k == 0 and "select" not in args.stages:
        parser.error("--k 0 needs the select stage to choose K; give --k or include select")
    print(f"bench_topics corpus={Path(args.corpus).name} limit={args.limit} min_df={MIN_DF} max_df={MAX_DF} "
          f"max_features={MAX_FEATURES} top_n={TOP_N}")  # fmt: skip
    k = args.k
    if "select" in args.stages:
        result = run_child("select", args, k)
        if result is None:
            return 1
        show("select", result)
        k = k or result["k"]
    if "nmf" in args.stages:
        result = run_child("nmf", args, k)
        if result is None:
            return 1
        show("nmf", result)
        ours = result
    if "gensim" in args.stages:
        try:
            import gensim  # noqa: F401
        except ImportError:
            print("gensim   not installed; the LdaMulticore comparison is skipped (pip install gensim to run it)")
            return 0
        result = run_child("gensim", args, k)
        if result is None:
            return 1
        show("gensim", result)
        if "nmf" in args.stages:
            print(
                f"ratio    time_gensim/time_nmf={result['seconds'] / ours['seconds']:.2f} "
                f"npmi_nmf-npmi_gensim={ours['npmi'] - result['npmi']:+.3f} "
                f"nmi_nmf-nmi_gensim={ours['nmi'] - result['nmi']:+.3f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
