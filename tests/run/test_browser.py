"""Every rendered page opens in headless Chromium with no console error and its images shown."""

from __future__ import annotations

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
    assert checked["failed_requests"].sum() == 0
    assert checked["broken_images"].sum() == 0
    corpus_page = checked.set_index("page").loc["00-corpus.html"]
    assert corpus_page["images"] >= 3
    for shot in checked["screenshot"]:
        assert (tmp_path / "shots" / shot.split("/")[-1]).stat().st_size > 10_000


def test_screenshots_command(chromium, seed_report, tmp_path, capsys):
    assert main(["screenshots", str(seed_report), "--out", str(tmp_path / "png")]) == 0
    assert (tmp_path / "png" / "00-corpus.png").exists()
    assert "00-corpus.html" in capsys.readouterr().out
