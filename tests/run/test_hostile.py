"""Hostile article text shows as text in every report and never runs; CSV cells never run as formulas."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from helpers.run import browser, runner
from helpers.run.render import page_script

pytestmark = pytest.mark.slow

SCRIPT = '<script>alert("owned")</script>'
IMAGE = "<img src=x onerror=alert(1)>"
LINK = '<a href="javascript:alert(2)">resumed</a>'
BODY = (
    "Officials from both countries met in the capital on Tuesday to discuss trade, security and the "
    "ceasefire, and agreed to meet again next month after a long and difficult session."
)


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    folder = root / "texts"
    folder.mkdir()
    texts = {
        "h1": f"{BODY}\n\nThe minister said {IMAGE} the talks {LINK} &amp; &lt;b&gt;went on&lt;/b&gt;. {SCRIPT}",
        "h2": f"{BODY}\n\nAnalysts said the talks were {SCRIPT} a success for trade and security.",
        "h3": f"{BODY}\n\nCritics said the ceasefire was fragile and the talks were slow.",
        "h4": f"{BODY}\n\nThe army chief said security cooperation would grow with trade.",
    }
    for doc_id, text in texts.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    pd.DataFrame(
        {
            "doc_id": list(texts),
            "source": ["<b>Alpha</b> News", "<b>Alpha</b> News", "Beta =Post", "Beta =Post"],
            "date": ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"],
            "title": [f"{SCRIPT} Talks", '=HYPERLINK("http://example.org","x")', f"{IMAGE} Ceasefire", "+1 Plain"],
        }
    ).to_csv(folder / "manifest.csv", index=False)
    config = root / "hostile.yml"
    config.write_text(f"corpus:\n  path: {folder}\n", encoding="utf-8")
    out = root / "report"
    _, results = runner.run(config, out=out, echo=lambda *_: None)
    assert all(result.status == "ok" for result in results), [(r.name, r.error) for r in results]
    return out


def pages(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.html"))


def test_no_markup_from_the_corpus_survives(hostile_report):
    assert len(pages(hostile_report)) >= 2
    script = page_script()
    own = f"<script>{script['text']}</script>"  # the page's own, the one script its policy allows
    for page in pages(hostile_report):
        html = page.read_text(encoding="utf-8")
        if page.name != "index.html":
            assert html.count(own) == 1 and f"script-src '{script['hash']}'" in html, page.name
            html = html.replace(own, "")
        assert not re.search(r"<script", html, re.I), page.name
        assert not re.search(r"<[a-z][^>]*\son\w+\s*=", html, re.I), page.name
        # Inside a tag only: escaped article text may show the characters href="javascript: as text.
        assert not re.search(r"""<[a-z][^<>]*(?:href|src)\s*=\s*["']?\s*javascript:""", html, re.I), page.name
        assert not re.search(r"<img(?![^>]*src=\"data:image/)", html, re.I), page.name


def test_hostile_text_is_shown_as_text(hostile_report):
    corpus_page = (hostile_report / "00-corpus.html").read_text(encoding="utf-8")
    assert re.search(r"&lt;script&gt;alert\((&quot;|\")owned(&quot;|\")\)&lt;/script&gt; Talks", corpus_page)
    assert "&lt;b&gt;Alpha&lt;/b&gt; News" in corpus_page


def test_evidence_sentences_quote_hostile_text_as_text(hostile_report):
    framing_page = (hostile_report / "03-framing.html").read_text(encoding="utf-8")
    assert "&lt;a href=" in framing_page and "&lt;script&gt;" in framing_page


def test_csv_cells_that_would_run_as_formulas_are_neutralised(hostile_report):
    table = pd.read_csv(hostile_report / "tables" / "corpus.csv", keep_default_na=False)
    titles = dict(zip(table["doc_id"], table["title"]))
    assert titles["h2"] == '\'=HYPERLINK("http://example.org","x")'
    assert titles["h4"] == "'+1 Plain"
    for path in (hostile_report / "tables").glob("*.csv"):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in frame.columns:
            risky = frame[column].str.match(r"^[=+@]") | frame[column].str.match(r"^-(?!\d)")
            assert not risky.any(), f"{path.name}:{column}"


def test_reports_open_in_chromium_without_running_anything(hostile_report):
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not browser.find_chromium():
        pytest.skip("no Chromium on this machine: apt-get install chromium")
    checked = browser.check_reports(hostile_report)
    assert checked["console_errors"].sum() == 0, checked["errors"].tolist()
    assert checked["requests"].sum() == 0 and checked["failed_requests"].sum() == 0


def test_sorting_and_filtering_hostile_text_keeps_it_text(hostile_report):
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not browser.find_chromium():
        pytest.skip("no Chromium on this machine: apt-get install chromium")
    problems: list[str] = []
    with browser.chromium() as chrome:
        for path in pages(hostile_report):
            page = chrome.new_page()
            problems.clear()
            page.on("dialog", lambda dialog: (problems.append(dialog.message), dialog.dismiss()))
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
            page.goto(path.as_uri(), wait_until="load")
            for table in page.locator("table.nf-table:has(th.nf-sortable)").all():
                for header in table.locator("th.nf-sortable").all():
                    header.click()
                table.locator("xpath=preceding-sibling::div[@class='nf-filter'][1]/input").fill("<script>")
            assert page.evaluate("document.scripts.length") == (0 if path.name == "index.html" else 1), path.name
            handlers = "Array.from(document.querySelectorAll('*')).filter(e => Array.from(e.attributes).some(a => a.name.startsWith('on'))).length"
            assert page.evaluate(handlers) == 0, path.name
            assert problems == [], (path.name, problems)
            if path.name == "00-corpus.html":
                corpus = page.locator("p.nf-caption", has_text="Documents").locator("xpath=following-sibling::table[1]")
                shown = corpus.evaluate(
                    "t => Array.from(t.tBodies[0].rows).filter(r => !r.hidden).map(r => r.textContent)"
                )
                assert shown and all("<script>" in row for row in shown)
                assert any('<script>alert("owned")</script> Talks' in row for row in shown)
            page.close()
