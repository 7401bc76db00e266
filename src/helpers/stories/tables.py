"""The stories notebook's tables: coverage of each story by group, blind spots, and who is heard in it.

Every table starts from the ``stories`` table of :func:`helpers.stories.matching.find_stories`
(one row per document) and the documents' group (a :func:`helpers.compare.doc_groups` table:
source by default, or any column such as AllSides' ``bias``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import bdtr, bdtrc

from helpers.charts import FEW_MARK
from helpers.compare import group_column

BASELINE_DAYS = 30  # a group's expected share of a story is its share of the documents this close in time
BLINDSPOT_COLUMNS = [
    "story", "label", "group", "documents", "story_documents", "expected", "share", "baseline_share",
    "direction", "p_value", "q_value",
]  # fmt: skip


def coverage(stories: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """How many documents each group gave each story.

    Returns:
        story, group (the grouping column, named as in ``groups``), documents; only the groups that
        covered the story, sorted by story, then documents (most first) and group.
    """
    name = group_column(groups)
    table = stories[["doc_id", "story"]].merge(groups, on="doc_id")
    counts = table.groupby(["story", name]).size().rename("documents").reset_index()
    return counts.sort_values(["story", "documents", name], ascending=[True, False, True], ignore_index=True)


def multi_group_stories(covered: pd.DataFrame, minimum_groups: int = 2) -> pd.Series:
    """The stories covered by at least ``minimum_groups`` groups (from :func:`coverage`), largest first."""
    groups_per_story = covered.groupby("story").size()
    size = covered.groupby("story")["documents"].sum()
    chosen = groups_per_story[groups_per_story >= minimum_groups].index
    ranked = size.loc[chosen].reset_index(name="documents").sort_values(["documents", "story"], ascending=[False, True])
    return ranked["story"].reset_index(drop=True)


def blind_spots(
    stories: pd.DataFrame,
    groups: pd.DataFrame,
    summary: pd.DataFrame,
    min_documents: int = 5,
    baseline_days: int = BASELINE_DAYS,
) -> pd.DataFrame:
    """Stories that one group covers far more, or far less, than its share of the news of the time.

    For every story of at least ``min_documents`` dated documents and every group, the number of
    the story's documents from that group is compared with what the group's share of all
    documents published within ``baseline_days`` of the story leads one to expect (an exact
    binomial test, one-sided in the direction observed: is it this high, or this low, by chance?).
    q_value is the Benjamini–Hochberg adjusted p-value over every story and group tested, so a
    q below 0.05 stays rare among many tests. A story of few documents can show no blind spot:
    with five documents, even a group's absence is likely by chance unless its share is large.

    Returns:
        story, label, group (named as in ``groups``), documents (the group's in the story),
        story_documents, expected, share (of the story), baseline_share, direction ("more" or
        "less" than expected), p_value, q_value; sorted by q_value, then story and group.
    """
    name = group_column(groups)
    dated = stories.loc[stories["date"].notna(), ["doc_id", "story", "date"]].merge(groups, on="doc_id")
    columns = [*BLINDSPOT_COLUMNS[:2], name, *BLINDSPOT_COLUMNS[3:]]
    sizes = dated.groupby("story").size()
    tested = sizes[sizes >= min_documents].index.to_numpy()
    group_names = np.array(sorted(dated[name].unique()), dtype=object)
    if not len(tested) or len(group_names) < 2:
        return pd.DataFrame(columns=columns)
    # Documents of each group published up to each date: the counts in any span come from two lookups.
    order = dated.sort_values("date", kind="stable")
    dates = order["date"].to_numpy()
    code = pd.Index(group_names).get_indexer(order[name])
    running = np.vstack([np.zeros(len(group_names)), np.cumsum(np.eye(len(group_names))[code], axis=0)])
    members = dated[dated["story"].isin(tested)]
    span = members.groupby("story")["date"].agg(["min", "max"]).loc[tested]
    low = np.searchsorted(dates, (span["min"] - pd.Timedelta(days=baseline_days)).to_numpy())
    high = np.searchsorted(dates, (span["max"] + pd.Timedelta(days=baseline_days)).to_numpy(), side="right")
    nearby = running[high] - running[low]  # stories × groups
    base = nearby / nearby.sum(axis=1, keepdims=True)
    counts = (
        members.groupby(["story", name])
        .size()
        .unstack(fill_value=0)
        .reindex(index=tested, columns=group_names, fill_value=0)
    ).to_numpy()
    n = counts.sum(axis=1, keepdims=True)
    k, p = counts.ravel(), base.ravel()
    total = np.repeat(n.ravel(), len(group_names))
    testable = (p > 0) & (p < 1)  # a group with no other document then (or all of them) has no baseline
    more = k > total * p
    # Exact binomial tails: P(X ≥ k) = 1 − P(X ≤ k − 1), and P(X ≤ k).
    p_value = np.where(more, bdtrc(np.maximum(k - 1, 0), total, p), bdtr(k, total, p))
    p_value = np.where(more & (k == 0), 1.0, p_value)
    labels = summary.set_index("story")["label"]
    story_ids = np.repeat(tested, len(group_names))
    table = pd.DataFrame(
        {
            "story": story_ids,
            "label": labels.reindex(story_ids).fillna("").to_numpy(),
            name: np.tile(group_names, len(tested)),
            "documents": k,
            "story_documents": total,
            "expected": np.round(total * p, 2),
            "share": np.round(k / total, 4),
            "baseline_share": np.round(p, 4),
            "direction": np.where(more, "more", "less"),
            "p_value": p_value,
        }
    )[testable]
    table["q_value"] = benjamini_hochberg(table["p_value"].to_numpy())
    table["p_value"] = table["p_value"].round(6)
    table["q_value"] = table["q_value"].round(6)
    return table.sort_values(["q_value", "story", name], ignore_index=True)[columns]


def benjamini_hochberg(p_values: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (q-values), in the order given."""
    p_values = np.asarray(p_values, dtype=float)
    n = len(p_values)
    if not n:
        return p_values
    order = np.argsort(p_values, kind="stable")
    ranked = p_values[order] * n / np.arange(1, n + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    result = np.empty(n)
    result[order] = np.minimum(adjusted, 1.0)
    return result


def story_documents(stories: pd.DataFrame, chosen, groups: pd.DataFrame) -> pd.DataFrame:
    """The documents of the ``chosen`` stories with their group, in story order (for evidence lists)."""
    name = group_column(groups)
    table = stories[stories["story"].isin(list(chosen))].merge(groups, on="doc_id", suffixes=("", "_group"))
    if name == "source":
        table = table.drop(columns=["source_group"], errors="ignore")
    columns = ["story", "doc_id", "date", name, *(["source"] if name != "source" else []), "title", "matched"]
    return table.sort_values(["story", "date", "doc_id"])[columns].reset_index(drop=True)


def voices(
    stories: pd.DataFrame,
    mentions: pd.DataFrame,
    quotes: pd.DataFrame,
    groups: pd.DataFrame,
    chosen=None,
) -> pd.DataFrame:
    """Who is mentioned and who is quoted in each story, per group.

    Args:
        stories: from :func:`helpers.stories.matching.find_stories`.
        mentions: the actor stage's mention table (doc_id, actor …).
        quotes: the actor stage's quote table (doc_id, speaker …).
        groups: doc_id and the group.
        chosen: only these stories (None: all).

    Returns:
        story, the group column, actor, mentions, quotes (attributed to the actor in that group's
        documents of the story); sorted by story, group, then mentions and quotes (most first).
    """
    name = group_column(groups)
    columns = ["story", name, "actor", "mentions", "quotes"]
    placed = stories[["doc_id", "story"]]
    if chosen is not None:
        placed = placed[placed["story"].isin(list(chosen))]
    placed = placed.merge(groups, on="doc_id")
    mentioned = mentions[["doc_id", "actor"]].astype({"actor": str}).merge(placed, on="doc_id")
    counts = mentioned.groupby(["story", name, "actor"]).size().rename("mentions")
    named = quotes[~quotes["speaker"].str.startswith("(")][["doc_id", "speaker"]].rename(columns={"speaker": "actor"})
    spoken = named.merge(placed, on="doc_id").groupby(["story", name, "actor"]).size().rename("quotes")
    table = pd.concat([counts, spoken], axis=1).fillna(0).astype("int64").reset_index()
    if table.empty:
        return pd.DataFrame(columns=columns)
    return table[columns].sort_values(
        ["story", name, "mentions", "quotes", "actor"], ascending=[True, True, False, False, True], ignore_index=True
    )


# ------------------------------------------------------------------ what the page says
SIGNIFICANCE = 0.05  # a blind spot is listed when its q-value is below this
FEW_DOCUMENTS = 30  # below this many documents the page says how little the stories can bear
SEPARATOR = "\x1f"  # joins a story and a group into one key for the framing stage's per-group tables


def story_facts(stories: pd.DataFrame, summary: pd.DataFrame, groups: pd.DataFrame) -> dict:
    """The numbers of the page's first paragraph: documents, stories, how many share a story."""
    sizes = stories["story"].map(summary.set_index("story")["documents"])
    covered = coverage(stories, groups).groupby("story").size()
    multi_group = stories["story"].map(covered).fillna(0) >= 2
    undated = stories["date"].isna()
    joined = undated & (stories["matched"] == "undated, by text")
    note = (
        f"{int(undated.sum()):,} documents have no usable date: {int(joined.sum()):,} joined a story by text alone, "
        f"the others stand alone."
        if undated.any()
        else ""
    )
    return {
        "documents": len(stories),
        "stories": len(summary),
        "multi_document_stories": int((summary["documents"] > 1).sum()),
        "share_in_multi_document": f"{(sizes > 1).mean():.0%}",
        "multi_group_stories": int((covered >= 2).sum()),
        "share_in_multi_group": f"{multi_group.mean():.0%}",
        "undated_note": note,
    }


def facts_sentence(facts: dict, group_by: str) -> str:
    """The page's first sentence, from :func:`story_facts` (plain text)."""

    def counted(number: int, one: str, many: str) -> str:
        return f"{number:,} {one if number == 1 else many}"

    return (
        f"{counted(facts['documents'], 'document', 'documents')} in {counted(facts['stories'], 'story', 'stories')}. "
        f"Stories of two documents or more: {facts['multi_document_stories']:,}, holding "
        f"{facts['share_in_multi_document']} of the documents; stories covered by two {group_by} values or more: "
        f"{facts['multi_group_stories']:,}, holding {facts['share_in_multi_group']} of the documents. "
        f"{facts['undated_note']}"
    ).strip()


def near_miss_sentences(
    near: pd.DataFrame, stories: pd.DataFrame, summary: pd.DataFrame, window_days: int, limit: int = 5
) -> list[str]:
    """Plain sentences saying, for the closest lone documents, which story each resembles and why it stands apart."""
    labels = summary.set_index("story")["label"]
    placed = stories.set_index("doc_id")
    sentences = []
    for row in near.head(limit).itertuples():
        title = placed.at[row.doc_id, "title"] or row.doc_id
        source = placed.at[row.doc_id, "source"]
        date = placed.at[row.doc_id, "date"]
        when = f", {date:%Y-%m-%d}" if pd.notna(date) else ", undated"
        if pd.isna(row.days_apart):
            why = "it has no date, and undated articles join a story only at the stricter undated threshold"
        else:
            why = (
                f"it was published {int(row.days_apart)} days from the story's articles, outside the {window_days}-day window"
                if row.days_apart > window_days
                else "its articles' average similarity with the story's stays below the threshold"
            )
        sentences.append(
            f"“{title}” ({source}{when}) stands alone: it resembles story {row.nearest_story} "
            f"(“{labels.get(row.nearest_story, '')}”) with similarity {row.similarity:.2f}, but {why}."
        )
    return sentences


def limits(stories: pd.DataFrame, summary: pd.DataFrame, groups: pd.DataFrame, group_by: str) -> list[str]:
    """Sentences for the page about what this corpus's stories cannot show."""
    notes = []
    if len(stories) < FEW_DOCUMENTS:
        notes.append(
            f"Only {len(stories)} documents. Stories found among so few articles rest on a handful of shared words "
            "and a date: they say which of these articles report the same event, nothing about how often outlets "
            "cover it, and no blind spot can be told from chance."
        )
    if stories["date"].isna().all():
        notes.append(
            "No document has a usable date, so stories are grouped by text alone, against the stricter "
            "story_undated_threshold: two reports of one event published a year apart look the same here. Add dates "
            "(corpus.columns.date) to group by time."
        )
    if groups[group_column(groups)].nunique() < 2:
        notes.append(
            f"Every document has the same {group_by}: the stories are listed, but there is no coverage to compare "
            "between groups, no blind spot and no story told by two groups."
        )
    if (summary["documents"] > 1).sum() == 0:
        notes.append("No two documents were found to report the same event: every document is a story of its own.")
    return notes


def significant(spots: pd.DataFrame, level: float = SIGNIFICANCE) -> pd.DataFrame:
    """The rows of :func:`blind_spots` whose q-value is below ``level``."""
    return spots[spots["q_value"] < level].reset_index(drop=True)


def near_miss_table(near: pd.DataFrame, stories: pd.DataFrame, summary: pd.DataFrame) -> pd.DataFrame:
    """The ``near`` table of :func:`~helpers.stories.matching.find_stories` with titles and labels, for reading."""
    labels = summary.set_index("story")["label"]
    placed = stories.set_index("doc_id")
    return pd.DataFrame(
        {
            "doc_id": near["doc_id"],
            "date": near["doc_id"].map(placed["date"]),
            "source": near["doc_id"].map(placed["source"]),
            "title": near["doc_id"].map(placed["title"]),
            "resembles story": near["nearest_story"],
            "its label": near["nearest_story"].map(labels),
            "similarity": near["similarity"],
            "days apart": near["days_apart"],
        }
    )


def no_comparison_reason(covered: pd.DataFrame, group_by: str) -> str:
    """Why the page compares no story group by group."""
    return (
        f"No story was covered by two {group_by} values or more, so there is no story to compare group by group: "
        "comparisons within a story need at least two groups reporting the same event."
    )


def label_of(summary: pd.DataFrame, story: int) -> str:
    """A story's label."""
    found = summary.loc[summary["story"] == story, "label"]
    return str(found.iloc[0]) if len(found) else ""


def of_story(table: pd.DataFrame, story: int) -> pd.DataFrame:
    """The rows of a per-story table that belong to ``story``, without the story column."""
    return table[table["story"] == story].drop(columns=["story"]).reset_index(drop=True)


def story_sentences(sentences: pd.DataFrame, stories: pd.DataFrame, chosen) -> pd.DataFrame:
    """The sentences of the documents of the ``chosen`` stories."""
    wanted = stories.loc[stories["story"].isin(list(chosen)), "doc_id"]
    return sentences[sentences["doc_id"].isin(wanted)].reset_index(drop=True)


def story_group_keys(stories: pd.DataFrame, groups: pd.DataFrame, chosen) -> pd.DataFrame:
    """doc_id and ``story_group`` (the story and the group in one key) for the documents of ``chosen``.

    The framing stage's per-group tables (frame shares, tone) computed with this as the group
    column give one row per story and group; :func:`split_story_groups` splits the key again.
    """
    name = group_column(groups)
    placed = stories.loc[stories["story"].isin(list(chosen)), ["doc_id", "story"]].merge(groups, on="doc_id")
    keys = placed["story"].astype(str) + SEPARATOR + placed[name].astype(str)
    return pd.DataFrame({"doc_id": placed["doc_id"].to_numpy(), "story_group": keys.to_numpy()})


def split_story_groups(table: pd.DataFrame, group_by: str) -> pd.DataFrame:
    """A table keyed by ``story_group`` with the key split into story (a number) and the group column."""
    parts = table["story_group"].astype(str).str.split(SEPARATOR, n=1, expand=True)
    if parts.shape[1] < 2:
        parts = pd.DataFrame({0: pd.Series(dtype=str), 1: pd.Series(dtype=str)})
    split = table.drop(columns=["story_group"]).assign(
        story=pd.to_numeric(parts[0]).astype("Int64"), **{group_by: parts[1]}
    )
    others = [c for c in split.columns if c not in ("story", group_by)]
    return split[["story", group_by, *others]].reset_index(drop=True)


def top_voices(table: pd.DataFrame, story: int, group_by: str, per_group: int = 5) -> pd.DataFrame:
    """The ``per_group`` most mentioned actors of each group in one story (from :func:`voices`)."""
    rows = table[table["story"] == story]
    return rows.groupby(group_by, sort=True).head(per_group).drop(columns=["story"]).reset_index(drop=True)


def frame_matrix(story_frames: pd.DataFrame, story: int, group_by: str) -> pd.DataFrame:
    """One story's frame shares as a readable table: a row per frame, a column per group ("12% (5–20)").

    A share that rests on one or two documents (``few_documents``) ends in "*"; a group of one
    sentence has "no interval" in place of one.
    """
    rows = story_frames[story_frames["story"] == story]
    if rows.empty:
        return pd.DataFrame(columns=["frame"])
    few = rows["few_documents"].astype(bool) if "few_documents" in rows else pd.Series(False, index=rows.index)
    cells = rows.assign(
        cell=[
            f"{100 * s:.0f}% ("
            + ("no interval" if pd.isna(lo) else f"{100 * lo:.0f}–{100 * hi:.0f}")
            + (")" + FEW_MARK if flag else ")")
            for s, lo, hi, flag in zip(rows["share"], rows["ci_low"], rows["ci_high"], few, strict=True)
        ]
    )
    wide = cells.pivot(index="label", columns=group_by, values="cell")
    order = list(dict.fromkeys(rows["label"]))
    return wide.reindex(order).rename_axis(index="frame", columns=None).reset_index()


def evidence(
    term_evidence: pd.DataFrame,
    frame_evidence: pd.DataFrame,
    tone_evidence: pd.DataFrame,
    story: int,
    n: int,
    group_by: str = "source",
) -> pd.DataFrame:
    """Up to ``n`` evidence sentences of one story: for its distinctive terms, its frames and its tone.

    Each kind gets a third, taken one per group in turn, so every group is heard.
    """
    third = max(1, -(-n // 3))
    chosen = []
    for table in (term_evidence, frame_evidence, tone_evidence):
        rows = of_story(table, story)
        if len(rows):
            turns = rows.assign(_turn=rows.groupby(group_by).cumcount()).sort_values(["_turn", group_by], kind="stable")
            chosen.append(turns.drop(columns="_turn").head(third))
    if not chosen:
        return pd.DataFrame(columns=["text", "note"])
    return pd.concat(chosen, ignore_index=True).head(n)
