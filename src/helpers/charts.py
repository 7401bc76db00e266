"""What every chart of the suite shares: the palette, the house style, and the figure that says why
there is no chart.

Plot functions build a :class:`matplotlib.figure.Figure` without pyplot and return it; notebooks
display it. Nothing here needs IPython, so compute and plot modules can be used from a script.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # matplotlib is imported where a chart is drawn: checking a run's parameters needs none of it
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# Beside a number or label that rests on one or two documents; the chart explains it in a line below.
FEW_MARK = "*"
FEW_LEGEND = "* rests on one or two documents"
NO_INTERVAL_LEGEND = "a dot without a line rests on one sentence: no interval"
PALETTE = ["#1b6ca8", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d6a9f", "#2e4057", "#b5651d", "#6c757d", "#c06c84"]
EMPTY_SIZE = (8, 1.6)


def style() -> None:
    """Set the house style for charts drawn from now on in this process."""
    import matplotlib

    matplotlib.rcParams.update(
        {
            "figure.dpi": 96,
            "savefig.dpi": 96,
            "figure.figsize": (8, 4),
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
            "font.size": 10,
            # Corpus text in labels ("$5bn") must never be read as mathtext.
            "text.parse_math": False,
            "svg.fonttype": "none",
        }
    )


def colour(number: int) -> str:
    """The palette's colour for the ``number``-th series (it wraps around)."""
    return PALETTE[number % len(PALETTE)]


def empty_figure(message: str, size: tuple[float, float] = EMPTY_SIZE) -> Figure:
    """A figure that only says, in its middle, why there is nothing to draw ("No dated mentions")."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=size)
    axes = figure.subplots()
    axes.text(0.5, 0.5, message, ha="center", va="center", transform=axes.transAxes)
    axes.set_axis_off()
    return figure


def whole_numbers(axes: Axes, axis: str = "x") -> None:
    """Ticks at whole numbers only, for an axis of counts (no tick at 0.2 documents)."""
    from matplotlib.ticker import MaxNLocator

    target = axes.xaxis if axis == "x" else axes.yaxis
    target.set_major_locator(MaxNLocator(integer=True))


def tick_label(text, width: int = 24, lines: int = 2) -> str:
    """A label that fits a chart: wrapped at word boundaries onto at most ``lines`` lines of about
    ``width`` characters, the last ending in "…" when the text is longer (never cut inside a word
    unless one word is longer than a line). The full text is in the table behind the chart."""
    text = " ".join(str(text).split())
    wrapped = textwrap.wrap(text, width=width, break_long_words=True, break_on_hyphens=False) or [""]
    if len(wrapped) <= lines:
        return "\n".join(wrapped)
    kept = wrapped[:lines]
    last = textwrap.shorten(" ".join(wrapped[lines - 1 :]), width=width, placeholder=" …")
    if last == "…" or not last.strip(" …"):
        last = kept[-1][: max(width - 2, 1)] + " …"
    return "\n".join([*kept[:-1], last])


def legend_line(figure: Figure, text: str) -> None:
    """Write one line under a chart that says what its marks mean ("* rests on one or two documents")."""
    figure.text(0.01, -0.01, text, ha="left", va="top", fontsize=7.5, color="#555555")
