"""Score the quote finder against the hand-made development set in ``benchmarks/data/quotes/``.

Run: .venv/bin/python benchmarks/bench_quotes.py [--errors N] [--gazetteer FILE]

Loads the articles through the corpus loader (cleaning applies), finds mentions and quotes with
the shipped gazetteer (plus ``--gazetteer``, merged, if given), and matches found quotes to the
written ones of the same article by their words: a pair matches when they share at least half of
the written quote's words and half of the found quote's words (a multiset of lower-case words;
pairs are taken best overlap first, each quote used once). Prints, overall, per kind and per
outlet:

* precision: matched found quotes / found quotes;
* recall: matched written quotes / written quotes;
* attribution: matched quotes whose speaker is right / matched quotes. A found speaker is right
  when it names the written speaker: the same words, or one is the other's surname, or the
  written name is one of the gazetteer actor's names or aliases; "(unnamed)" is right only for
  "(unnamed)";
* people: the share of the articles' written ``people`` (quoted or named twice) who appear among
  the actors of the mention table (known or provisional) of their article.

``--errors N`` prints up to N missed, spurious and misattributed quotes, to read what the rules
miss (fix rules that generalise; never one article, never the written set).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import regex

from helpers.actors import load_gazetteer
from helpers.actors.gazetteer import fold
from helpers.actors.provisional import find_actor_mentions
from helpers.actors.quotes import UNNAMED, find_quotes
from helpers.corpus import load_corpus

DATA = Path(__file__).resolve().parent / "data" / "quotes"
_WORDS = regex.compile(r"[\p{L}\p{N}]+")
_PUNCT = regex.compile(r"[^\p{L}\p{N} ]+")


def words(text: str) -> Counter:
    return Counter(word.lower() for word in _WORDS.findall(text))


def overlap(gold: Counter, found: Counter) -> int:
    return sum((gold & found).values())


def name_key(name: str) -> tuple[str, ...]:
    folded = fold(name).lower().replace("’s", "").replace("'s", "")
    return tuple(_PUNCT.sub(" ", folded).split())


def speaker_right(gold: str, found: str, aliases: dict[str, set[tuple[str, ...]]]) -> bool:
    if gold == UNNAMED or found == UNNAMED:
        return gold == found
    want, have = name_key(gold), name_key(found)
    if not want or not have:
        return False
    if want == have or want in aliases.get(found, set()):
        return True
    # One is the other's surname ("Pelosi" / "Nancy Pelosi"), or the same full name with a middle name.
    return want[-1] == have[-1] and (len(want) == 1 or len(have) == 1 or want[0] == have[0])


def match(gold: list[dict], found: list[dict]) -> list[tuple[int, int]]:
    """Pairs (gold index, found index), best overlap first, each used once."""
    gold_words = [words(item["quote"]) for item in gold]
    found_words = [words(item["quote"]) for item in found]
    candidates = []
    for g, gw in enumerate(gold_words):
        for f, fw in enumerate(found_words):
            shared = overlap(gw, fw)
            if shared and shared * 2 >= sum(gw.values()) and shared * 2 >= sum(fw.values()):
                candidates.append((shared / max(sum(gw.values()), sum(fw.values())), g, f))
    pairs, used_gold, used_found = [], set(), set()
    for _, g, f in sorted(candidates, key=lambda item: (-item[0], item[1], item[2])):
        if g not in used_gold and f not in used_found:
            pairs.append((g, f))
            used_gold.add(g)
            used_found.add(f)
    return pairs


def read_gold() -> dict[str, dict]:
    gold = {}
    for path in sorted(DATA.glob("gold*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                gold[row["id"]] = row
    return gold


def ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:5.3f}" if denominator else "  —  "


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", type=int, default=0, help="print up to N errors of each kind")
    parser.add_argument("--gazetteer", default="", help="a user gazetteer merged with the shipped one")
    args = parser.parse_args()
    gold = read_gold()
    if not gold:
        print(f"no gold*.jsonl in {DATA}", file=sys.stderr)
        return 1
    articles = [json.loads(line) for line in (DATA / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    articles = [row for row in articles if row["id"] in gold]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "articles.jsonl"
        path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in articles), encoding="utf-8")
        started = time.perf_counter()
        loaded = load_corpus(str(path), keep=["bias"])
    docs = loaded.docs
    known = load_gazetteer(args.gazetteer)
    started = time.perf_counter()
    detailed = find_actor_mentions(loaded.sentences, docs, known)
    found = find_quotes(loaded.paragraphs, loaded.sentences, detailed, docs)
    took = time.perf_counter() - started
    aliases = {
        name: {name_key(alias) for alias in (actor.name, *actor.aliases, *actor.short)}
        for name, actor in known.actors.items()
    }
    found_by_doc = {doc_id: rows.to_dict("records") for doc_id, rows in found.groupby("doc_id", sort=False)}
    actors_by_doc = {doc_id: set(rows["actor"].astype(str)) for doc_id, rows in detailed.groupby("doc_id")}

    totals: dict[str, Counter] = defaultdict(Counter)
    errors: dict[str, list[str]] = defaultdict(list)
    for doc_id, written in gold.items():
        source = written["source"]
        theirs = written["quotes"]
        ours = found_by_doc.get(doc_id, [])
        pairs = match(theirs, ours)
        matched_gold = {g for g, _ in pairs}
        matched_found = {f for _, f in pairs}
        for key in ("all", source):
            totals[key].update(gold=len(theirs), found=len(ours), matched=len(pairs))
        for g, item in enumerate(theirs):
            totals["kind " + item["kind"]].update(gold=1, matched=int(g in matched_gold))
            if g not in matched_gold:
                errors["missed"].append(f"{doc_id} [{item['speaker']} · {item['cue']}] {item['quote'][:150]}")
        for f, item in enumerate(ours):
            if f not in matched_found:
                errors["spurious"].append(f"{doc_id} [{item['speaker']} · {item['cue']}] {item['quote'][:150]}")
        for g, f in pairs:
            right = speaker_right(theirs[g]["speaker"], str(ours[f]["speaker"]), aliases)
            for key in ("all", source, "kind " + theirs[g]["kind"]):
                totals[key].update(right=int(right))
            if not right:
                errors["misattributed"].append(
                    f"{doc_id} written {theirs[g]['speaker']!r}, found {ours[f]['speaker']!r} "
                    f"({ours[f]['speaker_text']!r} · {ours[f]['cue']}): {ours[f]['quote'][:100]}"
                )
        present = actors_by_doc.get(doc_id, set())
        for person in written.get("people", []):
            seen = any(speaker_right(person, actor, aliases) for actor in present)
            for key in ("all", source):
                totals[key].update(people=1, people_seen=int(seen))
            if not seen:
                errors["people missing"].append(f"{doc_id} {person}")

    print(
        f"quote development set: {len(gold)} articles, {docs['source'].nunique()} outlets, "
        f"{totals['all']['gold']} written quotes; mentions + quotes took {took:.2f} s"
    )
    header = f"{'':28} {'written':>7} {'found':>6} {'match':>6} {'prec':>6} {'recall':>6} {'attrib':>6} {'people':>6}"
    print(header)
    rows = (
        ["all"]
        + sorted(key for key in totals if key.startswith("kind "))
        + sorted(key for key in totals if key != "all" and not key.startswith("kind "))
    )
    for key in rows:
        t = totals[key]
        found_text = f"{t['found']:6d}" if not key.startswith("kind ") else "     —"
        precision = ratio(t["matched"], t["found"]) if not key.startswith("kind ") else "  —  "
        people = ratio(t["people_seen"], t["people"])
        print(
            f"{key[:28]:28} {t['gold']:7d} {found_text} {t['matched']:6d} {precision:>6} "
            f"{ratio(t['matched'], t['gold']):>6} {ratio(t['right'], t['matched']):>6} {people:>6}"
        )
    if args.errors:
        for kind, lines in errors.items():
            print(f"\n{kind} ({len(lines)}):")
            for line in lines[: args.errors]:
                print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
