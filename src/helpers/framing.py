"""What the framing comparison shares: which group each document is in, who is compared with whom,
bootstrap intervals, and the paragraph that names the strongest contrasts.

The comparison contract is the same everywhere in the suite: a focus group against the rest of the
corpus, or against one named reference group. A group is a value of a document column
(``source`` by default; ``kind``, ``country``, or any column the corpus keeps, such as ``bias``).
"""

from __future__ import annotations

import importlib.util
import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.errors import InputError

NOT_GIVEN = "(not given)"
REST = "rest"
# Columns that identify or hold the text of a document, never a grouping.
_NOT_GROUPS = {"doc_id", "text", "title", "url", "dateline", "words", "raw_chars", "date", "author"}
# Fewer documents than this in a group and the bootstrap resamples sentences instead (see bootstrap_means).
MIN_DOCS_FOR_DOCUMENT_BOOTSTRAP = 5


@dataclass(frozen=True)
class Comparison:
    """Who is compared with whom.

    Attributes:
        group_by: the document column that defines the groups (source, kind, country, bias …).
        focus: compare only this group (empty: every group, each against the rest).
        reference: compare against this group only (empty: against all other groups together).
    """

    group_by: str = "source"
    focus: str = ""
    reference: str = ""


def doc_groups(docs: pd.DataFrame, group_by: str = "source") -> pd.DataFrame:
    """The group of every document.

    Args:
        docs: the loader's ``docs`` table.
        group_by: the column to group by; empty values become "(not given)".

    Returns:
        doc_id, source (the group: named ``source`` whatever the grouping column is), one row per document.

    Raises:
        InputError: ``group_by`` is not a column that can group documents.
    """
    usable = [c for c in docs.columns if c not in _NOT_GROUPS]
    if group_by not in usable:
        raise InputError(
            f"group_by: {group_by!r} is not a document column to group by; use one of {', '.join(usable)} "
            "(other corpus columns can be kept with corpus.keep, e.g. keep: [bias])"
        )
    values = docs[group_by].fillna("").astype(str).str.strip().replace("", NOT_GIVEN)
    return pd.DataFrame({"doc_id": docs["doc_id"].to_numpy(), "source": values.to_numpy()})


def check_comparison(groups: pd.DataFrame, comparison: Comparison) -> list[tuple[str, str]]:
    """The pairs to compare, ``(group, against)`` where ``against`` is a group name or "rest".

    Args:
        groups: from :func:`doc_groups`.
        comparison: the :class:`Comparison` asked for.

    Returns:
        The pairs in name order; an empty list when there is only one group (nothing to compare).

    Raises:
        InputError: the focus or reference group does not exist, a reference is given without a
            focus, or both name the same group. The message lists the groups there are.
    """
    available = sorted(groups["source"].unique())
    listing = ", ".join(repr(name) for name in available[:30]) + (" …" if len(available) > 30 else "")
    for role, name in (("focus", comparison.focus), ("reference", comparison.reference)):
        if name and name not in available:
            raise InputError(
                f"{role}: no {comparison.group_by} called {name!r}; the {comparison.group_by} values are {listing}"
            )
    if comparison.reference and not comparison.focus:
        raise InputError("reference: set focus too; a reference is what the focus group is compared with")
    if comparison.focus and comparison.focus == comparison.reference:
        raise InputError(f"focus and reference are both {comparison.focus!r}; choose two different groups")
    if len(available) < 2:
        return []
    if comparison.focus:
        return [(comparison.focus, comparison.reference or REST)]
    return [(name, REST) for name in available]


def comparison_problem(groups: pd.DataFrame, comparison: Comparison) -> str:
    """A sentence for the report when there is nothing to compare, else an empty string."""
    values = groups["source"].unique()
    if len(values) >= 2:
        return ""
    only = values[0] if len(values) else "(none)"
    return (
        f"Every document has the same {comparison.group_by} ({only}), so there is nothing to compare it with: "
        f"distinctive terms and contrasts need at least two groups. Choose another group_by, or a corpus "
        f"with more than one {comparison.group_by}. Frame shares and tone below describe this one group only."
    )


def group_sizes(docs: pd.DataFrame, sentences: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """How much text stands behind each group.

    Returns:
        source (the group), docs, sentences, words; largest first (by documents, then words).
    """
    words = docs[["doc_id", "words"]].merge(groups, on="doc_id")
    table = words.groupby("source").agg(docs=("doc_id", "size"), words=("words", "sum"))
    counted = sentences[["doc_id"]].merge(groups, on="doc_id").groupby("source").size().rename("sentences")
    table = table.join(counted).fillna({"sentences": 0}).reset_index()
    table["sentences"] = table["sentences"].astype("int64")
    table = table[["source", "docs", "sentences", "words"]]
    return table.sort_values(["docs", "words", "source"], ascending=[False, False, True], ignore_index=True)


def frame_contrasts(frames: pd.DataFrame) -> pd.DataFrame:
    """Frame shares whose 95% interval leaves out the share in what they are compared with.

    Intervals of zero width (a frame found in none, or all, of a group's sentences) are left out:
    they say the resampled sentences never varied, not that the difference is certain.
    The comparison's share is taken as fixed, and nothing corrects for looking at many frames and
    groups at once: a contrast points to evidence worth reading, it is not a significance test.

    Args:
        frames: from :func:`helpers.frames.frame_shares`.

    Returns:
        Those rows of ``frames`` plus gap (share − rest_share), largest absolute gap first.
    """
    # An interval of zero width (a frame in none or all of a few sentences) cannot show a difference.
    compared = frames.dropna(subset=["rest_share"])
    compared = compared[compared["ci_high"] > compared["ci_low"]]
    outside = compared[(compared["rest_share"] < compared["ci_low"]) | (compared["rest_share"] > compared["ci_high"])]
    ranked = outside.assign(
        gap=(outside["share"] - outside["rest_share"]).round(4), size=outside["share"].sub(outside["rest_share"]).abs()
    )
    ranked = ranked.sort_values(["size", "source", "frame"], ascending=[False, True, True])
    return ranked.drop(columns="size").reset_index(drop=True)


def actors_available() -> bool:
    """Whether the actor module (gazetteer and mention finder) is installed with this version."""
    return importlib.util.find_spec("helpers.actors") is not None


def _seed(random_state: int, key: str) -> np.random.Generator:
    # Seeding per group from its name keeps a group's interval unchanged when other groups are added.
    return np.random.default_rng([int(random_state), zlib.crc32(key.encode("utf-8"))])


def bootstrap_means(
    rows: pd.DataFrame,
    keys: list[str],
    values: list[str],
    n_boot: int = 1000,
    random_state: int = 0,
    min_docs: int = MIN_DOCS_FOR_DOCUMENT_BOOTSTRAP,
) -> pd.DataFrame:
    """Means of sentence-level values per group, with 95% percentile bootstrap intervals.

    Within each group the bootstrap resamples whole documents (the sentences of one article are not
    independent), when the group has at least ``min_docs`` documents. With fewer documents it resamples
    sentences instead and says so in ``ci_unit``: such an interval only reflects how the sentences of
    these few documents vary and is too narrow for the outlet as a whole.

    Args:
        rows: one row per sentence: the ``keys`` columns, ``doc_id``, and the numeric ``values`` columns.
        keys: the columns that define a group (e.g. ``["source"]`` or ``["source", "actor"]``).
        values: the columns to average (0/1 columns give shares).
        n_boot: bootstrap replicates.
        random_state: seed; each group's generator is derived from it and the group's name.
        min_docs: fewest documents for which documents are resampled.

    Returns:
        The ``keys`` columns, variable, estimate, ci_low, ci_high, sentences, docs, ci_unit
        ("document" or "sentence"); sorted by keys and variable.
    """
    out: list[dict] = []
    if rows.empty:
        return pd.DataFrame(
            columns=[*keys, "variable", "estimate", "ci_low", "ci_high", "sentences", "docs", "ci_unit"]
        )
    for key, group in rows.groupby(keys, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        matrix = group[values].to_numpy(dtype=float)
        estimate = matrix.mean(axis=0)
        docs = group["doc_id"].to_numpy()
        rng = _seed(random_state, "\x1f".join(map(str, key)))
        doc_index, doc_codes = pd.factorize(docs, sort=True)  # as np.unique, without sorting every row
        if len(doc_codes) >= min_docs:
            sums = np.column_stack(
                [np.bincount(doc_index, weights=matrix[:, n], minlength=len(doc_codes)) for n in range(len(values))]
            ).reshape(len(doc_codes), len(values))
            counts = np.bincount(doc_index, minlength=len(doc_codes)).astype(float)
            unit = "document"
        else:
            sums, counts, unit = matrix, np.ones(len(matrix)), "sentence"
        weights = rng.multinomial(len(counts), np.full(len(counts), 1.0 / len(counts)), size=n_boot).astype(float)
        replicates = (weights @ sums) / (weights @ counts)[:, None]
        low, high = np.percentile(replicates, [2.5, 97.5], axis=0)
        for column, point, lo, hi in zip(values, estimate, low, high, strict=False):
            out.append(
                {
                    **dict(zip(keys, key, strict=False)),
                    "variable": column,
                    "estimate": point,
                    "ci_low": lo,
                    "ci_high": hi,
                    "sentences": len(group),
                    "docs": len(doc_codes),
                    "ci_unit": unit,
                }
            )
    return pd.DataFrame(out)


def _percent(value: float, decimals: int = 0) -> str:
    return f"{100 * value:.{decimals}f}%"


def contrast_summary(
    frames: pd.DataFrame,
    terms: pd.DataFrame,
    tone: pd.DataFrame,
    max_contrasts: int = 3,
    group_label: str = "source",
) -> str:
    """A short paragraph naming the strongest contrasts, with their numbers.

    A frame contrast is reported only when the rest's share lies outside the group's 95% interval;
    contrasts are ranked by the size of the difference.

    Args:
        frames: from :func:`helpers.frames.frame_shares` (source, frame, label, share, ci_low,
            ci_high, rest_share, against, sentences …).
        terms: from :func:`helpers.terms.distinctive_terms`.
        tone: from :func:`helpers.tone.source_tone`.
        max_contrasts: frame contrasts named at most.
        group_label: what a group is called in the text (source, bias group …).

    Returns:
        Plain text (escape it before showing it as HTML).
    """
    parts: list[str] = []
    compared = frames.dropna(subset=["rest_share"]) if "rest_share" in frames else frames.iloc[0:0]
    if compared.empty:
        return (
            f"There is only one {group_label} here, so there are no contrasts to report; the numbers above "
            f"describe that {group_label} alone."
        )
    ranked = frame_contrasts(compared)
    sentences = []
    for row in ranked.head(max_contrasts).itertuples():
        against = "the rest" if row.against == REST else row.against
        digits = 1 if row.ci_high - row.ci_low < 0.04 else 0
        sentences.append(
            # A decimal where whole percentages would hide the interval (large corpora).
            f"{row.source} uses the {row.label.lower()} frame in {_percent(row.share, digits)} of its sentences "
            f"(CI {_percent(row.ci_low, digits).rstrip('%')}–{_percent(row.ci_high, digits)}, "
            f"{row.sentences:,} sentences), against {_percent(row.rest_share, digits)} in {against}"
        )
    if sentences:
        parts.append("Strongest frame contrasts: " + "; ".join(sentences) + ".")
    else:
        parts.append(
            f"No {group_label}'s share of any frame differs from the rest by more than its 95% interval; "
            "the frame differences in the chart may be chance."
        )
    if not terms.empty:
        from helpers.terms import top_terms  # a local import: helpers.terms imports this module

        leading = top_terms(terms, 3)
        leading = leading[leading["side"] == "source"]
        named = []
        for source, block in leading.groupby("source", sort=True):
            listed = ", ".join(f"“{t}” (z = {z:.1f})" for t, z in zip(block["term"], block["z"], strict=False))
            named.append(f"{source}: {listed}")
        if named:
            parts.append("Most distinctive words, against the rest: " + "; ".join(named) + ".")
    if len(tone) >= 2:
        ordered = tone.sort_values(["tone", "source"], ascending=[False, True])
        top, bottom = ordered.iloc[0], ordered.iloc[-1]
        separated = top["ci_low"] > bottom["ci_high"]
        parts.append(
            f"Tone (mean VADER compound, −1 to 1) is highest in {top['source']} ({top['tone']:.2f}, CI "
            f"{top['ci_low']:.2f} to {top['ci_high']:.2f}) and lowest in {bottom['source']} ({bottom['tone']:.2f}, "
            f"CI {bottom['ci_low']:.2f} to {bottom['ci_high']:.2f})"
            + ("." if separated else "; their intervals overlap, so the difference may be chance.")
        )
    return " ".join(parts)


def validate_parameters(parameters: dict, corpus) -> None:
    """Reject framing-notebook parameters that cannot work on this corpus, before any notebook runs.

    The runner calls this with the notebook's defaults updated by the configuration.

    Args:
        parameters: the framing notebook's parameters (group_by, focus, reference, min_count …).
        corpus: the loaded :class:`helpers.corpus.Corpus`.

    Raises:
        InputError: a grouping column the corpus lacks, an unknown focus or reference group, a
            codebook, label list or gazetteer that cannot be read, or a number out of range.
    """
    from helpers import frames, labels, terms  # local imports: those modules import this one

    comparison = Comparison(
        group_by=str(parameters.get("group_by", "source")),
        focus=str(parameters.get("focus", "")),
        reference=str(parameters.get("reference", "")),
    )
    check_comparison(doc_groups(corpus.docs, comparison.group_by), comparison)
    terms.TermOptions(
        min_count=int(parameters.get("min_count", 3)), prior_scale=float(parameters.get("prior_scale", 500.0))
    ).validate()
    for name, lowest in (
        ("top_n", 1),
        ("max_groups", 1),
        ("max_tone_sentences", 1),
        ("n_boot", 1),
        ("quotes", 0),
        ("evidence_rows", 0),
    ):
        if name in parameters and int(parameters[name]) < lowest:
            raise InputError(f"{name}: {parameters[name]} must be at least {lowest}")
    frames.load_codebook(str(parameters.get("frames_file", "")))
    labels.load_labels(str(parameters.get("labels_file", "")))
    if actors_available():
        from helpers import actors

        actors.load_gazetteer(str(parameters.get("gazetteer", "")), str(parameters.get("gazetteer_mode", "merge")))
        if "actor_types" in parameters:
            actors.check_types(parameters["actor_types"])
