"""The report's front page: a link to each notebook's page, failures with their errors, the run manifest."""

from __future__ import annotations

import html
import json

from helpers.paths import RESOURCES_DIR


def index_html(manifest: dict) -> str:
    """The report's front page: links to each notebook, failures with their errors, the manifest."""
    esc = html.escape
    rows = []
    for item in manifest["notebooks"]:
        link = f'<a href="{esc(item["html"])}">{esc(item["file"])}</a>' if item["html"] else esc(item["file"])
        status = "ok" if item["status"] == "ok" else "FAILED"
        error = (
            f'<div class="nf-error">{esc(item["error"])} — <a href="{esc(item["executed"])}">executed notebook</a></div>'
            if item["error"]
            else ""
        )
        rows.append(
            f'<tr class="nf-{esc(item["status"])}"><td>{link}{error}</td><td>{status}</td>'
            f'<td class="nf-num">{item["seconds"]:.1f} s</td></tr>'
        )
    corpus = manifest["corpus"]
    facts = [
        ("configuration", manifest["config"]),
        ("started (UTC)", manifest["started"]),
        ("wall time", f"{manifest['seconds']:.1f} s"),
        ("commit", manifest["commit"] or "(not in git)"),
        ("corpus", corpus["path"]),
        ("corpus fingerprint", corpus["fingerprint"]),
        ("documents / sources / words", f"{corpus['documents']:,} / {corpus['sources']:,} / {corpus['words']:,}"),
        ("dates", f"{corpus['first_date'] or '?'} to {corpus['last_date'] or '?'} ({corpus['undated']} undated)"),
    ]
    facts_html = "".join(f"<tr><th>{esc(k)}</th><td>{esc(str(v))}</td></tr>" for k, v in facts)
    versions = ", ".join(f"{esc(k)} {esc(v)}" for k, v in manifest["versions"].items())
    settings = esc(json.dumps(manifest["settings"], indent=2, default=str))
    failed = [item for item in manifest["notebooks"] if item["status"] != "ok"]
    banner = (
        f'<div class="nf-warning">{len(failed)} notebook(s) failed; their pages show where. '
        "The other reports are complete.</div>"
        if failed
        else ""
    )
    css = (RESOURCES_DIR / "templates" / "newsframes" / "report.css").read_text(encoding="utf-8")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>newsframes report: {esc(manifest["name"])}</title>
<style>{css}</style></head>
<body class="nf-index"><main>
<h1>newsframes report: {esc(manifest["name"])}</h1>
{banner}
<table class="nf-table"><thead><tr><th>notebook</th><th>status</th><th>time</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table>
<p class="nf-text">Tables behind every chart are in <a href="tables/">tables/</a>; the run as data in
<a href="run.json">run.json</a>.</p>
<h2>Run manifest</h2>
<table class="nf-table nf-facts">{facts_html}</table>
<p class="nf-text">Package versions: {versions}</p>
<details><summary>Settings</summary><pre>{settings}</pre></details>
</main></body></html>
"""
