"""The header and footer of every rendered page: links to the front page and the other pages, and the run's facts.

The runner adds them once every page is rendered, when it knows which pages there are: the page
template leaves a comment where each goes. A page rendered on its own (from JupyterLab) has neither.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

HEADER = "<!-- newsframes: page header -->"
FOOTER = "<!-- newsframes: page footer -->"


def page_title(name: str) -> str:
    """The title of a notebook's page in the header: ``corpus`` → ``Corpus``."""
    return name.replace("-", " ").replace("_", " ").strip().capitalize() or name


def header_html(pages: list[tuple[str, str]], current: str) -> str:
    """Links to the front page and to every page (file, title), the ``current`` one marked and not linked."""
    links = [
        f'<span aria-current="page">{html.escape(title)}</span>'
        if file == current
        else f'<a href="{html.escape(file)}">{html.escape(title)}</a>'
        for file, title in pages
    ]
    return (
        '<nav class="nf-nav" aria-label="Report pages"><a class="nf-home" href="index.html">Index</a> '
        f'<span class="nf-pages">{" · ".join(links)}</span></nav>'
    )


def footer_html(manifest: dict) -> str:
    """The run's date (UTC) and the corpus fingerprint, as the footer of a page."""
    try:
        started = dt.datetime.fromisoformat(manifest["started"]).strftime("%Y-%m-%d %H:%M UTC")
    except (KeyError, TypeError, ValueError):
        started = str(manifest.get("started", "?"))
    fingerprint = manifest.get("corpus", {}).get("fingerprint", "?")
    return (
        f'<footer class="nf-footer">Report <b>{html.escape(str(manifest.get("name", "")))}</b>, run '
        f"{html.escape(started)} · corpus fingerprint <code>{html.escape(str(fingerprint))}</code> · "
        '<a href="index.html">run manifest</a></footer>'
    )


def add_navigation(folder: Path, manifest: dict) -> None:
    """Fill the header and footer of every page the manifest lists in ``folder`` (pages without them are left)."""
    pages = [(item["html"], page_title(item["name"])) for item in manifest["notebooks"] if item.get("html")]
    footer = footer_html(manifest)
    for file, _ in pages:
        path = folder / file
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        text = text.replace(HEADER, header_html(pages, file), 1)
        at = text.rfind(FOOTER)
        if at >= 0:
            text = text[:at] + footer + text[at + len(FOOTER) :]
        path.write_text(text, encoding="utf-8")
