"""Chromium for the tests that look at pages: the HTML reports the course writes (similarity,
item analysis), screenshotted under test-output/ for people to look at, and JupyterLab itself.
Debian's Chromium, headless; Playwright never downloads a browser. Without Chromium a
developer's run skips (or leaves out the picture); CI (CI=true) fails instead."""
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def have_chromium(skip: bool = True) -> bool:
    """True when Chromium is there; otherwise fail in CI, else skip (or return False)."""
    if os.path.exists(CHROMIUM):
        return True
    if os.environ.get("CI") == "true":
        pytest.fail("Chromium is missing in CI: tools/system-packages.sh should have installed it")
    if skip:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return False


@contextmanager
def chromium():
    """A headless Chromium (root needs --no-sandbox)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def save_screenshot(page: Path, png: Path, width: int = 1300) -> bool:
    """A full-page PNG of the local HTML file ``page``; False when Chromium is missing."""
    if not have_chromium(skip=False):
        return False
    png.parent.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        tab = browser.new_page(viewport={"width": width, "height": 1000})
        tab.goto(Path(page).resolve().as_uri())
        tab.screenshot(path=str(png), full_page=True)
    return True
