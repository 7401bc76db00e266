"""What page furniture the cleaner leaves in a real corpus: by family, and by repetition.

For each outlet of AllSides (or ``--corpus``) with at least ``--min-docs`` documents, after cleaning:

1. **Families.** The paragraphs that still match one of the furniture families the cleaner is
   meant to remove (video players, share prompts, image captions and credits, newsletter and
   subscription promos, advertisements, "read more" and related-story links, cookie notices,
   social-media embeds, bare time codes and URLs), counted per family, with an example.
2. **Repetition.** The ``--top`` paragraphs repeated in most of the outlet's documents. A line
   printed in many articles of one outlet is almost never the article; what still shows here is
   the next family to write a rule for.

``--before`` runs the same audit with the rules of an earlier commit of the cleaning module
(``--before-rev``), so the effect of a change can be read side by side.

    .venv/bin/python benchmarks/audit_cleaning.py [--corpus PATH] [--limit N] [--min-docs 50] [--top 30]
"""

from __future__ import annotations

import argparse
import collections
import gzip
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALLSIDES = ROOT.parent / "shared" / "corpora" / "allsides" / "articles.jsonl.gz"
# Families of furniture, written independently of the cleaner's own patterns so the audit can
# catch what the rules miss.
FAMILIES = {
    "video player": re.compile(r"\b(?:JUST WATCHED|MUST WATCH|Replay More Videos|Now Playing|Play Video)\b", re.I),
    "time code": re.compile(r"^\(?\d{1,2}:\d{2}(?::\d{2})?\)?$"),
    "share prompt": re.compile(
        r"\b(?:share this (?:story|article)|read or share|share on (?:facebook|twitter))\b", re.I
    ),
    "image caption/credit": re.compile(
        r"^(?:image (?:copyright|caption|source)|media caption|photo:|getty images)\b", re.I
    ),
    "promo": re.compile(r"\b(?:sign up (?:for|today|now|here)|subscribe (?:to|now|today)|newsletter)\b", re.I),
    "advertisement": re.compile(r"^(?:advertisement|sponsored|ad feedback)\b", re.I),
    "read more / related": re.compile(r"^(?:read more|related|more on this|recommended)\b", re.I),
    "cookie notice": re.compile(r"\bcookies?\b.*\b(?:accept|consent|continu\w* to use|privacy)\b", re.I),
    "social embed": re.compile(r"pic\.twitter\.com/|\(@\w+\)\s+\w+ \d{1,2}, \d{4}|view this post on instagram", re.I),
    "bare URL": re.compile(r"^(?:https?://|www\.)\S+$", re.I),
}


def cleaning_module(revision: str | None):
    """helpers.corpus.cleaning as it is, or as it was at ``revision`` (read from git)."""
    if revision is None:
        from helpers.corpus import cleaning

        return cleaning
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{revision}:src/helpers/corpus/cleaning.py"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    path = Path(tempfile.mkdtemp()) / "cleaning_before.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("cleaning_before", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def read(path: Path, limit: int) -> list[dict]:
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    return rows


def audit(rows: list[dict], cleaning, min_docs: int, top: int, dump=None) -> dict:
    by_source: dict[str, list[list[str]]] = collections.defaultdict(list)
    for row in rows:
        cleaned = cleaning.clean_text(row.get("text") or "", title=row.get("title") or "")
        by_source[row.get("source") or "(unknown)"].append(cleaned.paragraphs)
    report = {}
    for source, documents in sorted(by_source.items(), key=lambda item: -len(item[1])):
        if len(documents) < min_docs:
            continue
        families = collections.Counter()
        examples = {}
        repeated = collections.Counter()
        for paragraphs in documents:
            for paragraph in dict.fromkeys(paragraphs):
                repeated[paragraph] += 1
                for family, pattern in FAMILIES.items():
                    if len(paragraph.split()) <= 60 and pattern.search(paragraph):
                        families[family] += 1
                        examples.setdefault(family, paragraph[:100])
                        if dump is not None:
                            dump.write(json.dumps({"source": source, "family": family, "paragraph": paragraph}) + "\n")
        report[source] = {
            "documents": len(documents),
            "families": {family: (count, examples[family]) for family, count in families.most_common()},
            "repeated": [(count, line[:100]) for line, count in repeated.most_common(top) if count >= 3],
        }
    return report


def show(report: dict, title: str) -> None:
    print(f"===== {title}")
    left = sum(count for entry in report.values() for count, _ in entry["families"].values())
    print(f"paragraphs still matching a furniture family: {left:,} in {len(report)} outlets")
    for source, entry in report.items():
        print(f"--- {source} ({entry['documents']} documents)")
        for family, (count, example) in entry["families"].items():
            print(f"    family {family:22} {count:5}  e.g. {example!r}")
        for count, line in entry["repeated"]:
            print(f"    repeated in {count:4} documents: {line!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ALLSIDES))
    parser.add_argument("--limit", type=int, default=0, help="first N articles only (0: all)")
    parser.add_argument("--min-docs", type=int, default=50, help="outlets with fewer documents are left out")
    parser.add_argument("--top", type=int, default=30, help="most repeated paragraphs shown per outlet")
    parser.add_argument("--dump", help="write every paragraph still matching a family to this JSON-lines file")
    parser.add_argument("--before", action="store_true", help="also audit the cleaner of --before-rev")
    parser.add_argument("--before-rev", default="HEAD", help="git revision of the earlier cleaner")
    args = parser.parse_args()
    if not Path(args.corpus).exists():
        print(f"{args.corpus} is missing: pass --corpus PATH to a JSON-lines corpus (text, title, source)")
        return 2
    rows = read(Path(args.corpus), args.limit)
    if args.before:
        show(audit(rows, cleaning_module(args.before_rev), args.min_docs, args.top), f"before ({args.before_rev})")
    dump = open(args.dump, "w", encoding="utf-8") if args.dump else None  # noqa: SIM115 - closed below
    show(audit(rows, cleaning_module(None), args.min_docs, args.top, dump), "now")
    if dump is not None:
        dump.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
