"""`course lab` hides nbgrader's instructor tools from students; the staff's JupyterLab keeps them.

Two JupyterLabs from the project's environment, in a real browser (Debian's Chromium through
Playwright): one started by `course lab --no-browser` (the student's), one started the staff
way (`python -m jupyterlab` in the course folder, as docs/INSTRUCTORS.md says). The student's has
no Nbgrader menu, no "Create Assignment" panel and no Formgrader, yet keeps nbgrader's Validate
button; the staff's has all of them. Screenshots go to test-output/browser/."""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from page_screenshot import chromium, have_chromium

from autograder.lab import INSTRUCTOR_LAB_PLUGINS, STUDENT_CONFIG
from autograder.nbgrader_config import kernel_env

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "test-output" / "browser"
TOKEN = "course-lab-extensions-test"
LESSON = "01_chain_rule"
NBGRADER_MENU = "Nbgrader"
CREATE_ASSIGNMENT = "nbgrader-create_assignemnt"     # nbgrader's own (misspelt) widget id

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, ""


def _start(cmd, cwd: Path, env: dict, port: int, log_path: Path):
    log = open(log_path, "w")
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    base = f"http://localhost:{port}"
    deadline = time.time() + 90
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
            return proc, log, base
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                _stop(proc, log)
                pytest.fail(f"JupyterLab did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.5)


def _stop(proc, log):
    if proc.poll() is None:
        os.killpg(proc.pid, 15)       # course lab and the JupyterLab it started
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()
    log.close()


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    have_chromium()
    course = tmp_path_factory.mktemp("course")
    (course / "autograder").mkdir()
    shutil.copytree(ROOT / "lessons" / LESSON, course / "lessons" / LESSON,
                    ignore=shutil.ignore_patterns("kernel-ipc*", ".ipynb_checkpoints"))
    # No "get notified about Jupyter news?" pop-up over the screenshots.
    settings = course / ".lab-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        '{"fetchNews": "false", "checkForUpdates": false}')
    return course


def _env(course: Path) -> dict:
    env = kernel_env(headless=True)
    env.update(COURSE_ROOT=str(course), JUPYTER_TOKEN=TOKEN,
               JUPYTERLAB_SETTINGS_DIR=str(course / ".lab-settings"),
               PYTHONPATH=os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]))
    return env


@pytest.fixture(scope="module")
def student_lab(course):
    port = _free_port()
    proc, log, base = _start([sys.executable, "-m", "autograder", "lab", "--no-browser",
                              f"--port={port}"], course, _env(course), port,
                             course / "student-lab.log")
    yield base
    _stop(proc, log)


@pytest.fixture(scope="module")
def staff_lab(course):
    port = _free_port()
    proc, log, base = _start([sys.executable, "-m", "jupyterlab", "--no-browser",
                              f"--port={port}", f"--ServerApp.root_dir={course}",
                              "--allow-root"], course, _env(course), port,
                             course / "staff-lab.log")
    yield base
    _stop(proc, log)


@pytest.fixture(scope="module")
def browser():
    have_chromium()
    with chromium() as b:
        yield b


def _page_config(base: str) -> dict:
    status, text = _get(f"{base}/lab?token={TOKEN}")
    assert status == 200
    found = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                      text, re.S)
    return json.loads(found.group(1))


def _open_notebook(browser, url: str):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(url)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    # nbgrader's student tool loads with the notebook: its Validate button is the sign that
    # nbgrader's lab extension has run, so an absent menu is not just a page still loading
    page.locator(".validate-button").first.wait_for(timeout=60_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Help").wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    return page


def _menu_labels(page) -> list[str]:
    return [t.strip() for t in page.locator(".lm-MenuBar-itemLabel").all_inner_texts()]


def test_students_see_no_instructor_tools(course, student_lab, browser):
    config = _page_config(student_lab)
    assert set(INSTRUCTOR_LAB_PLUGINS) <= set(config["disabledExtensions"])
    assert _get(f"{student_lab}/formgrader?token={TOKEN}")[0] == 404
    assert (course / "work" / STUDENT_CONFIG / "labconfig" / "page_config.json").is_file()

    OUTPUT.mkdir(parents=True, exist_ok=True)
    page = _open_notebook(browser, f"{student_lab}/lab/tree/{LESSON}/{LESSON}.ipynb?token={TOKEN}")
    try:
        labels = _menu_labels(page)
        assert "File" in labels and NBGRADER_MENU not in labels, labels
        assert page.locator(f'.lm-TabBar-tab[data-id="{CREATE_ASSIGNMENT}"]').count() == 0
        assert page.locator(f"#{CREATE_ASSIGNMENT}").count() == 0
    finally:
        page.screenshot(path=str(OUTPUT / "lab-student.png"))
        page.close()


def test_the_staff_way_keeps_them(course, staff_lab, browser):
    config = _page_config(staff_lab)
    assert not any(p in config.get("disabledExtensions", {}) for p in INSTRUCTOR_LAB_PLUGINS)
    assert _get(f"{staff_lab}/formgrader?token={TOKEN}")[0] == 200

    page = _open_notebook(browser,
                          f"{staff_lab}/lab/tree/lessons/{LESSON}/{LESSON}.ipynb?token={TOKEN}")
    try:
        page.locator(".lm-MenuBar-itemLabel", has_text=NBGRADER_MENU).wait_for(timeout=60_000)
        tab = page.locator(f'.lm-TabBar-tab[data-id="{CREATE_ASSIGNMENT}"]')
        tab.wait_for(timeout=60_000)
        tab.click()                      # open the Create Assignment panel for the picture
        page.locator(f"#{CREATE_ASSIGNMENT}").wait_for(state="visible", timeout=30_000)
    finally:
        page.screenshot(path=str(OUTPUT / "lab-staff.png"))
        page.close()
