"""Render an executed notebook as one self-contained, sanitised HTML page (nbconvert).

Every HTML output is cleaned before it is rendered (no script, no event handler, no remote image),
and the page's Content-Security-Policy lets nothing be fetched or run.
"""

from __future__ import annotations

from helpers.paths import RESOURCES_DIR


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
    exporter.register_preprocessor(SanitizeOutputs(), enabled=True)
    return exporter
