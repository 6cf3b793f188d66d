"""Screenshots of the HTML pages the course writes (similarity report, item analysis), for
people to look at under test-output/. Debian's Chromium, headless; Playwright never downloads a
browser. Without Chromium a developer's run skips the picture; CI (CI=true) fails instead."""
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def save_screenshot(page: Path, png: Path, width: int = 1300) -> bool:
    """A full-page PNG of the local HTML file ``page``; False when Chromium is missing."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing in CI: tools/system-packages.sh installs it")
        return False
    from playwright.sync_api import sync_playwright

    png.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--headless", "--disable-gpu"])
        try:
            tab = browser.new_page(viewport={"width": width, "height": 1000})
            tab.goto(Path(page).resolve().as_uri())
            tab.screenshot(path=str(png), full_page=True)
        finally:
            browser.close()
    return True
