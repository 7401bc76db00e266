"""The report's front page: per stage, its headline findings, a thumbnail of its key chart, a link
to its page and to each of its tables; failures with their errors; the run manifest, folded away.

Everything shown comes from the run's own files: the findings from the tables
(:mod:`helpers.run.findings`), the thumbnails from the executed notebooks (the output of a cell
tagged ``key-chart``, else the page's first chart), the facts from the manifest. Every text is
escaped, and the page, like the others, runs no script and fetches nothing.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from helpers.paths import RESOURCES_DIR
from helpers.run.findings import TABLE_NOTES, findings

# Which stage a table belongs to, by its name's start (the first rule that matches).
TABLE_STAGES = (
    ("corpus", ("corpus", "cleaning_", "load_warnings", "near_duplicates")),
    ("topics", ("topic", "doc_topics", "unit_topics")),
    ("actors", ("actor_", "quote")),
    ("stories", ("stor",)),
    ("framing", ("framing_", "term_", "source_terms", "terms_within", "frame", "label", "tone_")),
)
KEY_CHART_TAG = "key-chart"
STATUS = {"ok": "ok", "skipped": "not run on this corpus", "failed": "FAILED"}

_STYLE = """
.nf-index main{max-width:1100px}
.nf-summary{font-size:1.05em;margin:.4em 0 1.2em}
.nf-stage{border-top:1px solid #ddd;padding:.8em 0 .4em}
.nf-stage h2{margin:.1em 0 .3em;font-size:1.25em}
.nf-stage-body{display:flex;gap:1.5em;align-items:flex-start;flex-wrap:wrap}
.nf-findings{flex:1 1 420px;margin:0;padding-left:1.2em}
.nf-findings li{margin:.25em 0;line-height:1.4}
.nf-behind{color:#666;font-size:.9em}
.nf-thumb img{max-width:340px;max-height:220px;border:1px solid #ddd;background:#fff}
.nf-status{color:#666;font-size:.9em;margin-left:.6em;font-weight:normal}
.nf-status-failed{color:#b00020}
.nf-tables li{margin:.1em 0}
.nf-tables code{font-size:.95em}
.nf-note{color:#555}
"""


def table_stage(name: str) -> str:
    """The stage a table of ``tables/`` belongs to ("" when no rule names it)."""
    for stage, starts in TABLE_STAGES:
        if name.startswith(starts):
            return stage
    return ""


def _notebook(executed: Path) -> dict:
    """An executed notebook as JSON ({} when it cannot be read)."""
    try:
        return json.loads(executed.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _title(notebook: dict, fallback: str) -> str:
    """The page's title: the first heading of the notebook's first Markdown cell."""
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", "")).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
            break
    return fallback


def _thumbnail(notebook: dict) -> str:
    """The key chart of an executed notebook as base64 PNG ("" when it has none)."""
    first = ""
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            if not png:
                continue
            png = "".join(png) if isinstance(png, list) else png
            if KEY_CHART_TAG in cell.get("metadata", {}).get("tags", []):
                return png.replace("\n", "")
            first = first or png.replace("\n", "")
    return first


def _stage_section(item: dict, folder: Path, tables: list[str]) -> str:
    esc = html.escape
    notebook = _notebook(folder / item["executed"]) if item.get("executed") else {}
    title = _title(notebook, item["file"])
    status = item["status"] if item["status"] in STATUS else "failed"
    link = f'<a href="{esc(item["html"])}">{esc(title)}</a>' if item.get("html") else esc(title)
    heading = (
        f'<h2>{link}<span class="nf-status nf-status-{status}">{esc(STATUS[status])} · {item["seconds"]:.1f} s'
        + (f' · <a href="{esc(item["log"])}">log</a>' if item.get("log") else "")
        + "</span></h2>"
    )
    parts = [heading]
    if item.get("note"):
        parts.append(f'<p class="nf-note">{esc(item["note"])}</p>')
    if item.get("error"):
        executed_link = f' — <a href="{esc(item["executed"])}">executed notebook</a>' if item.get("executed") else ""
        parts.append(f'<div class="nf-error">{esc(item["error"])}{executed_link}</div>')
    found = findings(item["name"], folder / "tables") if status == "ok" else []
    items = "".join(
        f"<li>{esc(f.text)}" + (f' <span class="nf-behind">({esc(f.behind)})</span>' if f.behind else "") + "</li>"
        for f in found
    )
    picture = _thumbnail(notebook) if status == "ok" else ""
    thumb = (
        f'<a class="nf-thumb" href="{esc(item["html"])}"><img alt="{esc(title)}: key chart" '
        f'src="data:image/png;base64,{picture}"></a>'
        if picture and item.get("html")
        else ""
    )
    if items or thumb:
        parts.append(f'<div class="nf-stage-body"><ul class="nf-findings">{items}</ul>{thumb}</div>')
    if tables:
        rows = "".join(
            f'<li><a href="tables/{esc(name)}.csv"><code>{esc(name)}.csv</code></a>'
            + (f" — {esc(TABLE_NOTES[name])}" if name in TABLE_NOTES else "")
            + "</li>"
            for name in tables
        )
        parts.append(f'<details class="nf-tables"><summary>Tables ({len(tables)})</summary><ul>{rows}</ul></details>')
    return f'<section class="nf-stage">{"".join(parts)}</section>'


def _facts(manifest: dict) -> list[tuple[str, str]]:
    corpus = manifest["corpus"]
    dirty = manifest.get("dirty")
    commit = manifest["commit"] or "(not in git)"
    if dirty:
        commit += " (with uncommitted changes)"
    runtime = manifest.get("runtime", {})
    random_state = manifest.get("random_state")
    return [
        ("configuration", manifest["config"]),
        ("--set", ", ".join(manifest.get("overrides", [])) or "(none)"),
        ("started (UTC)", manifest["started"]),
        ("wall time", f"{manifest['seconds']:.1f} s"),
        ("commit", commit),
        ("corpus", corpus["path"]),
        ("corpus fingerprint", corpus["fingerprint"]),
        ("documents / sources / words", f"{corpus['documents']:,} / {corpus['sources']:,} / {corpus['words']:,}"),
        ("dates", f"{corpus['first_date'] or '?'} to {corpus['last_date'] or '?'} ({corpus['undated']} undated)"),
        ("random_state", json.dumps(random_state) if random_state not in (None, {}) else "(no random step)"),
        ("Python / cores", f"{runtime.get('python', '?')} / {runtime.get('cores', '?')}"),
    ]


def index_html(manifest: dict, folder: Path | None = None) -> str:
    """The report's front page (see the module docstring); ``folder`` is the report folder being written,
    whose ``tables/`` and ``executed/`` it reads (None: the manifest alone)."""
    esc = html.escape
    folder = folder or Path()
    names = sorted(p.stem for p in (folder / "tables").glob("*.csv")) if (folder / "tables").is_dir() else []
    by_stage: dict[str, list[str]] = {}
    for name in names:
        by_stage.setdefault(table_stage(name), []).append(name)
    sections = [_stage_section(item, folder, by_stage.get(item["name"], [])) for item in manifest["notebooks"]]
    others = by_stage.get("", [])
    if others:
        listed = "".join(f'<li><a href="tables/{esc(n)}.csv"><code>{esc(n)}.csv</code></a></li>' for n in others)
        sections.append(f'<section class="nf-stage"><h2>Other tables</h2><ul class="nf-tables">{listed}</ul></section>')
    corpus = manifest["corpus"]
    failed = [item for item in manifest["notebooks"] if item["status"] not in ("ok", "skipped")]
    banner = (
        f'<div class="nf-warning">{len(failed)} notebook(s) failed; their sections below say where. '
        "The other pages are complete.</div>"
        if failed
        else ""
    )
    summary = (
        f"{corpus['documents']:,} documents from {corpus['sources']:,} sources, "
        f"{corpus['first_date'] or '?'} to {corpus['last_date'] or '?'}; run {esc(manifest['started'][:16].replace('T', ' '))} UTC "
        f'in {manifest["seconds"]:.0f} s. Every table is in <a href="tables/">tables/</a>; the run as data in '
        '<a href="run.json">run.json</a>.'
    )
    facts_html = "".join(f"<tr><th>{esc(k)}</th><td>{esc(str(v))}</td></tr>" for k, v in _facts(manifest))
    versions = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in manifest["versions"].items())
    parameters = {item["name"]: item.get("parameters", {}) for item in manifest["notebooks"]}
    given = esc(json.dumps(manifest.get("given", manifest["settings"]), indent=2, default=str))
    in_effect = esc(json.dumps(parameters, indent=2, default=str))
    css = (RESOURCES_DIR / "templates" / "newsframes" / "report.css").read_text(encoding="utf-8")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>newsframes report: {esc(manifest["name"])}</title>
<style>{css}{_STYLE}</style></head>
<body class="nf-index"><main>
<h1>newsframes report: {esc(manifest["name"])}</h1>
<p class="nf-summary">{summary}</p>
{banner}
{"".join(sections)}
<details class="nf-manifest"><summary>Run manifest</summary>
<table class="nf-table nf-facts">{facts_html}</table>
<h3>Configuration as given</h3><pre>{given}</pre>
<h3>Parameters in effect, per notebook (defaults included)</h3><pre>{in_effect}</pre>
<h3>Package versions</h3><table class="nf-table nf-facts">{versions}</table>
</details>
</main></body></html>
"""
