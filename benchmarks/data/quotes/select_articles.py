"""Draw the articles of the quote development set from the AllSides corpus.

Run: .venv/bin/python benchmarks/data/quotes/select_articles.py [--path articles.jsonl.gz]

Twelve outlets (the twelve largest news outlets of the corpus that are not opinion sections),
four articles each, drawn with a fixed seed among that outlet's articles of 200 to 600 words that
contain a quotation mark or the word "said". The draw knows nothing of the quote finder: it is
the same whatever the code does. Writes ``articles.jsonl`` beside this script (id, source, bias,
date, title, text as in the corpus).
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
DEFAULT_PATH = HERE.parents[3] / "shared" / "corpora" / "allsides" / "articles.jsonl.gz"
OUTLETS = (
    "CNN (Web News)", "Washington Times", "Politico", "Fox Online News", "NPR Online News", "USA TODAY",
    "New York Times - News", "The Hill", "Christian Science Monitor", "Reuters", "BBC News", "Breitbart News",
)  # fmt: skip
PER_OUTLET = 4
SEED = 20261201


def eligible(row: dict) -> bool:
    text = row.get("text") or ""
    words = len(text.split())
    return 200 <= words <= 600 and ('"' in text or "“" in text or " said" in text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default=str(DEFAULT_PATH))
    args = parser.parse_args()
    candidates: dict[str, list[dict]] = {outlet: [] for outlet in OUTLETS}
    with gzip.open(args.path, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row.get("source") in candidates and eligible(row):
                candidates[row["source"]].append(row)
    rng = np.random.default_rng(SEED)
    chosen = []
    for outlet in OUTLETS:
        rows = sorted(candidates[outlet], key=lambda row: row["id"])
        for index in sorted(rng.choice(len(rows), size=PER_OUTLET, replace=False)):
            row = rows[index]
            chosen.append({key: row.get(key) for key in ("id", "source", "bias", "date", "title", "text")})
    with open(HERE / "articles.jsonl", "w", encoding="utf-8") as out:
        for row in chosen:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(chosen)} articles from {len(OUTLETS)} outlets → {HERE / 'articles.jsonl'}")


if __name__ == "__main__":
    main()
