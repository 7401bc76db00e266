"""The front page's headline findings: a few plain sentences per stage, read off the tables the
notebooks wrote, each with its numbers and the documents behind it.

Every sentence is computed from a CSV in the report's ``tables/`` folder (the columns are those the
README documents), so the front page says nothing a table does not. A stage whose tables are
missing or empty gets no sentence rather than a made-up one; :data:`TABLE_NOTES` says in one line
what each table holds, for the front page's list of tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

# What each table holds, in one line (the README gives every column).
TABLE_NOTES = {
    "corpus": "one row per document: source, date, title, author, words",
    "corpus_sources": "documents, words and median length per source",
    "corpus_kind": "documents per kind of piece",
    "corpus_country": "documents per country of the outlet",
    "corpus_timeline": "dated documents per source and period",
    "cleaning_rules": "removals per cleaning rule",
    "cleaning_log": "every line the cleaner removed, with its rule",
    "load_warnings": "values the loader could not use as given, and what it did",
    "near_duplicates": "pairs of near-identical documents",
    "topics": "the top terms of each topic with their weights",
    "topic_quality": "each topic's label, share, coherence, stability and documents",
    "topic_selection": "coherence and stability for each number of topics tried",
    "topic_sources": "topic shares per source, with intervals",
    "topic_time": "topic shares per period",
    "topic_passages": "the passages that carry each topic most",
    "doc_topics": "each document's topic shares",
    "unit_topics": "each passage's topic shares",
    "actor_totals": "mentions, documents and sources per actor",
    "actor_by_source": "mentions per actor and source, per 1,000 words",
    "actor_mentions": "mentions per actor, source and how the actor was named",
    "actor_mention_list": "every mention, with its sentence",
    "actor_timeline": "mentions of the leading actors per period",
    "actor_cooccurrence": "pairs of actors named in the same sentence",
    "actor_titles": "the titles and roles each actor is named by",
    "actor_resolutions": "roles and partial names resolved to a person, with the date rule used",
    "actor_suggestions": "names found in the text that the gazetteer does not list",
    "actor_kwic": "keyword-in-context lines per actor",
    "actor_tone": "tone of the sentences mentioning each actor, per source",
    "actor_voice": "per source: who is mentioned and who is quoted",
    "quotes": "every quote: speaker, cue, kind (direct, reported, according to) and text",
    "quote_sources": "quotes per source: named, unnamed, direct, reported",
    "framing_groups": "the groups compared, with their documents and sentences",
    "term_exclusions": "the words and outlet names left out of distinctive terms",
    "source_terms": "log-odds z of every term, per group against the rest",
    "source_terms_top": "the most distinctive terms per group",
    "source_terms_within": "distinctive terms compared within shared stories",
    "terms_within_changes": "how the terms changed when compared within stories",
    "term_evidence": "a sentence for each distinctive term",
    "frame_codebook": "the frames and their indicators",
    "frames": "frame shares per group, with intervals",
    "frames_within": "frame shares averaged within shared stories",
    "frame_contrasts": "frame shares whose interval leaves out the rest's share",
    "frame_evidence": "sentences that carry each frame",
    "labels": "how often each group uses each name of a concept",
    "labels_distinctive": "names only one group uses",
    "label_evidence": "the sentences behind each name",
    "tone_sources": "mean tone per group, with intervals",
    "tone_extremes": "the most positive and negative sentences per group",
    "stories": "each document's story",
    "story_summary": "each story: label, dates, documents, sources, who was first",
    "story_coverage": "documents per story and group",
    "story_blindspots": "stories one group covers far more or less than its share",
    "story_near_misses": "documents that nearly joined a story",
    "story_terms": "distinctive terms per group within each compared story",
    "story_term_evidence": "a sentence for each story term",
    "story_voices": "who is mentioned and quoted per story and group",
    "story_frames": "frame shares per story and group",
    "story_tone": "tone per story and group",
}


@dataclass(frozen=True)
class Finding:
    """One headline sentence and the documents behind it (a count, or a short list)."""

    text: str
    behind: str = ""


def _read(tables: Path, name: str) -> pd.DataFrame:
    path = tables / f"{name}.csv"
    if not path.exists():
        return pd.DataFrame()
    try:
        return pd.read_csv(path, keep_default_na=False, na_values=[""], low_memory=False)
    except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError):
        return pd.DataFrame()


MIN_SOURCE_DOCUMENTS = 5  # a source's topic mix is a finding from this many documents on


def _share(value: float) -> str:
    """A share as a percentage: whole points, or one decimal under 10% (8.3%, not 8%)."""
    value = float(value)
    return f"{value:.1%}" if abs(value) < 0.1 else f"{value:.0%}"


def _signed(value: float) -> str:
    """A tone with its sign ("+0.12", "−0.05"), and no "−0.00"."""
    value = round(float(value), 2)
    return "0.00" if value == 0 else f"{value:+.2f}".replace("-", "−")


def _documents(count) -> str:
    count = int(count)
    return f"{count:,} document{'s' * (count != 1)}"


def corpus_findings(tables: Path) -> list[Finding]:
    found = []
    sources, docs = _read(tables, "corpus_sources"), _read(tables, "corpus")
    if len(sources) and len(docs):
        top = sources.sort_values(["documents", "source"], ascending=[False, True]).iloc[0]
        dated = (
            pd.to_datetime(docs["date"], errors="coerce").dropna()
            if "date" in docs
            else pd.Series(dtype="datetime64[ns]")
        )
        when = f", dated {dated.min():%Y-%m-%d} to {dated.max():%Y-%m-%d}" if len(dated) else ", undated"
        if sources["documents"].nunique() == 1:
            largest = f"every source gave {_documents(top['documents'])}"
        else:
            largest = (
                f"the largest source, {top['source']}, gave {int(top['documents']):,} "
                f"({top['documents'] / len(docs):.0%})"
            )
        found.append(
            Finding(f"{len(docs):,} documents from {len(sources):,} sources{when}; {largest}.", _documents(len(docs)))
        )
    rules, near = _read(tables, "cleaning_rules"), _read(tables, "near_duplicates")
    if len(rules):
        biggest = rules.iloc[0]
        found.append(
            Finding(
                f"The cleaner removed {int(rules['removals'].sum()):,} lines of page furniture; the most, "
                f"{int(biggest['removals']):,}, by the rule {biggest['rule']}.",
                _documents(biggest["documents"]),
            )
        )
    if len(near):
        found.append(Finding(f"{len(near):,} pair{'s' * (len(near) != 1)} of near-duplicate documents.", ""))
    return found


def topics_findings(tables: Path) -> list[Finding]:
    quality = _read(tables, "topic_quality")
    if quality.empty:
        return []
    found = []
    largest = quality.sort_values(["share", "topic"], ascending=[False, True]).iloc[0]
    found.append(
        Finding(
            f"{len(quality)} topics; the largest, topic {int(largest['topic'])} ({largest['label']}), holds "
            f"{largest['share']:.0%} of the text.",
            _documents(largest["documents"]),
        )
    )
    shares = _read(tables, "topic_sources")
    if len(shares) and shares["source"].nunique() > 1:
        mean = shares.groupby("topic")["share"].transform("mean")
        # among the sources with the most documents (up to five): one article says nothing of an outlet
        solid = shares["documents"] >= min(MIN_SOURCE_DOCUMENTS, int(shares["documents"].max()))
        ranked = shares.assign(gap=shares["share"] - mean)[solid]
        leading = ranked.sort_values(["gap", "source"], ascending=[False, True]).iloc[0]
        label = quality.set_index("topic")["label"].get(leading["topic"], "")
        found.append(
            Finding(
                f"{leading['source']} gives topic {int(leading['topic'])} ({label}) {leading['share']:.0%} of its text, "
                f"against {mean[leading.name]:.0%} on average across sources.",
                _documents(leading["documents"]),
            )
        )
    few = int(quality["few_documents"].astype(str).str.lower().eq("true").sum()) if "few_documents" in quality else 0
    if few:
        found.append(Finding(f"{few} of {len(quality)} topics rest mostly on one or two documents.", ""))
    return found


def actors_findings(tables: Path) -> list[Finding]:
    totals = _read(tables, "actor_totals")
    if totals.empty:
        return []
    found = []
    top = totals.sort_values(["mentions", "actor"], ascending=[False, True]).head(3)
    named = ", ".join(f"{row.actor} ({int(row.mentions):,})" for row in top.itertuples())
    found.append(Finding(f"Most mentioned: {named}.", _documents(top["documents"].max())))
    people = totals[totals["actor_type"] == "person"] if "actor_type" in totals else totals.iloc[0:0]
    quotes = _read(tables, "quotes")
    if len(quotes):
        # "(unnamed)", "(not in gazetteer)": placeholders, not speakers
        speakers = quotes[quotes["speaker"].notna() & ~quotes["speaker"].astype(str).str.startswith("(")]
        if len(speakers):
            counts = speakers.groupby("speaker").agg(quotes=("quote", "size"), docs=("doc_id", "nunique"))
            lead = counts.sort_values(["quotes", "docs"], ascending=False).index[0]
            unnamed = int((quotes["speaker"].astype(str) == "(unnamed)").sum())
            found.append(
                Finding(
                    f"{len(quotes):,} quotes; {lead} is quoted most ({int(counts.loc[lead, 'quotes']):,} quotes), and "
                    f"{unnamed:,} quote{'s' * (unnamed != 1)} name no speaker.",
                    _documents(counts.loc[lead, "docs"]),
                )
            )
    pairs = _read(tables, "actor_cooccurrence")
    if len(pairs):
        pair = pairs.iloc[0]
        found.append(
            Finding(
                f"Named together most often: {pair['actor_a']} and {pair['actor_b']}, in {int(pair['sentences']):,} sentences.",
                _documents(pair["documents"]),
            )
        )
    elif len(people):
        found.append(Finding(f"{len(people):,} people are named.", ""))
    return found


def framing_findings(tables: Path) -> list[Finding]:
    found = []
    contrasts = _read(tables, "frame_contrasts")
    if len(contrasts):
        group = contrasts.columns[0]
        row = contrasts.iloc[0]
        found.append(
            Finding(
                f"{row[group]} frames {int(row['frame_sentences']):,} of {int(row['sentences']):,} sentences as "
                f"{row['label']} ({_share(row['share'])}, 95% interval {_share(row['ci_low'])}–"
                f"{_share(row['ci_high'])}), against {_share(row['rest_share'])} elsewhere.",
                _documents(row["docs"]),
            )
        )
    terms = _read(tables, "source_terms_top")
    if len(terms):
        group = terms.columns[0]
        own = terms[terms.get("side", "group") == "group"] if "side" in terms else terms
        leading = own.sort_values("z", ascending=False).drop_duplicates(group).head(3)
        listed = "; ".join(f"{row[group]}: “{row['term']}” (z = {row['z']:.1f})" for _, row in leading.iterrows())
        if listed:
            found.append(Finding(f"The word that sets each group apart most — {listed}.", ""))
    tone = _read(tables, "tone_sources")
    if len(tone) > 1:
        group = tone.columns[0]
        ordered = tone.sort_values("tone")
        low, high = ordered.iloc[0], ordered.iloc[-1]
        if _signed(low["tone"]) == _signed(high["tone"]):
            text = f"Tone is the same in every group to two decimals: {_signed(low['tone'])} on VADER's −1 to +1 scale."
        else:
            text = (
                f"Tone runs from {_signed(low['tone'])} ({low[group]}) to {_signed(high['tone'])} ({high[group]}) "
                "on VADER's −1 to +1 scale."
            )
        found.append(Finding(text, _documents(tone["docs"].sum())))
    return found


def stories_findings(tables: Path) -> list[Finding]:
    summary = _read(tables, "story_summary")
    if summary.empty:
        return []
    found = []
    shared = summary[summary["documents"] > 1]
    largest = summary.sort_values(["documents", "story"], ascending=[False, True]).iloc[0]
    found.append(
        Finding(
            f"{len(shared):,} {'story' if len(shared) == 1 else 'stories'} of two documents or more, of "
            f"{len(summary):,}; the largest, “{largest['label']}”, "
            f"has {int(largest['documents']):,} documents from {int(largest['sources']):,} sources, first from "
            f"{largest['first_source']}.",
            _documents(largest["documents"]),
        )
    )
    blind = _read(tables, "story_blindspots")
    if len(blind):
        row = blind.iloc[0]
        group = "source" if "source" in blind else blind.columns[2]
        direction = "more" if str(row.get("direction", "")) in ("more", "over") else "less"
        found.append(
            Finding(
                f"Blind spot: {row[group]} covers “{row['label']}” {direction} than its share of the news "
                f"({int(row['documents'])} of the story's {int(row['story_documents'])} documents).",
                _documents(row["story_documents"]),
            )
        )
    return found


FINDINGS = {
    "corpus": corpus_findings,
    "topics": topics_findings,
    "actors": actors_findings,
    "framing": framing_findings,
    "stories": stories_findings,
}


def findings(stage: str, tables: Path) -> list[Finding]:
    """The headline findings of one stage (empty when its tables say nothing, or for an unknown stage)."""
    reader = FINDINGS.get(stage)
    if reader is None:
        return []
    try:
        return reader(tables)
    except (KeyError, ValueError, TypeError, IndexError, AttributeError):  # a table of another shape: no sentence
        return []
