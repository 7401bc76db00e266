"""What notebooks use to show results safely and save the tables behind them (display and CSV export only).

Everything that came from a corpus (titles, sentences, source names) is escaped before it is
shown, so an article containing ``<script>`` shows those characters instead of running them.
CSV cells that a spreadsheet would run as a formula are neutralised on the way out.
"""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from IPython.display import HTML, display
from matplotlib.figure import Figure

from helpers import charts
from helpers.paths import resolve

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_INTEGER = re.compile(r"^-?\d+(?:\.\d+)?$")


def setup(tables_dir: str) -> Path:
    """Prepare a notebook: chart style, table display, and the folder tables are written to.

    Args:
        tables_dir: where CSV tables go; relative paths start at the project root.

    Returns:
        The tables folder, created if needed.
    """
    charts.style()
    pd.set_option("display.max_colwidth", 200)
    _show_figures_as_png()
    folder = resolve(tables_dir)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _figure_png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


def _show_figures_as_png() -> None:
    """Show a returned Figure as a PNG; plot functions build Figures without pyplot."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        formatter = shell.display_formatter.formatters["image/png"]
        formatter.for_type(Figure, _figure_png)
        shell.display_formatter.formatters["text/plain"].for_type(Figure, lambda *_: None)


def neutralise_formulas(table: pd.DataFrame) -> pd.DataFrame:
    """Return a copy in which text cells a spreadsheet would run as a formula start with ``'``.

    Numbers stay numbers; a text cell that is just a number ("-3", "-1.5") is left alone. Text
    columns, object columns and the categories of categorical columns are checked; the input is
    not changed.
    """
    changed = {}
    for column in table.columns:
        values = table[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            categories = values.cat.categories
            if categories.dtype == object or pd.api.types.is_string_dtype(categories.dtype):
                fixed = _neutralised(pd.Series(categories, dtype=object))
                if fixed is not None:
                    if fixed.is_unique:
                        changed[column] = values.cat.rename_categories(fixed.tolist())
                    else:  # "'=x" existed beside "=x": no longer categories of their own
                        changed[column] = _neutralised(values.astype(object))
        elif values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
            fixed = _neutralised(values)
            if fixed is not None:
                changed[column] = fixed
    return table.assign(**changed) if changed else table.copy()


def _neutralised(values: pd.Series) -> pd.Series | None:
    """``values`` with formula cells prefixed by ``'``, or None when there is none."""
    try:
        # A vectorised first look (C++): only cells starting like a formula are checked one by one.
        starts = pc.match_substring_regex(pa.array(values, from_pandas=True), "^[=+\\-@\t\r]")
        candidates = np.flatnonzero(pc.fill_null(starts, False).to_numpy(zero_copy_only=False))
    except (pa.ArrowException, TypeError, ValueError):  # mixed types in an object column
        text = values.astype(str)
        candidates = np.flatnonzero((values.notna() & text.str.startswith(FORMULA_START)).to_numpy())
    rows = [row for row in candidates.tolist() if not _INTEGER.match(str(values.iat[row]))]
    if not rows:
        return None
    fixed = values.copy()
    fixed.iloc[rows] = ["'" + str(values.iat[row]) for row in rows]
    return fixed


def save_table(table: pd.DataFrame, name: str, tables_dir: str | Path) -> Path:
    """Write ``table`` as ``<tables_dir>/<name>.csv`` (UTF-8, no index, formulas neutralised).

    Returns:
        The path written.
    """
    path = resolve(tables_dir) / f"{name}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    neutralise_formulas(table).to_csv(path, index=False, float_format="%.6g", lineterminator="\n")
    return path


def table_html(table: pd.DataFrame, max_rows: int = 20, caption: str = "") -> str:
    """HTML for a table with every cell escaped; long tables are cut with a note."""
    shown = table.head(max_rows)
    body = shown.to_html(index=False, escape=True, border=0, classes="nf-table", na_rep="", float_format=_number)
    more = (
        f'<p class="nf-more">Showing {max_rows:,} of {len(table):,} rows; the full table is in the CSV.</p>'
        if len(table) > max_rows
        else ""
    )
    head = f'<p class="nf-caption">{html.escape(caption)}</p>' if caption else ""
    return f"{head}{body}{more}"


def _number(value: float) -> str:
    return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"


def show_table(table: pd.DataFrame, max_rows: int = 20, caption: str = "") -> None:
    """Display a table in the notebook, escaped and cut to ``max_rows`` rows."""
    display(HTML(table_html(table, max_rows=max_rows, caption=caption)))


def say(template: str, **values) -> None:
    """Display a paragraph. ``template`` is trusted HTML; each ``{name}`` value is escaped.

    Example: ``say("<b>{n}</b> documents from {source}", n=5, source=name)``.
    """
    escaped = {key: html.escape(_plain(value)) for key, value in values.items()}
    display(HTML(f'<p class="nf-text">{template.format(**escaped)}</p>'))


def warn(template: str, **values) -> None:
    """Display a warning box, for limits a reader must not miss (e.g. "only 5 documents")."""
    escaped = {key: html.escape(_plain(value)) for key, value in values.items()}
    display(HTML(f'<div class="nf-warning">{template.format(**escaped)}</div>'))


def quote_html(text: str, source: str = "", where: str = "") -> str:
    """An evidence sentence as escaped HTML, with its source and location."""
    cite = " — ".join(html.escape(part) for part in (source, where) if part)
    return f'<blockquote class="nf-quote">{html.escape(text)}<footer>{cite}</footer></blockquote>'


def show_quotes(rows: pd.DataFrame, text: str = "text", source: str = "source", where: str = "sentence_id") -> None:
    """Display evidence sentences, one block each, escaped."""
    blocks = [
        quote_html(str(row[text]), str(row.get(source, "")), str(row.get(where, ""))) for _, row in rows.iterrows()
    ]
    display(HTML("".join(blocks) or '<p class="nf-text">(none)</p>'))


def _plain(value) -> str:
    if isinstance(value, float):
        return f"{value:,.3g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
