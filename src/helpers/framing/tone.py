"""Tone of sentences, per group and toward actors, with the VADER lexicon.

VADER (Hutto & Gilbert 2014, the ``vaderSentiment`` package; its lexicon ships inside the package)
scores a sentence from −1 (most negative) to 1 (most positive) with its ``compound`` score; 0.05
and −0.05 are its authors' lines for positive and negative. It was built on social media text: on
news it reads the vocabulary of an event ("attack", "killed", "crisis") as negative tone, so a
group's tone says as much about what it reports as about how. Tone *toward an actor* here is the
tone of the sentences that mention the actor, not a measure of stance toward that actor; it is
split by voice (:func:`actor_tone_by_voice`): the outlet's own sentences about the actor, and the
quoted speech that mentions the actor (who says what about whom: :func:`speaker_tone`).
"""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from helpers.bootstrap import bootstrap_means, generator
from helpers.charts import FEW_LEGEND, FEW_MARK, NO_INTERVAL_LEGEND, empty_figure, legend_line, tick_label
from helpers.compare import FEW_DOCUMENTS, group_column, with_groups, with_sentence_columns
from helpers.engine import Engine, map_partitions

if TYPE_CHECKING:
    from matplotlib.figure import Figure

POSITIVE = 0.05
TONE_PARTITIONS = 8  # a tone sample is cut into at least this many partitions (see score_tone)
NEGATIVE = -0.05
# The columns after the group column, which is named after the grouping (source, bias …).
GROUP_COLUMNS = [
    "sentences",
    "scored",
    "docs",
    "tone",
    "ci_low",
    "ci_high",
    "positive_share",
    "negative_share",
    "ci_unit",
    "few_documents",
]
ACTOR_COLUMNS = ["actor", "sentences", "docs", "tone", "ci_low", "ci_high", "ci_unit", "few_documents"]
VOICE_COLUMNS = ["actor", "voice", "sentences", "docs", "tone", "ci_low", "ci_high", "ci_unit", "few_documents"]
SPEAKER_COLUMNS = ["speaker", "actor", "quotes", "docs", "tone", "positive_share", "negative_share"]
OUTLET, QUOTED = "outlet", "quoted"


@functools.lru_cache(maxsize=1)
def _analyser():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def sentence_tone(sentences: pd.DataFrame) -> pd.DataFrame:
    """The VADER scores of every sentence.

    Args:
        sentences: the loader's sentences (doc_id, sentence_id, text).

    Returns:
        doc_id, sentence_id, compound (−1 to 1), positive, neutral, negative (VADER's proportions).
    """
    analyser = _analyser()
    scores = [analyser.polarity_scores(text) for text in sentences["text"].fillna("").astype(str)]
    return pd.DataFrame(
        {
            "doc_id": sentences["doc_id"].to_numpy(),
            "sentence_id": sentences["sentence_id"].to_numpy(),
            "compound": [s["compound"] for s in scores],
            "positive": [s["pos"] for s in scores],
            "neutral": [s["neu"] for s in scores],
            "negative": [s["neg"] for s in scores],
        }
    )


def sample_documents(
    sentences: pd.DataFrame, groups: pd.DataFrame, max_sentences: int = 20000, random_state: int = 0
) -> pd.DataFrame:
    """The documents whose sentences are scored for tone: all of a small group, a random sample of a large one.

    A group with at most ``max_sentences`` sentences keeps every document. A larger group keeps
    documents in a seeded random order until they hold ``max_sentences`` sentences: whole documents,
    so that the bootstrap can still resample documents and actor mentions are resolved with their
    document's context. The intervals of a sampled group then include the sampling error.

    Args:
        sentences: doc_id of every sentence.
        groups: doc_id and the group, from :func:`helpers.compare.doc_groups`.
        max_sentences: sentences per group scored at most (about: whole documents are kept).
        random_state: seed; each group's sample depends on it and on the group's name only.

    Returns:
        doc_id, the group column, sentences (of the document); the chosen documents in their corpus order.
    """
    per_doc = sentences.groupby("doc_id", sort=False).size().rename("sentences").reset_index()
    table = groups.merge(per_doc, on="doc_id", how="inner")
    chosen = []
    for group, block in table.groupby(group_column(groups), sort=True):
        if block["sentences"].sum() <= max_sentences:
            chosen.append(block)
            continue
        order = generator(random_state, f"tone\x1f{group}").permutation(len(block))
        enough = int(np.searchsorted(block["sentences"].to_numpy()[order].cumsum(), max_sentences)) + 1
        chosen.append(block.iloc[np.sort(order[:enough])])
    if not chosen:
        return table.iloc[0:0]
    return table[table["doc_id"].isin(pd.concat(chosen)["doc_id"])].reset_index(drop=True)


def score_tone(sentences: pd.DataFrame, engine: Engine | None = None) -> pd.DataFrame:
    """:func:`sentence_tone` run partition by partition on ``engine`` (default: this machine).

    VADER reads about ten thousand sentences a second, so a tone sample (a few thousand documents)
    is cut into at least :data:`TONE_PARTITIONS` partitions, however many documents a partition holds
    elsewhere: enough for every worker to take a share. The scores are the same either way.
    """
    engine = engine or Engine()
    columns = sentences[["doc_id", "sentence_id", "text"]]
    documents = int(columns["doc_id"].nunique())
    rows = max(1, min(engine.partition_rows, -(-documents // TONE_PARTITIONS)))
    parts = map_partitions(sentence_tone, columns, replace(engine, partition_rows=rows), key="doc_id", desc="tone")
    return pd.concat(parts, ignore_index=True)


def sample_and_score(
    sentences: pd.DataFrame,
    groups: pd.DataFrame,
    max_sentences: int = 20000,
    random_state: int = 0,
    engine: Engine | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The documents scored for tone (:func:`sample_documents`) and their sentences' scores (:func:`score_tone`).

    Returns:
        ``(sampled, tones)``: the chosen documents (doc_id, group, sentences) and the VADER scores
        of every sentence of theirs.
    """
    sampled = sample_documents(sentences, groups, max_sentences, random_state)
    chosen = sentences[sentences["doc_id"].isin(sampled["doc_id"])]
    return sampled, score_tone(chosen, engine)


def is_sampled(tone_table: pd.DataFrame) -> bool:
    """Whether a :func:`group_tone` table rests on a sample of some group's sentences."""
    return bool((tone_table["scored"] < tone_table["sentences"]).any())


def group_tone(
    tones: pd.DataFrame,
    groups: pd.DataFrame,
    n_boot: int = 1000,
    random_state: int = 0,
    sizes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Mean tone of each group's sentences, with a 95% bootstrap interval.

    Args:
        tones: from :func:`sentence_tone`.
        groups: doc_id and the group, from :func:`helpers.compare.doc_groups`.
        n_boot: bootstrap replicates.
        random_state: seed.
        sizes: the group and its sentences, for every group (from :func:`helpers.compare.group_sizes`),
            when ``tones`` covers a sample; None when every sentence was scored.

    Returns:
        the group column, sentences (the group's sentences), scored (those scored: the estimate's base), docs
        (documents scored), tone (mean compound), ci_low, ci_high, positive_share and
        negative_share (share of sentences at or beyond ±0.05), ci_unit ("document" or "sentence"),
        few_documents (true when one or two documents were scored). Sorted by group.
    """
    name = group_column(groups)
    rows = tones.merge(groups, on="doc_id", how="inner")
    if rows.empty:
        return pd.DataFrame(columns=[name, *GROUP_COLUMNS])
    rows = rows.assign(
        is_positive=(rows["compound"] >= POSITIVE).astype(float),
        is_negative=(rows["compound"] <= NEGATIVE).astype(float),
    )
    long = bootstrap_means(rows, [name], ["compound", "is_positive", "is_negative"], n_boot, random_state)
    main = long[long["variable"] == "compound"].set_index(name)
    table = pd.DataFrame(
        {
            "sentences": main["sentences"],
            "scored": main["sentences"],
            "docs": main["docs"],
            "tone": main["estimate"],
            "ci_low": main["ci_low"],
            "ci_high": main["ci_high"],
            "positive_share": long[long["variable"] == "is_positive"].set_index(name)["estimate"],
            "negative_share": long[long["variable"] == "is_negative"].set_index(name)["estimate"],
            "ci_unit": main["ci_unit"],
        }
    ).reset_index()
    if sizes is not None:
        table["sentences"] = table[name].map(sizes.set_index(name)["sentences"]).astype("int64")
    for column in ("tone", "ci_low", "ci_high", "positive_share", "negative_share"):
        table[column] = table[column].astype(float).round(4)
    table["few_documents"] = table["docs"] <= FEW_DOCUMENTS
    return table.sort_values(name, ignore_index=True)[[name, *GROUP_COLUMNS]]


def actor_tone(
    tones: pd.DataFrame,
    mentions: pd.DataFrame,
    groups: pd.DataFrame,
    actors: list[str] | None = None,
    n_boot: int = 1000,
    random_state: int = 0,
) -> pd.DataFrame:
    """Mean tone of the sentences that mention each actor, per group, with a 95% bootstrap interval.

    A sentence that mentions an actor twice counts once for that actor; a sentence that mentions
    two actors counts for both.

    Args:
        tones: from :func:`sentence_tone`.
        mentions: one row per mention, with at least doc_id, sentence_id and actor (as
            the actor stage's mention table has them).
        groups: doc_id and the group, from :func:`helpers.compare.doc_groups`.
        actors: keep only these actors (None: all).
        n_boot: bootstrap replicates.
        random_state: seed.

    Returns:
        the group column, actor, sentences (that mention the actor: read every number next to this
        count), docs, tone, ci_low, ci_high (empty for one sentence: no interval), ci_unit,
        few_documents (true when the sentences come from one or two documents). Sorted by actor
        and group.
    """
    name = group_column(groups)
    if mentions.empty:
        return pd.DataFrame(columns=[name, *ACTOR_COLUMNS])
    pairs = mentions[["doc_id", "sentence_id", "actor"]].drop_duplicates()
    if actors is not None:
        pairs = pairs[pairs["actor"].isin(actors)]
    rows = pairs.merge(tones[["doc_id", "sentence_id", "compound"]], on=["doc_id", "sentence_id"]).merge(
        groups, on="doc_id"
    )
    if rows.empty:
        return pd.DataFrame(columns=[name, *ACTOR_COLUMNS])
    table = _mean_tone(rows, [name, "actor"], n_boot, random_state)
    return table.sort_values(["actor", name], ignore_index=True)[[name, *ACTOR_COLUMNS]]


def _mean_tone(rows: pd.DataFrame, keys: list[str], n_boot: int, random_state: int) -> pd.DataFrame:
    """Mean ``compound`` per ``keys`` with its bootstrap interval, rounded, and ``few_documents``."""
    table = bootstrap_means(rows, keys, ["compound"], n_boot, random_state).rename(columns={"estimate": "tone"})
    for column in ("tone", "ci_low", "ci_high"):
        table[column] = table[column].astype(float).round(4)
    table["few_documents"] = table["docs"] <= FEW_DOCUMENTS
    return table


def voiced_mentions(mentions: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """Each mention with who voices the words around it: the quote (speaker and words) it lies in, if any.

    A mention lies in a quote when its offsets are within the quote's (a direct quote's marks, a
    reported quote's sentence); the speaker's own name in the attribution ("Trump said …") is not
    a mention *in* their quote.

    Returns:
        The mentions' doc_id, sentence_id, start, actor, and quote (the row number in ``quotes``,
        -1 outside any quote), speaker (empty outside).
    """
    rows = mentions[["doc_id", "sentence_id", "start", "end", "actor"]].reset_index(drop=True)
    quote = np.full(len(rows), -1, dtype="int64")
    spans = quotes[["doc_id", "start", "end", "speaker"]].reset_index(drop=True)
    by_doc = {doc_id: block for doc_id, block in spans.groupby("doc_id", sort=False)}
    actors = rows["actor"].astype(str).to_numpy()
    for doc_id, block in rows.groupby("doc_id", sort=False):
        found = by_doc.get(doc_id)
        if found is None:
            continue
        q_start, q_end = found["start"].to_numpy(), found["end"].to_numpy()
        q_speaker = found["speaker"].astype(str).to_numpy()
        for index, start, end in zip(block.index, block["start"], block["end"], strict=True):
            inside = np.flatnonzero((q_start <= start) & (end <= q_end) & (q_speaker != actors[index]))
            if len(inside):
                quote[index] = found.index[inside[0]]
    speaker = np.where(quote >= 0, spans["speaker"].astype(str).to_numpy()[np.maximum(quote, 0)], "")
    return rows.assign(quote=quote, speaker=speaker)


def actor_tone_by_voice(
    tones: pd.DataFrame,
    mentions: pd.DataFrame,
    quotes: pd.DataFrame,
    groups: pd.DataFrame,
    actors: list[str] | None = None,
    n_boot: int = 1000,
    random_state: int = 0,
) -> pd.DataFrame:
    """Tone toward each actor per group in two voices: the outlet's own sentences, and quoted speech.

    ``outlet``: the sentences that mention the actor outside any quote, scored as sentences.
    ``quoted``: the quotes (direct or reported, :mod:`helpers.actors.quotes`) whose words mention
    the actor, each scored as one text. A quote or sentence that mentions the actor twice counts
    once. Both are sentence tone (VADER), not stance.

    Returns:
        the group column, actor, voice (outlet / quoted), sentences (sentences or quotes scored),
        docs, tone, ci_low, ci_high, ci_unit, few_documents; sorted by actor, group and voice.
    """
    name = group_column(groups)
    if mentions.empty:
        return pd.DataFrame(columns=[name, *VOICE_COLUMNS])
    chosen = mentions if actors is None else mentions.loc[mentions["actor"].isin(actors)]
    voiced = voiced_mentions(chosen, quotes)
    own = voiced.loc[voiced["quote"] < 0, ["doc_id", "sentence_id", "actor"]].drop_duplicates()
    own = own.merge(tones[["doc_id", "sentence_id", "compound"]], on=["doc_id", "sentence_id"]).assign(voice=OUTLET)
    heard = voiced.loc[voiced["quote"] >= 0, ["doc_id", "quote", "actor"]].drop_duplicates()
    heard = heard.merge(quote_tone(quotes, heard["quote"]), left_on="quote", right_index=True).assign(voice=QUOTED)
    rows = pd.concat([own.drop(columns="sentence_id"), heard.drop(columns="quote")], ignore_index=True)
    rows = rows.merge(groups, on="doc_id")
    if rows.empty:
        return pd.DataFrame(columns=[name, *VOICE_COLUMNS])
    table = _mean_tone(rows, [name, "actor", "voice"], n_boot, random_state)
    return table.sort_values(["actor", name, "voice"], ignore_index=True)[[name, *VOICE_COLUMNS]]


def quote_tone(quotes: pd.DataFrame, rows=None) -> pd.DataFrame:
    """The VADER compound score of quotes' words (column ``compound``), indexed by row number in
    ``quotes``; only the row numbers ``rows`` when given (the quotes that mention the actors asked
    about: scoring is the slow part)."""
    analyser = _analyser()
    numbers = np.arange(len(quotes)) if rows is None else np.unique(np.asarray(rows, dtype="int64"))
    texts = quotes["quote"].fillna("").astype(str).to_numpy()[numbers]
    scores = [analyser.polarity_scores(text)["compound"] for text in texts]
    return pd.DataFrame({"compound": scores}, index=numbers)


def speaker_tone(mentions: pd.DataFrame, quotes: pd.DataFrame, groups: pd.DataFrame, actors: list[str] | None = None):
    """Who says what about whom: per group, speaker and actor mentioned in the speaker's quotes, the
    number of quotes, documents and their mean tone, with the shares of positive and negative quotes."""
    name = group_column(groups)
    chosen = mentions if actors is None else mentions.loc[mentions["actor"].isin(actors)]
    voiced = voiced_mentions(chosen, quotes)
    heard = voiced.loc[voiced["quote"] >= 0, ["doc_id", "quote", "actor", "speaker"]].drop_duplicates(
        ["quote", "actor"]
    )
    if heard.empty:
        return pd.DataFrame(columns=[name, *SPEAKER_COLUMNS])
    scored = quote_tone(quotes, heard["quote"])
    heard = heard.merge(scored, left_on="quote", right_index=True).merge(groups, on="doc_id")
    heard = heard.assign(positive=heard["compound"] >= POSITIVE, negative=heard["compound"] <= NEGATIVE)
    grouped = heard.groupby([name, "speaker", "actor"], observed=True, sort=True)
    table = pd.DataFrame(
        {
            "quotes": grouped.size(),
            "docs": grouped["doc_id"].nunique(),
            "tone": grouped["compound"].mean().round(4),
            "positive_share": grouped["positive"].mean().round(4),
            "negative_share": grouped["negative"].mean().round(4),
        }
    ).reset_index()
    return table.sort_values(
        [name, "quotes", "speaker", "actor"], ascending=[True, False, True, True], ignore_index=True
    )[[name, *SPEAKER_COLUMNS]]


def extreme_sentences(tones: pd.DataFrame, sentences: pd.DataFrame, groups: pd.DataFrame, n: int = 1) -> pd.DataFrame:
    """Each group's most positive and most negative sentences, to show what the lexicon reacts to.

    Returns:
        the group column, side ("most positive" or "most negative"), compound, doc_id, sentence_id,
        text, note; sorted by group, side, then strength.
    """
    name = group_column(groups)
    rows = with_groups(with_sentence_columns(tones, sentences[["doc_id", "sentence_id", "text"]]), groups)
    ordered = rows.sort_values([name, "compound", "doc_id", "sentence_id"])
    negative = ordered[ordered["compound"] <= NEGATIVE].groupby(name).head(n).assign(side="most negative")
    positive = (
        ordered[ordered["compound"] >= POSITIVE]
        .sort_values([name, "compound", "doc_id", "sentence_id"], ascending=[True, False, True, True])
        .groupby(name)
        .head(n)
        .assign(side="most positive")
    )
    table = pd.concat([positive, negative], ignore_index=True)
    table = table.sort_values([name, "side", "compound"], ascending=[True, False, False], ignore_index=True)
    table["note"] = [
        f"{side}: {c:+.2f} · {s}" for side, c, s in zip(table["side"], table["compound"], table["sentence_id"])
    ]
    return table[[name, "side", "compound", "doc_id", "sentence_id", "text", "note"]]


def top_actors(mentions: pd.DataFrame, n: int = 8) -> list[str]:
    """The ``n`` actors mentioned in the most sentences (ties by name)."""
    if mentions.empty:
        return []
    counts = mentions[["doc_id", "sentence_id", "actor"]].drop_duplicates().groupby("actor").size()
    ranked = counts.reset_index(name="sentences").sort_values(["sentences", "actor"], ascending=[False, True])
    return ranked["actor"].head(n).tolist()


def plot_group_tone(table: pd.DataFrame, title: str = "", group_by: str = "source") -> Figure:
    """Mean tone per group as a dot with its 95% interval, the sentence count beside it.

    A group scored on one or two documents has an asterisk after its count, and a group of one
    sentence has no interval line; a line under the chart explains the marks.
    """
    from matplotlib.figure import Figure

    if table.empty:
        return empty_figure("No sentences to score")
    shown = table.sort_values("tone")
    figure = Figure(figsize=(8, 1.2 + 0.4 * len(shown)))
    axes = figure.subplots()
    positions = np.arange(len(shown))
    axes.errorbar(
        shown["tone"], positions, xerr=[shown["tone"] - shown["ci_low"], shown["ci_high"] - shown["tone"]],
        fmt="o", color="#1b6ca8", ecolor="#7fa7c9", capsize=3,
    )  # fmt: skip
    few = _few(shown)
    for position, end, count, flagged in zip(positions, _label_at(shown), shown["sentences"], few, strict=False):
        axes.text(end, position, f"  n = {count:,}{FEW_MARK if flagged else ''}", va="center", fontsize=7, color="#555")
    axes.axvline(0, color="#333", linewidth=0.8)
    axes.set_yticks(positions, [tick_label(group, 30) for group in shown[group_by]], fontsize=8)
    axes.set_xlabel("mean VADER compound of the sentences (−1 negative … 1 positive)")
    axes.set_title(title or "Tone per group, with 95% interval and sentence count", fontsize=10)
    axes.margins(x=0.25)
    figure.tight_layout()
    _explain_marks(figure, few, shown)
    return figure


def _few(table: pd.DataFrame) -> np.ndarray:
    if "few_documents" not in table:
        return np.zeros(len(table), dtype=bool)
    return table["few_documents"].fillna(False).astype(bool).to_numpy()


def _label_at(table: pd.DataFrame) -> np.ndarray:
    """Where a count goes: after the interval, or after the dot when there is none."""
    return table["ci_high"].fillna(table["tone"]).to_numpy(dtype=float)


def _explain_marks(figure: Figure, few: np.ndarray, table: pd.DataFrame) -> None:
    notes = ([FEW_LEGEND] if few.any() else []) + ([NO_INTERVAL_LEGEND] if table["ci_low"].isna().any() else [])
    if notes:
        legend_line(figure, "; ".join(notes))


def plot_actor_tone(table: pd.DataFrame, title: str = "", group_by: str = "source") -> Figure:
    """Tone toward each actor, one row per actor, one dot per group, with interval and sentence count.

    Marks as in :func:`plot_group_tone`: an asterisk after a count from one or two documents, no
    line for a single sentence.
    """
    from matplotlib.figure import Figure

    if table.empty:
        return empty_figure("No actor mentions to score")
    actors = list(dict.fromkeys(table.sort_values(["actor"])["actor"]))
    groups = sorted(table[group_by].unique())
    colours = {g: c for g, c in zip(groups, [f"C{n % 10}" for n in range(len(groups))], strict=False)}
    figure = Figure(figsize=(9, 1.4 + 0.55 * len(actors)))
    axes = figure.subplots()
    step = 0.7 / max(len(groups), 1)
    for number, group in enumerate(groups):
        block = table[table[group_by] == group]
        rows = np.array([actors.index(a) for a in block["actor"]]) + (number - (len(groups) - 1) / 2) * step
        axes.errorbar(
            block["tone"], rows, xerr=[block["tone"] - block["ci_low"], block["ci_high"] - block["tone"]],
            fmt="o", markersize=4, color=colours[group], capsize=2, label=group, linewidth=1,
        )  # fmt: skip
        for row, end, count, flagged in zip(rows, _label_at(block), block["sentences"], _few(block), strict=False):
            axes.text(end, row, f" {count}{FEW_MARK if flagged else ''}", va="center", fontsize=6, color=colours[group])
    axes.axvline(0, color="#333", linewidth=0.8)
    axes.set_yticks(range(len(actors)), actors, fontsize=8)
    axes.invert_yaxis()
    axes.set_xlabel("mean VADER compound of sentences mentioning the actor (number: sentences)")
    axes.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    axes.set_title(title or "Tone of the sentences that mention each actor, by group", fontsize=10)
    figure.tight_layout()
    _explain_marks(figure, _few(table), table)
    return figure


def plot_actor_tone_by_voice(table: pd.DataFrame, group_by: str = "source") -> Figure:
    """:func:`plot_actor_tone` of :func:`actor_tone_by_voice`: one dot per group and voice."""
    if table.empty:
        return empty_figure("No actor mentions to score")
    series = table.assign(series=table[group_by].astype(str) + " · " + table["voice"].astype(str))
    return plot_actor_tone(
        series, title="Tone toward each actor: the outlet's own sentences and quoted speech", group_by="series"
    )
