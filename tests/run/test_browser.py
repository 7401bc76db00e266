"""Every rendered page opens in headless Chromium with no console error, no request and its images shown;
its tables sort and filter, its links to evidence land, and its header and footer lead to the rest of the run."""

from __future__ import annotations

import json
import re

import pytest

from helpers.cli import main
from helpers.paths import CONFIG_DIR
from helpers.run import browser, runner

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def chromium() -> str:
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')")
    found = browser.find_chromium()
    if not found:
        pytest.skip("no Chromium on this machine: apt-get install chromium (or set NEWSFRAMES_CHROMIUM)")
    return found


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports") / "seed"
    folder, results = runner.run(CONFIG_DIR / "seed.yml", out=out, echo=lambda *_: None)
    assert all(result.status == "ok" for result in results), [r.error for r in results]
    return folder


def test_every_page_loads_cleanly_with_its_images(chromium, seed_report, tmp_path):
    checked = browser.check_reports(seed_report, tmp_path / "shots")
    assert set(checked["page"]) >= {"index.html", "00-corpus.html"}
    assert checked["console_errors"].sum() == 0, checked["errors"].tolist()
    assert checked["requests"].sum() == 0 and checked["failed_requests"].sum() == 0
    assert checked["broken_images"].sum() == 0
    corpus_page = checked.set_index("page").loc["00-corpus.html"]
    assert corpus_page["images"] >= 3
    for shot in checked["screenshot"]:
        assert (tmp_path / "shots" / shot.split("/")[-1]).stat().st_size > 10_000


def test_screenshots_command(chromium, seed_report, tmp_path, capsys):
    assert main(["screenshots", str(seed_report), "--out", str(tmp_path / "png")]) == 0
    assert (tmp_path / "png" / "00-corpus.png").exists()
    assert "00-corpus.html" in capsys.readouterr().out


@pytest.fixture(scope="module")
def chrome(chromium):
    with browser.chromium() as opened:
        yield opened


def open_page(chrome, path):
    """A page of the report in Chromium, with what went wrong on it: console errors, requests, dialogs."""
    page = chrome.new_page(viewport={"width": 1200, "height": 900})
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: problems.append(request.url) if request.url != path.as_uri() else None)
    page.on("dialog", lambda dialog: (problems.append(f"dialog {dialog.message}"), dialog.dismiss()))
    page.goto(path.as_uri(), wait_until="load")
    return page, problems


def table_after(page, caption: str):
    return page.locator("p.nf-caption", has_text=caption).locator("xpath=following-sibling::table[1]")


def shown_column(table, name: str) -> list[str]:
    return table.evaluate(
        """(t, name) => {
            const at = Array.from(t.tHead.rows[0].cells).findIndex(c => c.textContent.trim() === name);
            return Array.from(t.tBodies[0].rows).filter(r => !r.hidden).map(r => r.cells[at].textContent.trim());
        }""",
        name,
    )


def test_tables_sort_by_a_clicked_header_and_filter_by_the_box_above(chrome, seed_report):
    page, problems = open_page(chrome, seed_report / "02-actors.html")
    table = table_after(page, "Most mentioned actors")
    mentions = table.locator("th", has_text="mentions").first
    mentions.click()
    numbers = [float(value.replace(",", "")) for value in shown_column(table, "mentions")]
    assert numbers == sorted(numbers, reverse=True) and mentions.get_attribute("aria-sort") == "descending"
    mentions.click()
    numbers = [float(value.replace(",", "")) for value in shown_column(table, "mentions")]
    assert numbers == sorted(numbers) and mentions.get_attribute("aria-sort") == "ascending"
    table.locator("th", has_text="actor_type").click()
    types = shown_column(table, "actor_type")
    assert types == sorted(types) and mentions.get_attribute("aria-sort") is None

    every = shown_column(table, "actor")
    box = table.locator("xpath=preceding-sibling::div[@class='nf-filter'][1]/input")
    box.fill("trump")
    kept = shown_column(table, "actor")
    assert kept and len(kept) < len(every) and all("trump" in actor.lower() for actor in kept)
    count = table.locator("xpath=preceding-sibling::div[@class='nf-filter'][1]/span").inner_text()
    assert count == f"{len(kept)} of {len(every)} rows"
    box.fill("")
    assert len(shown_column(table, "actor")) == len(every)
    assert problems == []


def test_evidence_links_land_on_their_target(chrome, seed_report):
    linked = 0
    for name in ("01-topics.html", "02-actors.html", "04-stories.html"):
        page, problems = open_page(chrome, seed_report / name)
        hrefs = page.eval_on_selector_all("a.nf-evidence", "links => links.map(a => a.getAttribute('href'))")
        assert hrefs, f"{name}: no link to evidence"
        missing = page.evaluate("hrefs => hrefs.filter(h => !document.getElementById(h.slice(1)))", hrefs)
        assert missing == [], name
        link = page.locator("a.nf-evidence").first
        target = link.get_attribute("href")
        link.click()
        assert page.evaluate("location.hash") == target
        assert page.evaluate(
            "id => { const r = document.getElementById(id).getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }",
            target[1:],
        ), f"{name}: {target} is not in view"
        linked += len(hrefs)
        assert problems == [], name
    assert linked >= 5


def test_an_actor_leads_to_its_lines_even_through_a_filter(chrome, seed_report):
    page, problems = open_page(chrome, seed_report / "02-actors.html")
    link = table_after(page, "Most mentioned actors").locator("a.nf-evidence").first
    actor = link.inner_text()
    lines = table_after(page, "Keyword in context")
    lines.locator("xpath=preceding-sibling::div[@class='nf-filter'][1]/input").fill("no line contains this")
    link.click()
    row = page.locator(f"tr{link.get_attribute('href')}")
    assert row.is_visible() and row.locator("td").first.inner_text() == actor
    assert problems == []


def test_every_page_has_a_header_to_the_others_and_the_run_in_its_footer(seed_report):
    manifest = json.loads((seed_report / "run.json").read_text(encoding="utf-8"))
    pages = {"00-corpus.html": "Corpus", "01-topics.html": "Topics", "02-actors.html": "Actors"}
    pages |= {"03-framing.html": "Framing", "04-stories.html": "Stories"}
    for name in pages:
        html = (seed_report / name).read_text(encoding="utf-8")
        nav = re.search(r'<nav class="nf-nav".*?</nav>', html, re.S).group(0)
        assert 'href="index.html"' in nav
        for other, title in pages.items():
            wanted = f'<span aria-current="page">{title}</span>' if other == name else f'<a href="{other}">{title}</a>'
            assert wanted in nav, (name, other)
        footer = re.search(r'<footer class="nf-footer">.*?</footer>', html, re.S).group(0)
        assert manifest["corpus"]["fingerprint"] in footer and manifest["started"][:10] in footer
        for csv in re.findall(r'href="(tables/[^"]+\.csv)"', html):
            assert (seed_report / csv).is_file(), (name, csv)
        assert html.count('class="nf-csv"') >= 3, name


def test_charts_link_the_table_they_were_drawn_from(seed_report):
    actors = (seed_report / "02-actors.html").read_text(encoding="utf-8")
    drawn = re.findall(r'<img[^>]*>\s*<p class="nf-more">Drawn from <a class="nf-csv" href="tables/(\w+)\.csv"', actors)
    assert {"actor_totals", "actor_by_source", "actor_voice"} <= set(drawn)
