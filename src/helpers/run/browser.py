"""Open rendered reports in a real browser (headless Chromium): errors, images, screenshots.

Reports are meant to be opened by people who never see the code, so the check is the one they
would make: every page loads with no console error, no request beyond the page itself (a page is
self-contained: nothing is fetched) and every image shown.
Chromium is the system's own (Debian's ``chromium`` package, or ``NEWSFRAMES_CHROMIUM``);
Playwright drives it and never downloads a browser.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from helpers.errors import InputError

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
)


def find_chromium() -> str:
    """The Chromium executable, or "" when there is none."""
    configured = os.environ.get("NEWSFRAMES_CHROMIUM", "")
    if configured:
        return configured if Path(configured).exists() else ""
    return next((found for name in CANDIDATES if (found := shutil.which(name))), "")


@contextmanager
def chromium():
    """Headless Chromium (the system's own) driven by Playwright, closed on leaving.

    Raises:
        InputError: no Chromium on this machine.
    """
    from playwright.sync_api import sync_playwright

    executable = find_chromium()
    if not executable:
        raise InputError("no Chromium found; install it (apt-get install chromium) or set NEWSFRAMES_CHROMIUM")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=list(FLAGS))
        try:
            yield browser
        finally:
            browser.close()


def check_reports(folder: str | Path, screenshots: str | Path | None = None, width: int = 1200) -> pd.DataFrame:
    """Open every HTML page of a report folder in headless Chromium.

    Args:
        folder: a report folder (``reports/seed``).
        screenshots: if given, a full-page PNG of each page is saved there.
        width: the browser window width in pixels.

    Returns:
        One row per page: page, console_errors (count), errors (the messages, joined),
        requests (to anything but the page itself), failed_requests, images, broken_images,
        screenshot (path or "").

    Raises:
        InputError: no HTML pages in ``folder``, or no Chromium on this machine.
    """
    root = Path(folder).resolve()
    pages = sorted(root.glob("*.html"))
    if not pages:
        raise InputError(f"{root}: no .html pages; run the suite first (make report)")
    shots = Path(screenshots).resolve() if screenshots else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        rows = [_check_page(browser, path, shots, width) for path in pages]
    return pd.DataFrame(rows)


def _check_page(browser, path: Path, shots: Path | None, width: int) -> dict:
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    failed: list[str] = []
    requested: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("request", lambda request: requested.append(request.url) if request.url != path.as_uri() else None)
    page.goto(path.as_uri(), wait_until="load")
    images = page.evaluate("Array.from(document.images).map(i => i.complete && i.naturalWidth > 0)")
    screenshot = ""
    if shots:
        screenshot = str(shots / f"{path.stem}.png")
        page.screenshot(path=screenshot, full_page=True)
    page.close()
    return {
        "page": path.name,
        "console_errors": len(errors),
        "errors": " | ".join(errors),
        "requests": len(requested),
        "failed_requests": len(failed),
        "images": len(images),
        "broken_images": images.count(False),
        "screenshot": screenshot,
    }
