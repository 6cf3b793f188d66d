"""End to end in a real browser: JupyterLab (with nbgrader's extensions) from the project's
environment, driven by headless Chromium through Playwright.

A student opens lesson 01 and runs a cell; an instructor opens Formgrader and sees the course's
lessons. Screenshots go to test-output/browser/. Chromium is Debian's (/usr/bin/chromium, installed
by `make test` through tools/system-packages.sh); Playwright never downloads a browser."""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from autograder.nbgrader_config import kernel_env
from conftest import require_tool

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "test-output" / "browser"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
TOKEN = "course-browser-test"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _require_chromium():
    require_tool(os.path.exists(CHROMIUM),
                 f"Chromium is not installed ({CHROMIUM} is missing): apt-get install chromium")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def quiet_lab_settings(folder: Path) -> Path:
    """A JupyterLab settings folder without the "get notified about Jupyter news?" pop-up."""
    settings = folder / ".lab-settings"
    (settings / "@jupyterlab" / "apputils-extension").mkdir(parents=True, exist_ok=True)
    (settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        '{"fetchNews": "false", "checkForUpdates": false}')
    return settings


def start_lab(command: list, cwd: Path, env: dict, log_path: Path):
    """Start JupyterLab (``command`` plus a free port and the test's token) in ``cwd``; returns
    (process, base URL, log file) once it answers, or fails the test with the end of its log."""
    port = _free_port()
    log = open(log_path, "w")
    proc = subprocess.Popen(
        [*command, "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         f"--ServerApp.token={TOKEN}", "--LabApp.news_url=",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
            return proc, base, log
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                stop_lab(proc, log)
                pytest.fail("JupyterLab did not start:\n" + Path(log_path).read_text()[-3000:])
            time.sleep(0.5)


def stop_lab(proc, log):
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log.close()


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    _require_chromium()
    course = tmp_path_factory.mktemp("course")
    for name in ("lessons", "solutions"):
        shutil.copytree(ROOT / name, course / name,
                        ignore=shutil.ignore_patterns("kernel-ipc*", ".ipynb_checkpoints"))
    shutil.copy(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    settings = quiet_lab_settings(course)
    proc, base, log = start_lab(
        [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={course}", "--allow-root"],
        course, log_path=course / "jupyterlab.log",
        # kernel_env puts this environment's scripts on PATH (nbgrader runs its `alembic`)
        env={**kernel_env(headless=True), "JUPYTERLAB_SETTINGS_DIR": str(settings)})
    yield base, course
    stop_lab(proc, log)


@pytest.fixture(scope="module")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


def test_student_runs_a_cell_of_lesson_01(jupyterlab, browser):
    base, _ = jupyterlab
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{base}/lab/tree/lessons/01_chain_rule/01_chain_rule.ipynb?token={TOKEN}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
    # The lesson's own first code cell (its imports) runs without an error ...
    first_code = page.locator(".jp-Notebook .jp-CodeCell").first
    first_code.click()
    page.wait_for_timeout(500)          # let JupyterLab settle focus before the shortcut
    page.keyboard.press("Escape")
    page.wait_for_timeout(500)
    page.keyboard.press("Shift+Enter")
    first_code.locator(".jp-InputPrompt", has_text="[1]").wait_for(timeout=60_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
    assert first_code.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    # ... and a cell the student adds sees the course's library in the project's kernel.
    page.keyboard.press("Escape")
    page.keyboard.press("a")
    page.keyboard.press("Enter")
    page.keyboard.type("import nn_lib; print('sigmoid(0) =', nn_lib.sigmoid(0.0))")
    page.keyboard.press("Shift+Enter")
    output = page.locator(".jp-OutputArea-output", has_text="sigmoid(0) = 0.5")
    output.first.wait_for(timeout=60_000)
    page.screenshot(path=str(OUTPUT / "lesson01.png"))
    page.close()


def test_instructor_sees_lessons_in_formgrader(jupyterlab, browser):
    base, course = jupyterlab
    OUTPUT.mkdir(parents=True, exist_ok=True)
    lessons = sorted(p.name for p in (course / "solutions").iterdir() if p.is_dir())
    assert lessons, "solutions/ holds no lesson"
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{base}/formgrader?token={TOKEN}")
    try:
        page.get_by_text("Manage Assignments").first.wait_for(timeout=60_000)
        for lesson in lessons:
            page.locator("td", has_text=lesson).first.wait_for(timeout=60_000)
    finally:
        page.screenshot(path=str(OUTPUT / "formgrader.png"))
    page.close()
