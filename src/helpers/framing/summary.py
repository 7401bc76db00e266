"""The framing page's conclusions: which frame differences clear their intervals, in plain sentences."""

from __future__ import annotations

import pandas as pd

from helpers.compare import REST
from helpers.framing.distinctive import GROUP_SIDE, leading_terms


def frame_contrasts(frames: pd.DataFrame, group_by: str = "source") -> pd.DataFrame:
    """Frame shares whose 95% interval leaves out the share in what they are compared with.

    Intervals of zero width (a frame found in none, or all, of a group's sentences) are left out:
    they say the resampled sentences never varied, not that the difference is certain.
    The comparison's share is taken as fixed, and nothing corrects for looking at many frames and
    groups at once: a contrast points to evidence worth reading, it is not a significance test.

    Args:
        frames: from :func:`helpers.framing.codebook.frame_shares`.
        group_by: its group column.

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
    ranked = ranked.sort_values(["size", group_by, "frame"], ascending=[False, True, True])
    return ranked.drop(columns="size").reset_index(drop=True)


def _percent(value: float, decimals: int = 0) -> str:
    return f"{100 * value:.{decimals}f}%"


def contrast_summary(
    frames: pd.DataFrame,
    terms: pd.DataFrame,
    tone: pd.DataFrame,
    max_contrasts: int = 3,
    group_by: str = "source",
) -> str:
    """A short paragraph naming the strongest contrasts, with their numbers.

    A frame contrast is reported only when the rest's share lies outside the group's 95% interval;
    contrasts are ranked by the size of the difference.

    Args:
        frames: from :func:`helpers.framing.codebook.frame_shares` (the group, frame, label, share,
            ci_low, ci_high, rest_share, against, sentences …).
        terms: from :func:`helpers.framing.distinctive.distinctive_terms`.
        tone: from :func:`helpers.framing.tone.group_tone`.
        max_contrasts: frame contrasts named at most.
        group_by: the group column of the tables, and what a group is called in the text.

    Returns:
        Plain text (escape it before showing it as HTML).
    """
    parts: list[str] = []
    compared = frames.dropna(subset=["rest_share"]) if "rest_share" in frames else frames.iloc[0:0]
    if compared.empty:
        return (
            f"There is only one {group_by} here, so there are no contrasts to report; the numbers above "
            f"describe that {group_by} alone."
        )
    ranked = frame_contrasts(compared, group_by)
    sentences = []
    for row in ranked.head(max_contrasts).itertuples():
        against = "the rest" if row.against == REST else row.against
        digits = 1 if row.ci_high - row.ci_low < 0.04 else 0
        sentences.append(
            # A decimal where whole percentages would hide the interval (large corpora).
            f"{getattr(row, group_by)} uses the {row.label.lower()} frame in {_percent(row.share, digits)} of its sentences "
            f"(CI {_percent(row.ci_low, digits).rstrip('%')}–{_percent(row.ci_high, digits)}, "
            f"{row.sentences:,} sentences), against {_percent(row.rest_share, digits)} in {against}"
        )
    if sentences:
        parts.append("Strongest frame contrasts: " + "; ".join(sentences) + ".")
    else:
        parts.append(
            f"No {group_by}'s share of any frame differs from the rest by more than its 95% interval; "
            "the frame differences in the chart may be chance."
        )
    if not terms.empty:
        leading = leading_terms(terms, 3, group_by=group_by)
        leading = leading[leading["side"] == GROUP_SIDE]
        named = []
        for group, block in leading.groupby(group_by, sort=True):
            listed = ", ".join(f"“{t}” (z = {z:.1f})" for t, z in zip(block["term"], block["z"], strict=False))
            named.append(f"{group}: {listed}")
        if named:
            parts.append("Most distinctive words, against the rest: " + "; ".join(named) + ".")
    if len(tone) >= 2:
        ordered = tone.sort_values(["tone", group_by], ascending=[False, True])
        top, bottom = ordered.iloc[0], ordered.iloc[-1]
        separated = top["ci_low"] > bottom["ci_high"]
        parts.append(
            f"Tone (mean VADER compound, −1 to 1) is highest in {top[group_by]} ({top['tone']:.2f}, {_interval(top)}) "
            f"and lowest in {bottom[group_by]} ({bottom['tone']:.2f}, {_interval(bottom)})"
            + ("." if separated else "; their intervals overlap, so the difference may be chance.")
        )
    return " ".join(parts)


def _interval(row) -> str:
    if pd.isna(row["ci_low"]):
        return "one sentence, no interval"
    return f"CI {row['ci_low']:.2f} to {row['ci_high']:.2f}"
