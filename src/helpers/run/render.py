"""Render an executed notebook as one self-contained, sanitised HTML page (nbconvert).

Every HTML output is cleaned before it is rendered (no script, no event handler, no remote image),
and the page's Content-Security-Policy lets nothing be fetched and no script run but the page's
own (:func:`page_script`: sorting and filtering tables), allowed by the hash of its text. What is
meant for whoever maintains the run — standard error (library warnings, log messages, text progress bars), progress
widgets, full tracebacks — is taken out of the page first and kept in the notebook's run log
(:func:`split_log`).
"""

from __future__ import annotations

import base64
import copy
import hashlib
import re

from helpers.paths import RESOURCES_DIR

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def split_log(notebook) -> tuple[object, str]:
    """Separate an executed notebook into what its page shows and what goes to the run log.

    Standard error outputs go to the log whole. Progress widgets are dropped (a page cannot run
    them, and their text stand-in means nothing to a reader). An error keeps its one-line
    message in the page, where it happened; its traceback, with the machine's paths, goes to
    the log.

    Args:
        notebook: an executed notebook (``nbformat.NotebookNode``); it is not changed.

    Returns:
        ``(page notebook, log text)``; the log is empty when nothing was taken out. Each entry
        names its cell by the execution count Jupyter shows (``In [N]``, as tracebacks do) and
        by its place in the executed notebook, counted from 1.
    """
    page = copy.deepcopy(notebook)
    page.metadata.pop("widgets", None)
    entries = []
    for number, cell in enumerate(page.cells, 1):
        kept = []
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "stream" and output.get("name") == "stderr":
                entries.append((number, cell, "standard error", "".join(output.get("text", ""))))
            elif WIDGET_VIEW in output.get("data", {}):
                continue
            elif kind == "error":
                entries.append((number, cell, "error", "\n".join(output.get("traceback", []))))
                output["traceback"] = [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"]
                kept.append(output)
            else:
                kept.append(output)
        if "outputs" in cell:
            cell["outputs"] = kept
    log = []
    for number, cell, what, text in entries:
        count = cell.get("execution_count")
        where = f"In [{count}] (cell {number} of the executed notebook)" if count else f"cell {number}"
        log.append(f"--- {where}: {what}\n{_ANSI.sub('', text).rstrip()}\n")
    return page, "\n".join(log)


def _safe_attribute(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src" and not value.startswith("data:image/"):
        return None
    return value


def sanitize_html(markup: str) -> str:
    """Keep ordinary markup (tables, headings, quotes, links); drop scripts, handlers, remote images."""
    import nh3

    return nh3.clean(
        markup,
        attributes={"*": {"class", "id", "title"}, "a": {"href"}, "img": {"src", "alt", "width", "height"}},
        attribute_filter=_safe_attribute,
        url_schemes={"http", "https", "mailto", "data"},
    )


PAGE_SCRIPT = RESOURCES_DIR / "templates" / "newsframes" / "page.js"


def page_script() -> dict[str, str]:
    """The pages' one script (sorting and filtering tables) and its CSP source, the hash of its exact text.

    Returns:
        ``{"text": the script, "hash": "sha256-…"}``; the page's Content-Security-Policy allows
        this script and no other.
    """
    text = PAGE_SCRIPT.read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return {"text": text, "hash": f"sha256-{digest}"}


def html_exporter(show_code: bool):
    """The nbconvert exporter of the suite's pages: the ``newsframes`` template, sanitised outputs."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import Preprocessor

    class SanitizeOutputs(Preprocessor):
        """Pass every HTML output through :func:`sanitize_html` before it is rendered."""

        def preprocess_cell(self, cell, resources, index):
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "text/html" in data:
                    data["text/html"] = sanitize_html("".join(data["text/html"]))
                data.pop("application/javascript", None)
            return cell, resources

    exporter = HTMLExporter(
        template_name="newsframes",
        extra_template_basedirs=[str(RESOURCES_DIR / "templates")],
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )

    class PageScript(Preprocessor):
        """Give the template the page script and its hash, read when the page is rendered."""

        def preprocess(self, nb, resources):
            resources["newsframes_script"] = page_script()
            return nb, resources

    exporter.register_preprocessor(SanitizeOutputs(), enabled=True)
    exporter.register_preprocessor(PageScript(), enabled=True)
    return exporter
