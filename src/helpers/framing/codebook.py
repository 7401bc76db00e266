"""Frames from a codebook of indicator terms: which sentences carry which frame, and how often.

A codebook is a YAML file (the default is ``resources/frames.yml``; copy it to make your own)::

    threshold: 1                # distinct indicators a sentence needs to carry a frame
    frames:
      conflict:                 # the frame's key, used in tables
        label: Conflict         # shown in charts (default: the key)
        description: Disagreement between parties, …
        reference: Semetko & Valkenburg 2000   # optional
        threshold: 1            # optional, overrides the file's threshold for this frame
        indicators: [conflict, clash*, tension*, "war of words"]

Indicators match whole words, ignoring case, in the syntax of :mod:`helpers.framing.indicators`:
``*`` stands for any letters or digits within one word (``terror*``: terror, terrorism, terrorists);
a space or hyphen matches a space or a hyphen in the text (``cease fire`` finds "cease-fire").

A sentence carries a frame when at least ``threshold`` different indicators of that frame occur
in it. Indicator counting is a transparent, checkable proxy for a frame, not a reading of it: the
evidence sentences are there so a reader can see what was counted.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from helpers.bootstrap import bootstrap_means
from helpers.charts import FEW_LEGEND, FEW_MARK, empty_figure, legend_line, tick_label
from helpers.compare import FEW_DOCUMENTS, REST, group_column, positions, sentence_pairs, with_groups
from helpers.engine import Engine, map_partitions
from helpers.errors import InputError
from helpers.framing.indicators import (
    alternatives,
    indicator_pattern,
    indicator_problem,
    indicators_regex,
    joined_lower,
    starts_regex,
)
from helpers.paths import RESOURCES_DIR, resolve
from helpers.yamlfile import read_yaml

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DEFAULT_CODEBOOK = RESOURCES_DIR / "frames.yml"
# The columns after the group column, which is named after the grouping (source, bias …).
SHARE_COLUMNS = [
    "frame", "label", "share", "ci_low", "ci_high", "sentences", "frame_sentences", "docs",
    "ci_unit", "against", "rest_share", "frame_docs", "few_documents",
]  # fmt: skip


@dataclass(frozen=True)
class Frame:
    """One frame of a codebook."""

    key: str
    label: str
    description: str
    indicators: tuple[str, ...]
    threshold: int = 1
    reference: str = ""


def load_codebook(path: str | Path = "") -> tuple[Frame, ...]:
    """Read and check a frame codebook.

    Args:
        path: the YAML file; empty for the codebook shipped with the package.

    Returns:
        The frames, in the file's order.

    Raises:
        InputError: the file is missing, not YAML, or an entry is malformed; the message names
            the file and the entry.
    """
    file = resolve(path) if path else DEFAULT_CODEBOOK
    data = read_yaml(file, "frame codebook (leave frames_file empty for the built-in one):")
    if not isinstance(data, dict) or not isinstance(data.get("frames"), dict) or not data["frames"]:
        raise InputError(f"{file}: expected a mapping with a non-empty 'frames' mapping (frame key → entry)")
    default_threshold = data.get("threshold", 1)
    if not isinstance(default_threshold, int) or isinstance(default_threshold, bool) or default_threshold < 1:
        raise InputError(f"{file}: threshold must be a whole number ≥ 1, not {default_threshold!r}")
    frames = []
    for key, entry in data["frames"].items():
        where = f"{file}: frames.{key}"
        if not isinstance(key, str) or not re.fullmatch(r"[a-z0-9_]+", key):
            raise InputError(f"{where}: a frame key uses lower-case letters, digits and _ only")
        if not isinstance(entry, dict):
            raise InputError(f"{where}: expected a mapping with description and indicators")
        unknown = sorted(set(entry) - {"label", "description", "indicators", "threshold", "reference"})
        if unknown:
            raise InputError(f"{where}: unknown key(s) {', '.join(map(str, unknown))}")
        description = entry.get("description")
        if not isinstance(description, str) or not description.strip():
            raise InputError(f"{where}: needs a description (one sentence saying what the frame is)")
        indicators = entry.get("indicators")
        if not isinstance(indicators, list) or not indicators:
            raise InputError(f"{where}: indicators must be a non-empty list of words or phrases")
        for indicator in indicators:
            problem = indicator_problem(indicator)
            if problem:
                raise InputError(f"{where}: indicator {problem}")
        cleaned = [i.strip().lower() for i in indicators]
        repeated = sorted({i for i in cleaned if cleaned.count(i) > 1})
        if repeated:
            raise InputError(f"{where}: indicator listed twice: {', '.join(repeated)}")
        threshold = entry.get("threshold", default_threshold)
        if not isinstance(threshold, int) or isinstance(threshold, bool) or threshold < 1:
            raise InputError(f"{where}: threshold must be a whole number ≥ 1, not {threshold!r}")
        label = entry.get("label", key.replace("_", " ").capitalize())
        frames.append(
            Frame(key, str(label), description.strip(), tuple(cleaned), threshold, str(entry.get("reference", "")))
        )
    return tuple(frames)


def codebook_table(codebook: tuple[Frame, ...]) -> pd.DataFrame:
    """The codebook as a table: frame, label, description, threshold, indicators (joined by "; ")."""
    return pd.DataFrame(
        [
            {
                "frame": f.key,
                "label": f.label,
                "description": f.description,
                "threshold": f.threshold,
                "indicators": "; ".join(f.indicators),
                "reference": f.reference,
            }  # fmt: skip
            for f in codebook
        ]
    )


def _matcher(frame: Frame):
    combined = indicators_regex(frame.indicators)
    singles = [(i, re.compile(indicator_pattern(i))) for i in frame.indicators]
    resolved: dict[str, str] = {}

    def which(found: str) -> str:
        # The first indicator, in codebook order, that the matched text is an instance of.
        if found not in resolved:
            resolved[found] = next((i for i, single in singles if single.fullmatch(found)), found)
        return resolved[found]

    return combined, which


class _Scanner:
    """Finds every frame's indicators in many sentences with one pass of one regular expression.

    A single expression for the start of any indicator of any frame (:func:`starts_regex`) gives,
    over the lower-cased sentences of a partition joined into one text, every position where some
    indicator starts. At each such position each frame's own expression is tried on the few words
    that begin there (the first word only, unless an indicator of several words starts there;
    cached, since news text repeats itself), and a frame's matches within a sentence do not overlap
    — exactly what each frame's own expression finds when it scans the sentence by itself, at a
    fraction of the cost.
    """

    def __init__(self, codebook: tuple[Frame, ...]):
        self.codebook = codebook
        indicators = [i for frame in codebook for i in frame.indicators]
        longest = max(len(re.split(r"[\s\-]+", i)) for i in indicators)
        word = r"[\w'’.&]+"
        self.span = re.compile(word + r"(?:[\s\-]+" + word + "){0," + str(longest - 1) + "}")
        # Group 1: an indicator of several words starts here (else every match lies within the
        # first word); group 2: that first word.
        phrases = [i for i in indicators if len(re.split(r"[\s\-]+", i)) > 1]
        phrase = "(" + alternatives(phrases) + r"(?!\w))?" if phrases else "()?"
        self.starts = re.compile(starts_regex(indicators).pattern + "(?=" + phrase + ")(?=(" + word + "))")
        self.matchers = [_matcher(frame) for frame in codebook]
        self.cache: dict[str, tuple[tuple[int, int, str], ...]] = {}

    def frames_in(self, key: str) -> tuple[tuple[int, int, str], ...]:
        """(frame number, match length, indicator) of every frame whose expression matches at the start of ``key``."""
        found = []
        for number, (combined, which) in enumerate(self.matchers):
            match = combined.match(key)
            if match:
                found.append((number, match.end(), which(match.group(0))))
        if len(self.cache) > 500_000:  # the scanner lives on from one partition to the next
            self.cache.clear()
        found = self.cache[key] = tuple(found)
        return found

    def sentences(self, texts: pd.Series) -> Iterator[tuple[int, dict[int, list[str]]]]:
        """Each text with an indicator: (row number, {frame number: its distinct indicators in order of appearance}).

        ``texts`` are compared lower-cased; texts without an indicator are left out.
        """
        joined, starts = joined_lower(texts)
        starts = [*starts.tolist(), len(joined) + 1]
        cache, span = self.cache, self.span
        row, following, found, ends = -1, 0, {}, {}
        for match in self.starts.finditer(joined):
            position = match.end()
            if match.group(1) is None:
                key = match.group(2)
            else:  # the words an indicator may span, and the character after them
                key = joined[position : span.match(joined, position).end() + 1]
            if position >= following:  # the first indicator of another text
                if found:
                    yield row, found
                row = bisect.bisect_right(starts, position) - 1
                following, found, ends = starts[row + 1], {}, {}
            for number, length, indicator in cache.get(key) or self.frames_in(key):
                if position >= ends.get(number, 0):
                    ends[number] = position + length
                    distinct = found.setdefault(number, [])
                    if indicator not in distinct:
                        distinct.append(indicator)
        if found:
            yield row, found


@functools.lru_cache(maxsize=8)
def _scanner(codebook: tuple[Frame, ...]) -> _Scanner:
    """One scanner per codebook and process: partitions are small, and the scanner's expressions and
    its cache of what matched where are worth keeping from one partition to the next."""
    return _Scanner(codebook)


def score_sentences(sentences: pd.DataFrame, codebook: tuple[Frame, ...]) -> pd.DataFrame:
    """The frames each sentence carries, with the indicators that matched.

    Pure and partition-wise: run it on the sentences of some documents, concatenate the results.

    Args:
        sentences: the loader's sentences (doc_id, sentence_id, sentence, text).
        codebook: from :func:`load_codebook`.

    Returns:
        One row per sentence and frame it carries: doc_id, sentence_id, frame, indicators (the
        distinct indicators found, in order of first appearance, joined by "; "), matches (how many
        distinct indicators). Sentences that carry no frame have no row. Rows by frame in codebook
        order, then sentence order.
    """
    scanner = _scanner(tuple(codebook))
    rows: list[list[tuple]] = [[] for _ in codebook]
    thresholds = [frame.threshold for frame in codebook]
    keys = [frame.key for frame in codebook]
    doc_ids, sentence_ids = sentences["doc_id"].tolist(), sentences["sentence_id"].tolist()
    for row, found in scanner.sentences(sentences["text"]):
        for number, distinct in found.items():
            if len(distinct) >= thresholds[number]:
                rows[number].append((doc_ids[row], sentence_ids[row], keys[number], "; ".join(distinct), len(distinct)))
    table = pd.DataFrame(
        [row for block in rows for row in block], columns=["doc_id", "sentence_id", "frame", "indicators", "matches"]
    )
    table["matches"] = table["matches"].astype("int64")
    return table


def find_frames(sentences: pd.DataFrame, codebook: tuple[Frame, ...], engine: Engine | None = None) -> pd.DataFrame:
    """:func:`score_sentences` run partition by partition on ``engine`` (default: this machine); same rows."""
    parts = map_partitions(
        functools.partial(score_sentences, codebook=codebook),
        sentences[["doc_id", "sentence_id", "text"]], engine or Engine(), key="doc_id", desc="frames",
    )  # fmt: skip
    hits = pd.concat(parts, ignore_index=True)
    order = hits["frame"].map({frame.key: number for number, frame in enumerate(codebook)})
    return hits.iloc[np.argsort(order.to_numpy(), kind="stable")].reset_index(drop=True)


def frame_indicator_matrix(
    sentences: pd.DataFrame, groups: pd.DataFrame, hits: pd.DataFrame, codebook: tuple[Frame, ...]
) -> pd.DataFrame:
    """One row per sentence: doc_id, sentence_id, the group column, and a 0/1 column per frame key."""
    base = with_groups(sentences[["doc_id", "sentence_id"]], groups)
    keys = [f.key for f in codebook]
    if hits.empty:
        return base.assign(**{key: 0 for key in keys})
    rows = positions(base["sentence_id"], hits["sentence_id"])
    if rows is not None:
        # Sentence ids name their document, so one lookup places every hit; no wide pivot.
        frame_of_hit = pd.Index(keys).get_indexer(hits["frame"])
        columns = {}
        for number, key in enumerate(keys):
            column = np.zeros(len(base), dtype=np.int64)
            column[rows[(frame_of_hit == number) & (rows >= 0)]] = 1
            columns[key] = column
        return base.assign(**columns)
    wide = (
        hits.assign(carries=1)
        .pivot_table(index=["doc_id", "sentence_id"], columns="frame", values="carries", fill_value=0, aggfunc="max")
        .reindex(columns=keys, fill_value=0)
        .reset_index()
    )
    wide.columns.name = None
    merged = base.merge(wide, on=["doc_id", "sentence_id"], how="left")
    merged[keys] = merged[keys].fillna(0).astype("int64")
    return merged


def frame_shares(
    sentences: pd.DataFrame,
    groups: pd.DataFrame,
    hits: pd.DataFrame,
    codebook: tuple[Frame, ...],
    pairs: list[tuple[str, str]] | None = None,
    n_boot: int = 1000,
    random_state: int = 0,
) -> pd.DataFrame:
    """Share of each group's sentences that carry each frame, with 95% bootstrap intervals.

    Args:
        sentences: the loader's sentences.
        groups: doc_id and the group, from :func:`helpers.compare.doc_groups`.
        hits: from :func:`score_sentences`.
        codebook: the frames.
        pairs: ``(group, against)`` pairs from :func:`helpers.compare.check_comparison`; they set
            what ``rest_share`` is measured on. None or empty: no rest_share (one group only).
        n_boot: bootstrap replicates.
        random_state: seed.

    Returns:
        One row per group and frame: the group column (named as in ``groups``), frame, label,
        share (0–1), ci_low, ci_high (95% bootstrap interval, see
        :func:`helpers.bootstrap.bootstrap_means`), sentences (the group's
        sentences: the share's base), frame_sentences (those carrying the frame), docs, ci_unit
        ("document" or "sentence": what was resampled), against ("rest" or the reference group),
        rest_share (the share in what the group is compared with; empty without a comparison),
        frame_docs (the group's documents with a sentence carrying the frame), few_documents (true
        when the share rests on one or two documents: the group has no more, or the frame's
        sentences come from one or two of them). A group of one sentence has no interval.
        Sorted by group and codebook order.
    """
    keys = [f.key for f in codebook]
    labels = {f.key: f.label for f in codebook}
    name = group_column(groups)
    matrix = frame_indicator_matrix(sentences, groups, hits, codebook)
    if matrix.empty:
        return pd.DataFrame(columns=[name, *SHARE_COLUMNS])
    table = bootstrap_means(matrix, [name], keys, n_boot=n_boot, random_state=random_state)
    table = table.rename(columns={"variable": "frame", "estimate": "share"})
    table["frame_sentences"] = np.rint(table["share"] * table["sentences"]).astype("int64")
    table["label"] = table["frame"].map(labels)
    against = dict(pairs or [])
    table["against"] = table[name].map(against).fillna("")
    # The comparison's share from per-group sums: the rest is everything but the group itself.
    carrying = matrix.groupby(name)[keys].sum().stack().rename("carrying")
    sentences_per_group = matrix.groupby(name).size()
    totals = carrying.groupby(level=1).sum()
    rest = []
    for group, frame, other in zip(table[name], table["frame"], table["against"], strict=True):
        if not other:
            rest.append(np.nan)
        elif other == REST:
            base = len(matrix) - sentences_per_group[group]
            rest.append((totals[frame] - carrying[(group, frame)]) / base if base else np.nan)
        else:
            rest.append(carrying[(other, frame)] / sentences_per_group[other])
    table["rest_share"] = rest
    per_document = matrix.groupby([name, "doc_id"], sort=False)[keys].max().groupby(level=0).sum()
    table["frame_docs"] = (
        per_document.stack().reindex(pd.MultiIndex.from_arrays([table[name], table["frame"]])).to_numpy()
    )
    table["frame_docs"] = table["frame_docs"].astype("int64")
    table["few_documents"] = (table["docs"] <= FEW_DOCUMENTS) | table["frame_docs"].between(1, FEW_DOCUMENTS)
    for column in ("share", "ci_low", "ci_high", "rest_share"):
        table[column] = table[column].astype(float).round(4)
    table["order"] = table["frame"].map({key: n for n, key in enumerate(keys)})
    table = table.sort_values([name, "order"], ignore_index=True)
    return table[[name, *SHARE_COLUMNS]]


def frame_evidence(
    sentences: pd.DataFrame, groups: pd.DataFrame, hits: pd.DataFrame, per_cell: int = 0
) -> pd.DataFrame:
    """The sentences that carry each frame, per group, with the indicators that matched.

    Args:
        sentences: the loader's sentences.
        groups: doc_id and the group, from :func:`helpers.compare.doc_groups`.
        hits: from :func:`score_sentences`.
        per_cell: keep at most this many per group and frame, those with most indicators first
            (0 keeps all).

    Returns:
        the group column, frame, doc_id, sentence_id, matches, indicators, text, note (frame,
        indicators and sentence id, for quoting); sorted by group, frame, matches (most first), doc_id and sentence
        position.
    """
    name = group_column(groups)
    columns = [name, "frame", "doc_id", "sentence_id", "matches", "indicators", "text"]
    if hits.empty:
        return pd.DataFrame(columns=[*columns, "note"])
    placed = with_groups(_sentence_rows(hits, sentences), groups)
    # Sorted on integer ranks (no two hits share a group, frame, document and sentence, so no ties).
    frames = _rank(placed["frame"])
    cell = _rank(placed[name]) * (int(frames.max(initial=0)) + 1) + frames
    sentence = sentences["sentence"].to_numpy()[placed["row"].to_numpy()]
    order = np.lexsort((sentence, _rank(placed["doc_id"]), -placed["matches"].to_numpy(), cell))
    if per_cell:
        order = order[_place_in_run(cell[order]) < per_cell]
    # Only the chosen hits' texts are copied.
    chosen = placed.take(order).reset_index(drop=True)
    table = (
        hits.take(chosen["hit"])
        .reset_index(drop=True)
        .assign(**{name: chosen[name], "text": sentences["text"].take(chosen["row"]).reset_index(drop=True)})[columns]
    )
    table["note"] = [f"{f} · {i} · {s}" for f, i, s in zip(table["frame"], table["indicators"], table["sentence_id"])]
    return table


def _sentence_rows(hits: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """hit (row of ``hits``), row (of ``sentences``), doc_id, frame and matches of each hit whose sentence
    is in ``sentences``, in the order of ``hits`` (see :func:`helpers.compare.sentence_pairs`)."""
    hit, rows = sentence_pairs(hits, sentences)
    chosen = hits[["doc_id", "frame", "matches"]].take(hit).reset_index(drop=True)
    return chosen.assign(hit=hit, row=rows)


def _rank(values: pd.Series) -> np.ndarray:
    """Each value's place among the distinct values in sorted order (equal values, equal ranks)."""
    return pd.factorize(values, sort=True)[0]


def _place_in_run(sorted_codes: np.ndarray) -> np.ndarray:
    """0, 1, 2 … within each run of equal codes of a sorted array."""
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    return np.arange(len(sorted_codes)) - np.repeat(starts, np.diff(np.r_[starts, len(sorted_codes)]))


def contrast_evidence(
    evidence: pd.DataFrame, contrasts: pd.DataFrame, per_contrast: int = 2, group_by: str = "source"
) -> pd.DataFrame:
    """Evidence sentences for the listed (group, frame) contrasts, in the contrasts' order.

    Args:
        evidence: from :func:`frame_evidence`.
        contrasts: rows with the group and frame, e.g. from :func:`helpers.framing.summary.frame_contrasts`.
        per_contrast: sentences per contrast.
        group_by: the group column.

    Returns:
        The chosen rows of ``evidence``.
    """
    if contrasts.empty or evidence.empty:
        return evidence.iloc[0:0]
    order = contrasts[[group_by, "frame"]].drop_duplicates().reset_index(drop=True).reset_index(names="rank")
    chosen = evidence.merge(order, on=[group_by, "frame"]).sort_values("rank", kind="stable")
    return chosen.groupby("rank", sort=True).head(per_contrast).drop(columns="rank").reset_index(drop=True)


def plot_frame_shares(shares: pd.DataFrame, title: str = "", group_by: str = "source") -> Figure:
    """Heatmap of frame shares, groups × frames, each cell annotated with share and 95% interval.

    A share that rests on one or two documents (``few_documents``) is marked with an asterisk, and
    a group of one sentence says "no interval"; a line under the chart explains the marks.
    """
    from matplotlib.figure import Figure

    if shares.empty:
        return empty_figure("No sentences to score")
    frames = list(dict.fromkeys(shares["frame"]))
    labels = shares.drop_duplicates("frame").set_index("frame")["label"].reindex(frames)
    groups = sorted(shares[group_by].unique())
    values = shares.pivot(index=group_by, columns="frame", values="share").reindex(index=groups, columns=frames)
    low = shares.pivot(index=group_by, columns="frame", values="ci_low").reindex(index=groups, columns=frames)
    high = shares.pivot(index=group_by, columns="frame", values="ci_high").reindex(index=groups, columns=frames)
    flagged = shares.assign(few=shares["few_documents"].astype(bool) if "few_documents" in shares else False)
    few = flagged.pivot(index=group_by, columns="frame", values="few").reindex(index=groups, columns=frames)
    few = few.fillna(False).astype(bool).to_numpy()
    figure = Figure(figsize=(1.05 * len(frames) + 3.2, 0.62 * len(groups) + 2.2))
    axes = figure.subplots()
    image = axes.imshow(values.to_numpy(dtype=float), cmap="Blues", vmin=0, vmax=max(0.05, float(values.max().max())))
    top = float(values.max().max()) or 1.0
    for row in range(len(groups)):
        for column in range(len(frames)):
            share = values.iat[row, column]
            mark = FEW_MARK if few[row, column] else ""
            interval = (
                "no interval"
                if pd.isna(low.iat[row, column])
                else f"{100 * low.iat[row, column]:.0f}–{100 * high.iat[row, column]:.0f}"
            )
            text = f"{100 * share:.0f}%{mark}\n{interval}"
            axes.text(
                column, row, text, ha="center", va="center", fontsize=7,
                color="white" if share > 0.6 * top else "#222",
            )  # fmt: skip
    axes.set_xticks(
        range(len(frames)), [tick_label(label, 20) for label in labels], rotation=40, ha="right", fontsize=8
    )
    axes.set_yticks(range(len(groups)), [tick_label(group, 30) for group in groups], fontsize=8)
    colorbar = figure.colorbar(image, ax=axes, fraction=0.03, pad=0.02)
    colorbar.set_label("share of sentences", fontsize=8)
    axes.set_title(title or "Share of sentences carrying each frame (95% interval below)", fontsize=10)
    figure.tight_layout()
    notes = [FEW_LEGEND] if few.any() else []
    if low.isna().to_numpy().any() and values.notna().to_numpy().any():
        notes.append("no interval: the group has one sentence")
    if notes:
        legend_line(figure, "; ".join(notes))
    return figure
