"""The comparison inside stories: how groups tell the same events, not which events they pick.

Over a whole corpus, a group's distinctive words and frame shares mix two things: which stories
it chose to cover, and how it told them. With a table saying which story every document belongs
to (the stories stage's ``stories``), the comparison can be made inside each story both sides
covered, and only then pooled:

- **Terms, stratified by story.** In every story where the group and its comparison both have
  documents, the log-odds ratio with the informative Dirichlet prior
  (:func:`helpers.compare.log_odds`) is computed for each term either side uses there; the
  stories' estimates are pooled with inverse-variance weights (a fixed-effect meta-analysis):
  δ = Σ δ_s / v_s ÷ Σ 1 / v_s, with z = δ × √(Σ 1 / v_s). The prior is the term's frequency in
  all the stories compared. A term a group uses only in stories the others did not cover no longer
  counts.
- **Frames, averaged within stories.** A group's share of sentences carrying a frame is taken in
  each story both sides covered and averaged over those stories (each story weighs the same);
  so is the rest's. The 95% interval resamples stories.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.bootstrap import generator, percentile_interval, replicate_means
from helpers.compare import REST, group_column, log_odds, with_groups
from helpers.engine import Engine, one_blas_thread
from helpers.framing.codebook import Frame, frame_indicator_matrix
from helpers.framing.distinctive import GROUP_SIDE, DistinctiveSettings, DocumentTerms, counted_terms

SEPARATOR = "\x1f"
TERM_COLUMNS = ["against", "term", "ngram", "count", "rest_count", "stories", "delta", "z"]
SHARE_COLUMNS = ["frame", "label", "share", "ci_low", "ci_high", "rest_share", "stories", "sentences"]


def shared_stories_of(stories: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """doc_id, story and group of every document in a story that two groups or more covered."""
    name = group_column(groups)
    placed = stories[["doc_id", "story"]].merge(groups, on="doc_id")
    covering = placed.groupby("story")[name].nunique()
    return placed[placed["story"].map(covering) >= 2].reset_index(drop=True)


def _strata(placed: pd.DataFrame, name: str, group: str, against: str) -> np.ndarray:
    """The stories in which ``group`` and what it is compared with both have documents."""
    has_group = set(placed.loc[placed[name] == group, "story"])
    others = placed[name] != group if against == REST else placed[name] == against
    return np.array(sorted(has_group & set(placed.loc[others, "story"])))


def stratified_terms(
    docs: pd.DataFrame | DocumentTerms,
    groups: pd.DataFrame,
    stories: pd.DataFrame,
    pairs: list[tuple[str, str]],
    options: DistinctiveSettings | None = None,
    engine: Engine | None = None,
) -> pd.DataFrame:
    """Distinctive terms of each group, compared only inside the stories both sides covered.

    Args:
        docs: doc_id and text, or their terms counted with ``options``
            (:func:`helpers.framing.distinctive.document_terms`).
        groups: doc_id and the group (:func:`helpers.compare.doc_groups`).
        stories: doc_id and story (the stories stage's table).
        pairs: ``(group, against)`` from :func:`helpers.compare.check_comparison`.
        options: the same :class:`~helpers.framing.distinctive.DistinctiveSettings` as the
            corpus-wide comparison (min_count applies to the pooled counts); None: the defaults.
        engine: where the counting runs, partition by partition.

    Returns:
        One row per group and term: the group column, against, term, ngram, count and
        rest_count (summed over the stories compared), stories (in which either side used the
        term), delta and z (pooled over stories, see the module docstring). Sorted by group, z
        (highest first) and term.
    """
    options = options or DistinctiveSettings()
    options.validate()
    name = group_column(groups)
    columns = [name, *TERM_COLUMNS]
    placed = shared_stories_of(stories, groups)
    if placed.empty or not pairs:
        return pd.DataFrame(columns=columns)
    counted = counted_terms(docs, options, engine)
    counts = _story_counts(counted, placed, name)
    if not len(counts["count"]):
        return pd.DataFrame(columns=columns)
    frames = [_pooled(counts, placed, name, group, against, options) for group, against in pairs]
    frames = [frame for frame in frames if len(frame)]
    if not frames:
        return pd.DataFrame(columns=columns)
    table = pd.concat(frames, ignore_index=True)
    return table.sort_values([name, "z", "term"], ascending=[True, False, True], ignore_index=True)[columns]


def _story_counts(counted: DocumentTerms, placed: pd.DataFrame, name: str) -> dict:
    """Term counts of each group in each story, summed from the documents' counts.

    Returns:
        ``{"key", "term", "count"}`` arrays of equal length (one entry per story and group, the
        key, and term that occurs), per key its ``"story"``, ``"group"`` (indexed into
        ``"groups"``, the group names) and ``"tokens"`` (unigram and bigram tokens), ``"terms"``
        and ``"ngram"`` (1 or 2, per term).
    """
    keys = pd.MultiIndex.from_arrays([placed["story"], placed[name]])
    key_codes, distinct = pd.factorize(keys)
    rows = pd.Index(counted.doc_ids, dtype=object).get_indexer(placed["doc_id"])
    codes = np.full(len(counted.doc_ids), -1, dtype=np.int64)
    codes[rows[rows >= 0]] = key_codes[rows >= 0]  # a story's document without text counts nothing
    summed, tokens = counted.summed(codes, len(distinct))
    summed = summed.tocoo()
    group_codes, group_names = pd.factorize(distinct.get_level_values(1))
    return {
        "key": summed.row.astype(np.int64),
        "term": summed.col.astype(np.int64),
        "count": summed.data.astype(np.int64),
        "story": distinct.get_level_values(0).to_numpy(dtype=np.int64),
        "group": group_codes,
        "tokens": tokens.astype(np.int64),
        "groups": np.asarray(group_names, dtype=object),
        "terms": counted.terms,
        "ngram": counted.ngram,
    }


def _side_tokens(counts: dict, keys: np.ndarray, strata: np.ndarray) -> np.ndarray:
    """Unigram and bigram tokens of the documents of ``keys`` in each story of ``strata`` (strata × 2)."""
    totals = np.zeros((len(strata), 2), dtype=np.int64)
    np.add.at(totals, np.searchsorted(strata, counts["story"][keys]), counts["tokens"][keys])
    return totals


def _pooled(counts: dict, placed: pd.DataFrame, name: str, group: str, against: str, options) -> pd.DataFrame:
    strata = _strata(placed, name, group, against)
    names = list(counts["groups"])
    if group not in names or not len(strata):
        return pd.DataFrame()
    compared = np.isin(counts["story"], strata)
    if against != REST:
        compared &= np.isin(counts["group"], [names.index(group), names.index(against)] if against in names else [])
    own = counts["group"] == names.index(group)
    inside = compared[counts["key"]]
    story = np.searchsorted(strata, counts["story"][counts["key"][inside]])
    term, count = counts["term"][inside], counts["count"][inside].astype(np.float64)
    mine = own[counts["key"][inside]]
    size = len(counts["terms"])
    unique, inverse = np.unique(story * size + term, return_inverse=True)
    y_i = np.bincount(inverse, weights=np.where(mine, count, 0.0))
    y_j = np.bincount(inverse, weights=np.where(mine, 0.0, count))
    story, term = np.divmod(unique, size)
    order = counts["ngram"][term]
    # Token totals of each side in each story, per n-gram order; the prior from all stories compared.
    side_i = _side_tokens(counts, np.flatnonzero(compared & own), strata)
    side_j = _side_tokens(counts, np.flatnonzero(compared & ~own), strata)
    n_i = side_i[story, order - 1].astype(np.float64)
    n_j = side_j[story, order - 1].astype(np.float64)
    term_total = np.bincount(term, weights=y_i + y_j, minlength=size)
    order_total = np.r_[0, (side_i + side_j).sum(axis=0)].astype(np.float64)
    alpha = options.prior_scale * term_total[term] / order_total[order]
    delta, _ = log_odds(y_i, y_j, n_i, n_j, alpha, options.prior_scale)
    weight = 1.0 / (1.0 / (y_i + alpha) + 1.0 / (y_j + alpha))
    pooled_w = np.bincount(term, weights=weight, minlength=size)
    pooled_wd = np.bincount(term, weights=weight * delta, minlength=size)
    total_i = np.bincount(term, weights=y_i, minlength=size)
    total_j = np.bincount(term, weights=y_j, minlength=size)
    stories = np.bincount(term, minlength=size)
    kept = np.flatnonzero((total_i + total_j >= options.min_count) & (stories > 0))
    delta = pooled_wd[kept] / pooled_w[kept]
    return pd.DataFrame(
        {
            name: group,
            "against": against,
            "term": counts["terms"][kept],
            "ngram": counts["ngram"][kept],
            "count": total_i[kept].round().astype("int64"),
            "rest_count": total_j[kept].round().astype("int64"),
            "stories": stories[kept].astype("int64"),
            "delta": np.round(delta, 4),
            "z": np.round(delta * np.sqrt(pooled_w[kept]), 4),
        }
    )


def frame_shares_within(
    sentences: pd.DataFrame,
    groups: pd.DataFrame,
    stories: pd.DataFrame,
    hits: pd.DataFrame,
    codebook: tuple[Frame, ...],
    pairs: list[tuple[str, str]],
    n_boot: int = 1000,
    random_state: int = 0,
) -> pd.DataFrame:
    """Frame shares of each group averaged over the stories both sides covered, with the rest's.

    Returns:
        One row per group and frame: the group column, frame, label, share (the mean over stories
        of the group's share of sentences carrying the frame), ci_low, ci_high (95%, stories
        resampled; empty when only one story is compared), rest_share (the same mean for what the group is compared with), stories (the
        stories compared), sentences (the group's, in them). Sorted by group and codebook order.
    """
    name = group_column(groups)
    columns = [name, *SHARE_COLUMNS]
    placed = shared_stories_of(stories, groups)
    keys = [frame.key for frame in codebook]
    labels = {frame.key: frame.label for frame in codebook}
    if placed.empty or not pairs:
        return pd.DataFrame(columns=columns)
    matrix = frame_indicator_matrix(sentences, groups, hits, codebook)
    matrix = with_groups(matrix, placed[["doc_id", "story"]])  # each sentence's story (a story is a grouping)
    rows = []
    with one_blas_thread():
        for group, against in pairs:
            strata = _strata(placed, name, group, against)
            if not len(strata):
                continue
            inside = matrix[matrix["story"].isin(strata)]
            own = inside[inside[name] == group]
            other = inside[inside[name] != group] if against == REST else inside[inside[name] == against]
            mine = own.groupby("story")[keys].mean().reindex(strata)
            theirs = other.groupby("story")[keys].mean().reindex(strata)
            values = mine.to_numpy(dtype=float)
            replicates = replicate_means(
                values, np.ones(len(strata)), generator(random_state, f"within{SEPARATOR}{group}"), n_boot
            )
            low, high = percentile_interval(replicates)
            if len(strata) < 2:  # one story: nothing to resample, so no interval
                low, high = np.full(len(keys), np.nan), np.full(len(keys), np.nan)
            for number, key in enumerate(keys):
                rows.append(
                    {
                        name: group,
                        "frame": key,
                        "label": labels[key],
                        "share": round(float(values[:, number].mean()), 4),
                        "ci_low": np.round(low[number], 4),
                        "ci_high": np.round(high[number], 4),
                        "rest_share": round(float(theirs[key].mean()), 4),
                        "stories": len(strata),
                        "sentences": len(own),
                    }
                )
    return pd.DataFrame(rows, columns=columns)


def term_changes(overall: pd.DataFrame, within: pd.DataFrame, group_by: str, top_n: int) -> pd.DataFrame:
    """What the story-matched comparison changes in each group's leading terms.

    Args:
        overall: leading terms over the whole corpus (``leading_terms`` of the corpus-wide table).
        within: leading terms within stories (``leading_terms`` of :func:`stratified_terms`).
        group_by: the group column.
        top_n: leading terms per group compared.

    Returns:
        the group column, term, overall_rank, within_rank (empty where the term is not among that
        side's leaders), change ("kept", "story choice": leading over the corpus only, so it comes
        from the stories the group covered; "within stories": leading only when the same stories
        are compared). Sorted by group, then change and rank.
    """

    def ranks(table: pd.DataFrame) -> pd.DataFrame:
        chosen = table[table["side"] == GROUP_SIDE].sort_values([group_by, "z"], ascending=[True, False])
        chosen = chosen.groupby(group_by).head(top_n)
        return chosen.assign(rank=chosen.groupby(group_by).cumcount() + 1)[[group_by, "term", "rank"]]

    both = ranks(overall).merge(ranks(within), on=[group_by, "term"], how="outer", suffixes=("_overall", "_within"))
    both = both.rename(columns={"rank_overall": "overall_rank", "rank_within": "within_rank"})
    both["change"] = np.select(
        [both["overall_rank"].notna() & both["within_rank"].notna(), both["overall_rank"].notna()],
        ["kept", "story choice"],
        "within stories",
    )
    order = {"kept": 0, "story choice": 1, "within stories": 2}
    both["_order"] = both["change"].map(order)
    both["_rank"] = both["overall_rank"].fillna(both["within_rank"])
    both = both.sort_values([group_by, "_order", "_rank", "term"]).drop(columns=["_order", "_rank"])
    for column in ("overall_rank", "within_rank"):
        both[column] = both[column].astype("Int64")
    return both.reset_index(drop=True)


def change_summary(changes: pd.DataFrame, group_by: str, examples: int = 3) -> list[str]:
    """One plain sentence per group saying how many leading terms survive the story-matched comparison."""
    sentences = []
    for group, block in changes.groupby(group_by, sort=True):
        kept = block[block["change"] == "kept"]["term"].tolist()
        chosen = block[block["change"] == "story choice"]["term"].tolist()
        new = block[block["change"] == "within stories"]["term"].tolist()
        leading = len(kept) + len(chosen)
        if not leading:
            continue

        def listed(terms: list[str]) -> str:
            return ", ".join(f"“{t}”" for t in terms[:examples])

        text = f"{group}: {len(kept)} of its {leading} leading terms over the corpus stay leading within stories"
        if kept:
            text += f" ({listed(kept)})"
        if chosen:
            text += f"; {len(chosen)} come from the stories it chose to cover ({listed(chosen)})"
        if new:
            text += f"; within stories it also stands out for {listed(new)}"
        sentences.append(text + ".")
    return sentences


def frame_comparison(overall: pd.DataFrame, within: pd.DataFrame, group_by: str) -> pd.DataFrame:
    """Each group's frame shares over the corpus beside its shares within stories, and the gaps to the rest.

    Returns:
        the group column, frame (its label), overall_share, overall_rest, overall_gap, within_share,
        within_rest, within_gap (share − rest, in percentage points), stories. Sorted by the
        largest change of gap first.
    """
    columns = [group_by, "frame", "overall_share", "overall_rest", "overall_gap", "within_share", "within_rest",
               "within_gap", "stories"]  # fmt: skip
    if overall.empty or within.empty:
        return pd.DataFrame(columns=columns)
    left = overall[[group_by, "frame", "label", "share", "rest_share"]].rename(
        columns={"share": "overall_share", "rest_share": "overall_rest"}
    )
    right = within[[group_by, "frame", "share", "rest_share", "stories"]].rename(
        columns={"share": "within_share", "rest_share": "within_rest"}
    )
    table = left.merge(right, on=[group_by, "frame"])
    table["overall_gap"] = (100 * (table["overall_share"] - table["overall_rest"])).round(1)
    table["within_gap"] = (100 * (table["within_share"] - table["within_rest"])).round(1)
    table = table.assign(_change=(table["within_gap"] - table["overall_gap"]).abs())
    table = table.sort_values(["_change", group_by, "frame"], ascending=[False, True, True])
    return table.drop(columns=["frame", "_change"]).rename(columns={"label": "frame"})[columns].reset_index(drop=True)
