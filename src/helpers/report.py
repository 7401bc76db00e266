"""What notebooks use to show results safely and save the tables behind them (display and CSV export only).

Everything that came from a corpus (titles, sentences, source names) is escaped before it is
shown, so an article containing ``<script>`` shows those characters instead of running them.
CSV cells that a spreadsheet would run as a formula are neutralised on the way out.

Under each table and chart is a link to the CSV it came from (``tables/<name>.csv``, the name
:func:`save_table` wrote it under). Tables can also link a key (an actor, a topic, a story) to the
evidence for it further down the page: the evidence gets an id from :func:`evidence_id` (``anchors``)
and the table's cells a link to it (``links``). Only ids and classes are added; the page's script
makes tables sortable and filterable.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import re
import weakref
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

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

# The tables save_table wrote in this kernel, by object (to link a shown table to its CSV), and the
# names written in the cell that is running (a chart links the last of them).
_SAVED: dict[int, tuple[weakref.ref, str]] = {}
_CELL_TABLES: list[str] = []
_LAST_PNG: list = []  # (figure, png) of the last figure drawn: its HTML and PNG share one drawing


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
    if _LAST_PNG and _LAST_PNG[0]() is figure:
        return _LAST_PNG[1]
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    _LAST_PNG[:] = [weakref.ref(figure), buffer.getvalue()]
    return _LAST_PNG[1]


def _figure_html(figure: Figure) -> str | None:
    """A chart with a link to the last table saved in its cell (None when there is none: the PNG is shown)."""
    return chart_html(figure, _CELL_TABLES[-1]) if _CELL_TABLES else None


def _new_cell(*_) -> None:
    _CELL_TABLES.clear()


def _show_figures_as_png() -> None:
    """Show a returned Figure as a PNG; plot functions build Figures without pyplot.

    When the cell saved a table, the chart is also given as HTML: the same image with a link to
    that table's CSV (the notebooks save the table a chart is drawn from just before drawing it).
    """
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        formatters = shell.display_formatter.formatters
        formatters["image/png"].for_type(Figure, _figure_png)
        formatters["text/html"].for_type(Figure, _figure_html)
        formatters["text/plain"].for_type(Figure, lambda *_: None)
        if _new_cell not in shell.events.callbacks["pre_run_cell"]:
            shell.events.register("pre_run_cell", _new_cell)


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


FLOAT_FORMAT = "%.6g"  # how the CSV tables write floats: six significant digits


def _floats_as_text(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with its float columns as the text ``to_csv(float_format=FLOAT_FORMAT)`` writes for them
    (empty for NaN), made in one pass: pandas formats such a column value by value, with a check of each
    value, which takes seconds on a table of a million rows. Other columns are left to pandas."""
    floats = [column for column, dtype in table.dtypes.items() if isinstance(dtype, np.dtype) and dtype.kind == "f"]
    if not floats or not table.columns.is_unique:
        return table
    written = table.copy(deep=False)
    for column in floats:
        values = table[column].to_numpy()
        text = np.array([FLOAT_FORMAT % value for value in values.tolist()], dtype=object)
        text[np.isnan(values)] = ""
        written[column] = pd.Series(text, index=table.index, dtype=object)
    return written


def save_table(table: pd.DataFrame, name: str, tables_dir: str | Path) -> Path:
    """Write ``table`` as ``<tables_dir>/<name>.csv`` (UTF-8, no index, formulas neutralised).

    Returns:
        The path written.
    """
    path = resolve(tables_dir) / f"{name}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    _floats_as_text(neutralise_formulas(table)).to_csv(
        path, index=False, float_format=FLOAT_FORMAT, lineterminator="\n"
    )
    for key in [key for key, (ref, _) in _SAVED.items() if ref() is None]:
        del _SAVED[key]
    _SAVED[id(table)] = (weakref.ref(table), name)
    _CELL_TABLES.append(name)
    return path


HEAD_ROWS = 100_000  # rows of a very large table written as CSV; the whole table goes to Parquet beside it


def save_large_table(table: pd.DataFrame, name: str, tables_dir: str | Path, head_rows: int = HEAD_ROWS) -> Path:
    """Write a table that may run to millions of rows: as :func:`save_table` when it has at most
    ``head_rows`` rows; otherwise the whole table as ``<name>.parquet`` (fast to write and read,
    a tenth of the size) and its first ``head_rows`` rows as ``<name>.csv``, and the page says so.

    Returns:
        The path of the whole table.
    """
    whole = resolve(tables_dir) / f"{name}.parquet"
    if len(table) <= head_rows:
        whole.unlink(missing_ok=True)  # a larger table of an earlier run: not this run's
        return save_table(table, name, tables_dir)
    path = resolve(tables_dir) / f"{name}.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_parquet(path, index=False)
    save_table(table.head(head_rows), name, tables_dir)
    say(
        "<code>tables/{name}.csv</code> holds the first {head} of {rows} rows; the whole table is "
        "<code>tables/{name}.parquet</code> (<code>pandas.read_parquet</code> reads it).",
        name=name, head=f"{head_rows:,}", rows=f"{len(table):,}",
    )  # fmt: skip
    return path


def saved_name(table: pd.DataFrame) -> str:
    """The name :func:`save_table` wrote this very table under ("" if it did not)."""
    ref, name = _SAVED.get(id(table), (None, ""))
    return name if ref is not None and ref() is table else ""


def evidence_id(kind: str, key) -> str:
    """The page id of the evidence for ``key`` (an actor, a topic, a story) in the section ``kind``.

    The same kind and key always give the same id; it is made of lowercase letters, digits and
    hyphens only, with a short hash so that keys differing only in case or punctuation stay apart.
    """
    text = str(key)
    digest = hashlib.sha1(f"{kind}\0{text}".encode()).hexdigest()[:8]
    parts = [re.sub(r"[^a-z0-9]+", "-", part.lower()).strip("-")[:40] for part in (kind, text)]
    return "-".join(["nf", *(part for part in parts if part), digest])


def _csv_line(csv: str, note: str = "", lead: str = "CSV:") -> str:
    """The line under a table or chart: how much of it is shown, and a link to its CSV."""
    if not csv:
        return f'<p class="nf-more">{note}.</p>' if note else ""
    link = f'<a class="nf-csv" href="tables/{html.escape(quote(csv))}.csv">tables/{html.escape(csv)}.csv</a>'
    return f'<p class="nf-more">{note}; the full table: {link}</p>' if note else f'<p class="nf-more">{lead} {link}</p>'


def table_html(
    table: pd.DataFrame,
    max_rows: int = 20,
    caption: str = "",
    csv: str = "",
    links: dict[str, tuple[str, Iterable]] | None = None,
    anchors: dict[str, str] | None = None,
    anchor: str = "",
) -> str:
    """HTML for a table with every cell escaped; long tables are cut with a note, and a link to the CSV.

    Args:
        table: the rows to show.
        max_rows: rows shown; the note under the table says how many there are.
        caption: a line above the table.
        csv: the name of the CSV behind the table (default: the name ``table`` itself was saved under).
        links: column → (kind, keys): a cell of that column whose value is one of ``keys`` links to
            the evidence for it (``#`` + :func:`evidence_id` of kind and value). Give only keys whose
            evidence the page shows.
        anchors: column → kind: the first shown row of each value gets the id of the evidence for it,
            so that links of that kind land on it.
        anchor: an id for the table itself (on its caption when it has one).
    """
    shown = table.head(max_rows)
    body = shown.to_html(index=False, escape=True, border=0, classes="nf-table", na_rep="", float_format=_number)
    body = _mark_rows(body, shown, links or {}, anchors or {})
    note = f"Showing {max_rows:,} of {len(table):,} rows" if len(table) > max_rows else ""
    ident = f' id="{html.escape(anchor)}"' if anchor else ""
    if caption:
        head = f'<p class="nf-caption"{ident}>{html.escape(caption)}</p>'
    else:
        head, body = "", body.replace("<table ", f"<table{ident} ", 1)
    return f"{head}{body}{_csv_line(csv or saved_name(table), note)}"


def _mark_rows(markup: str, shown: pd.DataFrame, links: dict, anchors: dict) -> str:
    """``markup`` (pandas' HTML of ``shown``) with ids on anchor rows and links in link cells.

    Every cell is escaped, so the only ``<tr>`` and ``<td>`` in the markup are pandas' own.
    """
    if (not links and not anchors) or isinstance(shown.columns, pd.MultiIndex):
        return markup
    columns = list(shown.columns)
    targets = [
        (columns.index(column) + 1, kind, {str(key) for key in keys if not _missing(key)})
        for column, (kind, keys) in links.items()
        if column in columns
    ]
    sources = [(shown.iloc[:, columns.index(column)], kind) for column, kind in anchors.items() if column in columns]
    head, tbody, rest = markup.partition("<tbody>")
    body, end, tail = rest.partition("</tbody>")
    rows = body.split("<tr>")
    used: set[str] = set()
    marked = [rows[0]]
    for number, row in enumerate(rows[1:]):
        ident = next(
            (
                evidence_id(kind, values.iat[number])
                for values, kind in sources
                if not _missing(values.iat[number]) and evidence_id(kind, values.iat[number]) not in used
            ),
            "",
        )
        used.add(ident)
        cells = row.split("<td>")
        for position, kind, keys in targets:
            value = shown.iat[number, position - 1]
            if not _missing(value) and str(value) in keys and position < len(cells):
                content, close, after = cells[position].partition("</td>")
                cells[position] = (
                    f'<a class="nf-evidence" href="#{evidence_id(kind, value)}">{content}</a>{close}{after}'
                )
        marked.append((f'<tr id="{ident}">' if ident else "<tr>") + "<td>".join(cells))
    return f"{head}{tbody}{''.join(marked)}{end}{tail}"


def _missing(value) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or array in a cell
        return False


def _number(value: float) -> str:
    return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"


def show_table(
    table: pd.DataFrame,
    max_rows: int = 20,
    caption: str = "",
    csv: str = "",
    links: dict[str, tuple[str, Iterable]] | None = None,
    anchors: dict[str, str] | None = None,
    anchor: str = "",
) -> None:
    """Display a table in the notebook, escaped and cut to ``max_rows`` rows (see :func:`table_html`).

    Example: ``show_table(totals, links={"actor": ("kwic", top_people)})`` links each of the
    ``top_people`` to the keyword-in-context line shown with ``anchors={"actor": "kwic"}``.
    """
    display(HTML(table_html(table, max_rows, caption, csv, links, anchors, anchor)))


def chart_html(figure: Figure, csv: str) -> str:
    """A chart as an HTML image (its title as the alternative text) with a link to the CSV behind it."""
    png = base64.b64encode(_figure_png(figure)).decode("ascii")
    titles = [figure.get_suptitle(), *(axes.get_title() for axes in figure.axes)]
    alt = next((title for title in titles if title), "chart")
    return f'<img src="data:image/png;base64,{png}" alt="{html.escape(alt)}">{_csv_line(csv, lead="Drawn from")}'


def show_chart(figure: Figure, csv: str) -> None:
    """Display a chart with a link to the CSV it was drawn from, when that was saved in an earlier cell.

    (A chart returned in the cell that saved its table gets the link by itself.)
    """
    png = base64.b64encode(_figure_png(figure)).decode("ascii")
    display({"image/png": png, "text/html": chart_html(figure, csv)}, raw=True)


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


def quote_html(text: str, source: str = "", where: str = "", anchor: str = "") -> str:
    """An evidence sentence as escaped HTML, with its source and location (and an id, if given)."""
    cite = " — ".join(html.escape(part) for part in (source, where) if part)
    ident = f' id="{html.escape(anchor)}"' if anchor else ""
    return f'<blockquote class="nf-quote"{ident}>{html.escape(text)}<footer>{cite}</footer></blockquote>'


def show_quotes(
    rows: pd.DataFrame,
    text: str = "text",
    source: str = "source",
    where: str = "sentence_id",
    anchors: dict[str, str] | None = None,
    limit: int = 0,
    csv: str = "",
) -> None:
    """Display evidence sentences, one block each, escaped.

    ``anchors`` (column → kind) gives the first sentence of each value of the column the id of
    the evidence for it (:func:`evidence_id`), so that a table's links land on it. With ``limit``,
    only the first ``limit`` rows are shown and a line says how many there are and that all of
    them are in ``tables/<csv>.csv``: a page of hundreds of quotes is not read.
    """
    total = len(rows)
    if limit and total > limit:
        rows = rows.head(limit)
    blocks, used = [], set()
    for _, row in rows.iterrows():
        ident = next(
            (
                evidence_id(kind, row[column])
                for column, kind in (anchors or {}).items()
                if column in row.index and not _missing(row[column]) and evidence_id(kind, row[column]) not in used
            ),
            "",
        )
        used.add(ident)
        blocks.append(quote_html(str(row[text]), str(row.get(source, "")), str(row.get(where, "")), ident))
    if len(rows) < total:
        link = f'<a class="nf-csv" href="tables/{html.escape(quote(csv))}.csv">tables/{html.escape(csv)}.csv</a>'
        rest = f"; all of them in {link}" if csv else ""
        blocks.append(f'<p class="nf-more">Showing {len(rows):,} of {total:,}{rest}.</p>')
    display(HTML("".join(blocks) or '<p class="nf-text">(none)</p>'))


def _plain(value) -> str:
    if isinstance(value, float):
        return f"{value:,.3g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
