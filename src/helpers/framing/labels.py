"""Labels: how each group names the same place, person, event or relationship.

A label list is a YAML file (default ``resources/labels.yml``)::

    concepts:
      kashmir:
        description: How the disputed region is named.
        variants:
          Indian-occupied Kashmir: [Indian-occupied Kashmir, IIOJK]
          Kashmir, no qualifier: [Kashmir]

Spellings use the frame codebook's syntax (:mod:`helpers.framing.indicators`). Within a
concept the longest spelling at a place in the text wins, so "Indian-occupied Kashmir" counts for
its own variant and not also for "Kashmir, no qualifier".

``context`` (for a concept, or for one variant written as ``{spellings: […], context: […]}``)
lists words one of which the sentence must also contain: "standoff" names the India–Pakistan
standoff only in a sentence that names India, Pakistan or Kashmir.

The default list (``resources/labels.yml``) holds contested names common to news of many stories;
a story's own names go in a list of its own (``config/labels/us_pakistan.yml`` for the seed).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from helpers.charts import empty_figure, tick_label
from helpers.compare import group_column
from helpers.engine import Engine, map_partitions
from helpers.errors import InputError
from helpers.framing.indicators import (
    SEPARATOR,
    indicator_pattern,
    indicator_problem,
    indicators_regex,
    may_contain,
    starts_regex,
)
from helpers.paths import RESOURCES_DIR, resolve
from helpers.yamlfile import read_yaml

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DEFAULT_LABELS = RESOURCES_DIR / "labels.yml"
# From this many texts on, a quick pass in C++ (its set-up costs a few milliseconds) picks the texts
# the regular expression reads; for fewer, the regular expression reads them all.
QUICK_PASS_TEXTS = 20_000
# The columns of count_labels; the group column (source, bias …) comes third, after variant.
COUNT_COLUMNS = ["concept", "variant", "mentions", "docs", "concept_mentions", "variant_share"]


@dataclass(frozen=True)
class Concept:
    """One concept and its label variants (variant name → spellings), and the context words each
    variant needs in its sentence (variant name → words; a variant not listed needs none)."""

    key: str
    description: str
    variants: tuple[tuple[str, tuple[str, ...]], ...]
    context: tuple[tuple[str, tuple[str, ...]], ...] = ()


def load_labels(path: str | Path = "") -> tuple[Concept, ...]:
    """Read and check a label-variant list.

    Args:
        path: the YAML file; empty for the list shipped with the package.

    Returns:
        The concepts, in the file's order.

    Raises:
        InputError: the file is missing, not YAML, or an entry is malformed (names file and entry).
    """
    file = resolve(path) if path else DEFAULT_LABELS
    data = read_yaml(file, "label list (leave labels_file empty for the built-in one):")
    if not isinstance(data, dict) or not isinstance(data.get("concepts"), dict) or not data["concepts"]:
        raise InputError(f"{file}: expected a mapping with a non-empty 'concepts' mapping (concept → entry)")
    concepts = []
    for key, entry in data["concepts"].items():
        where = f"{file}: concepts.{key}"
        if not isinstance(entry, dict) or not isinstance(entry.get("variants"), dict) or not entry["variants"]:
            raise InputError(
                f"{where}: expected a description and a non-empty 'variants' mapping (variant → spellings)"
            )
        shared = _words(entry.get("context", []), f"{where}.context") if "context" in entry else ()
        variants, context = [], []
        for name, spellings in entry["variants"].items():
            words = shared
            if isinstance(spellings, dict):
                unknown = sorted(set(spellings) - {"spellings", "context"})
                if unknown or "spellings" not in spellings:
                    raise InputError(
                        f"{where}.variants.{name}: a variant written as a mapping takes 'spellings' and "
                        f"optionally 'context'{f', not {unknown[0]!r}' if unknown else ''}"
                    )
                if "context" in spellings:
                    words = _words(spellings["context"], f"{where}.variants.{name}.context")
                spellings = spellings["spellings"]
            if isinstance(spellings, str):
                spellings = [spellings]
            if not isinstance(spellings, list) or not spellings:
                raise InputError(f"{where}.variants.{name}: expected a list of spellings")
            for spelling in spellings:
                problem = indicator_problem(spelling)
                if problem:
                    raise InputError(f"{where}.variants.{name}: spelling {problem}")
            variants.append((str(name), tuple(str(s).strip() for s in spellings)))
            if words:
                context.append((str(name), words))
        concepts.append(Concept(str(key), str(entry.get("description", "")), tuple(variants), tuple(context)))
    return tuple(concepts)


def _words(value, where: str) -> tuple[str, ...]:
    """A list of context words, checked like spellings."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise InputError(f"{where}: expected a list of words, e.g. [india*, pakistan*]")
    for word in value:
        problem = indicator_problem(word)
        if problem:
            raise InputError(f"{where}: word {problem}")
    return tuple(str(word).strip() for word in value)


def naming(texts: pd.Series, spellings: list[str]) -> np.ndarray:
    """Which texts contain any of ``spellings``, ignoring case (as :func:`helpers.framing.indicators.indicators_regex`).

    Returns:
        A boolean array, one value per text: True where the lower-cased text contains a spelling.
    """
    lowered = texts.fillna("").astype(str).str.lower()
    pattern = indicators_regex(spellings)
    if len(lowered) < QUICK_PASS_TEXTS:
        return np.array([pattern.search(text) is not None for text in lowered.tolist()], dtype=bool)
    found = np.zeros(len(lowered), dtype=bool)
    # Only texts with the plain part of some spelling can contain it: the regular expression reads those.
    candidates = np.flatnonzero(may_contain(lowered, spellings))
    found[candidates] = [pattern.search(text) is not None for text in lowered.iloc[candidates].tolist()]
    return found


@functools.lru_cache(maxsize=16)
def _concept_patterns(concepts: tuple[Concept, ...]) -> list[tuple[str, list, re.Pattern, re.Pattern, dict]]:
    """Per concept: key, (variant, spelling) longest first, the expression naming the variant, the quick
    one finding where a spelling starts, and the expression of each variant's context words (variant →
    pattern; absent: no context needed)."""
    patterns = []
    for concept in concepts:
        spellings = [(variant, s) for variant, listed in concept.variants for s in listed]
        spellings.sort(key=lambda pair: len(pair[1]), reverse=True)
        combined = re.compile(
            "|".join(f"(?P<v{n}>{indicator_pattern(s)})" for n, (_, s) in enumerate(spellings)), re.IGNORECASE
        )
        context = {variant: indicators_regex(list(words)) for variant, words in concept.context}
        patterns.append((concept.key, spellings, combined, starts_regex([s for _, s in spellings]), context))
    return patterns


def find_labels(
    sentences: pd.DataFrame, groups: pd.DataFrame, concepts: tuple[Concept, ...], engine: Engine | None = None
) -> pd.DataFrame:
    """Every place a label variant occurs.

    Args:
        sentences: the loader's sentences (doc_id, sentence_id, sentence, text).
        groups: doc_id and the group, from :func:`helpers.compare.doc_groups`.
        concepts: from :func:`load_labels`.
        engine: run partition by partition on this engine; None: here, in one piece.

    Returns:
        One row per occurrence: the group column, concept, variant, doc_id, sentence_id, matched
        (the text as written), text (the sentence), note (for quoting); sorted by concept, variant,
        group, doc_id, sentence position.
    """
    name = group_column(groups)
    columns = [name, "concept", "variant", "doc_id", "sentence_id", "matched", "text"]
    if engine is not None:
        found = map_partitions(
            functools.partial(find_labels, groups=groups, concepts=concepts),
            sentences[["doc_id", "sentence_id", "sentence", "text"]], engine, key="doc_id", desc="labels",
        )  # fmt: skip
        table = pd.concat(found, ignore_index=True)
        # Partitions follow the corpus order, so a stable sort keeps each document's sentence order.
        table = table.sort_values(["concept", "variant", name, "doc_id"], kind="stable", ignore_index=True)
        return table if len(table) else pd.DataFrame(columns=[*columns, "note"])
    # One pass over the text of every sentence for any spelling of any concept; the per-concept work
    # below then reads only the few sentences that name something.
    named = sentences[["doc_id", "sentence_id", "sentence", "text"]]
    named = named[naming(named["text"], [s for concept in concepts for _, listed in concept.variants for s in listed])]
    # The groups of these documents only: the same rows as merging with every group, at a fraction of the cost.
    labelled = named.merge(groups[groups["doc_id"].isin(named["doc_id"].unique())], on="doc_id", how="inner")
    if labelled.empty:
        return pd.DataFrame(columns=[*columns, "note"])
    texts = labelled["text"].fillna("").astype(str).tolist()
    lowered = [text.lower() for text in texts]
    lengths = [len(text) for text in lowered]
    values = {column: labelled[column].tolist() for column in (name, "doc_id", "sentence_id", "sentence")}
    # The lower-cased texts in one string, each after a separator no spelling can match, so that one
    # scan per concept finds every match and each match lies inside one text.
    starts = np.cumsum(np.array(lengths, dtype=np.int64) + 1) - np.array(lengths, dtype=np.int64)
    starts = starts.tolist()
    joined = SEPARATOR + SEPARATOR.join(lowered)
    rows = []
    for concept, spellings, combined, places, context in _concept_patterns(tuple(concepts)):
        following = 0
        # A quick scan for the places where some spelling starts (see starts_regex); at each, the
        # longest spelling that matches there names the variant, and the next match starts after it.
        for place in places.finditer(joined):
            if place.end() < following:
                continue
            match = combined.match(joined, place.end())
            if match is None:
                continue
            following = match.end()
            k = bisect.bisect_right(starts, match.start()) - 1
            variant = spellings[int(match.lastgroup[1:])][0]
            if variant in context and context[variant].search(lowered[k]) is None:
                continue  # a common word, outside the sense the list means
            begin, end = match.start() - starts[k], match.end() - starts[k]
            # the words as written: the same place in the text, unless lower-casing changed its length
            matched = texts[k][begin:end] if len(texts[k]) == lengths[k] else match.group(0)
            rows.append(
                {
                    name: values[name][k],
                    "concept": concept,
                    "variant": variant,
                    "doc_id": values["doc_id"][k],
                    "sentence_id": values["sentence_id"][k],
                    "matched": matched,
                    "text": texts[k],
                    "_order": values["sentence"][k],
                }  # fmt: skip
            )
    if not rows:
        return pd.DataFrame(columns=[*columns, "note"])
    table = pd.DataFrame(rows).sort_values(["concept", "variant", name, "doc_id", "_order"], kind="stable")
    table = table[columns].reset_index(drop=True)
    table["note"] = [
        f"{c}: {v} · “{m}” · {s}"
        for c, v, m, s in zip(table["concept"], table["variant"], table["matched"], table["sentence_id"])
    ]
    return table


def count_labels(found: pd.DataFrame, concepts: tuple[Concept, ...], groups: pd.DataFrame) -> pd.DataFrame:
    """How often each group uses each variant of each concept.

    Args:
        found: from :func:`find_labels`.
        concepts: the label list (sets the row order and includes variants nobody used).
        groups: doc_id and the group, so every group gets a row for every variant.

    Returns:
        concept, variant, the group column, mentions, docs (documents using it), concept_mentions (the group's
        mentions of any variant of the concept), variant_share (mentions / concept_mentions; empty
        when the group never names the concept). Sorted by concept and variant in the list's order,
        then group.
    """
    name = group_column(groups)
    names = sorted(groups[name].unique())
    grid = pd.DataFrame(
        [(c.key, v, g) for c in concepts for v, _ in c.variants for g in names],
        columns=["concept", "variant", name],
    )
    if found.empty:
        counts = grid.assign(mentions=0, docs=0)
    else:
        summary = (
            found.groupby(["concept", "variant", name])
            .agg(mentions=("doc_id", "size"), docs=("doc_id", "nunique"))
            .reset_index()
        )
        counts = grid.merge(summary, on=["concept", "variant", name], how="left").fillna({"mentions": 0, "docs": 0})
    counts[["mentions", "docs"]] = counts[["mentions", "docs"]].astype("int64")
    counts["concept_mentions"] = counts.groupby(["concept", name])["mentions"].transform("sum")
    share = counts["mentions"] / counts["concept_mentions"].replace(0, np.nan)
    counts["variant_share"] = share.round(4)
    return counts[[*COUNT_COLUMNS[:2], name, *COUNT_COLUMNS[2:]]]


def distinctive_variants(counts: pd.DataFrame, group_by: str = "source") -> pd.DataFrame:
    """Variants only one group uses, of concepts that at least two groups name.

    Args:
        counts: from :func:`count_labels`.
        group_by: its group column.

    Returns:
        concept, variant, the group column (the one group using it), mentions; in the list's order.
    """
    used = counts[counts["mentions"] > 0]
    namers = used.groupby("concept")[group_by].nunique()
    users = used.groupby(["concept", "variant"])[group_by].transform("nunique")
    chosen = used[(users == 1) & used["concept"].map(namers).ge(2)]
    return chosen[["concept", "variant", group_by, "mentions"]].reset_index(drop=True)


def plot_labels(counts: pd.DataFrame, title: str = "", group_by: str = "source") -> Figure:
    """Mentions of each variant per group: one row per concept and variant, one column per group."""
    from matplotlib.figure import Figure

    used = counts[counts.groupby(["concept", "variant"])["mentions"].transform("sum") > 0]
    if used.empty:
        return empty_figure("None of the listed labels occurs")
    rows = list(dict.fromkeys(zip(used["concept"], used["variant"], strict=False)))
    sources = sorted(used[group_by].unique())
    wide = used.pivot_table(index=["concept", "variant"], columns=group_by, values="mentions", aggfunc="sum")
    wide = wide.reindex(index=pd.MultiIndex.from_tuples(rows), columns=sources).fillna(0)
    figure = Figure(figsize=(2.6 + 1.1 * len(sources), 1.4 + 0.3 * len(rows)))
    axes = figure.subplots()
    values = wide.to_numpy(dtype=float)
    axes.imshow(values > 0, cmap="Blues", vmin=0, vmax=1.6, aspect="auto")
    for r in range(len(rows)):
        for c in range(len(sources)):
            if values[r, c]:
                axes.text(c, r, f"{values[r, c]:.0f}", ha="center", va="center", fontsize=7)
    axes.set_yticks(range(len(rows)), [f"{concept}: {variant}" for concept, variant in rows], fontsize=7)
    axes.set_xticks(
        range(len(sources)), [tick_label(source) for source in sources], rotation=35, ha="right", fontsize=7
    )
    for boundary in [n for n in range(1, len(rows)) if rows[n][0] != rows[n - 1][0]]:
        axes.axhline(boundary - 0.5, color="#888", linewidth=0.8)
    axes.set_title(title or "How each group names the same thing (mentions)", fontsize=10)
    figure.tight_layout()
    return figure
