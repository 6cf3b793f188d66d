"""Formgrader on a graded class, end to end (COURSE_SPEC §8 and §12, issue 11).

`course grade` makes its DIR nbgrader's course folder. Started as docs/INSTRUCTORS.md says
(JupyterLab in DIR), Formgrader lists every graded lesson and submission, opens each autograded
notebook with the grader's verdict lines under its test cells, and a score typed there for a
written answer reaches grades.csv on the next `course grade`. The browser test does what an
instructor does, in headless Chromium; the others check what Formgrader reads (nbgrader's own
API, from DIR's configuration) and that nbgrader's buttons run no student code.

The class is graded from the tiny fixture course (tests/grading_fixtures/course): ann (lessons
01 and 02, solved), ben (01, the handed-out notebook, as an LMS flat file), cat (01, `double`
wrong). Screenshots: test-output/browser/formgrader-lessons.png, formgrader-submission.png.
"""
from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.grading import outputs
from grading_fixtures.build_course import HIDDEN_MARKER
from grading_fixtures.hostile import COURSE, OTHER, TINY
from grading_fixtures.make import load, released, with_answers, write
from test_browser import (OUTPUT, TOKEN, _require_chromium, browser, quiet_lab_settings,  # noqa: F401
                          start_lab, stop_lab)

pytestmark = pytest.mark.slow

STUDENTS = {"01_tiny": ["ann", "ben", "cat"], "02_other": ["ann"]}
WRONG_DOUBLE = "def double(x):\n    return 3 * x"


def course_grade(submissions: Path, out: Path) -> subprocess.CompletedProcess:
    """`course grade SUBMISSIONS --out DIR` as the guide runs it, on the fixture course."""
    result = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", str(submissions), "--out", str(out),
         "--workers", "2"],
        env={**os.environ, "COURSE_ROOT": str(COURSE)}, capture_output=True, text=True,
        timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return result


def grades(out: Path) -> dict:
    rows = csv.DictReader((out / "grades.csv").read_text().splitlines())
    return {(r["student"], r["lesson"]): r for r in rows}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("term")
    tiny, other = load(TINY), load(OTHER)
    submissions = base / "submissions"
    write(released(tiny, True), submissions / "ann" / "01_tiny" / "01_tiny.ipynb")
    write(released(other, True), submissions / "ann" / "02_other" / "02_other.ipynb")
    write(released(tiny, False), submissions / "ben_01_tiny.ipynb")
    write(with_answers(released(tiny, True), {"double": WRONG_DOUBLE}),
          submissions / "cat" / "01_tiny" / "01_tiny.ipynb")
    out = base / "grading"
    first = course_grade(submissions, out)
    return {"submissions": submissions, "out": out, "stdout": first.stdout}


def nbgrader_api(folder: Path, monkeypatch):
    """nbgrader's API configured as Formgrader is when JupyterLab starts in ``folder``."""
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.apps.baseapp import NbGrader
    from nbgrader.coursedir import CourseDirectory

    monkeypatch.chdir(folder)
    app = NbGrader()
    app.load_config_file()
    return NbGraderAPI(CourseDirectory(config=app.config), config=app.config)


def _files(out: Path) -> dict:
    """{path: (bytes, mtime)} of what course grade writes for Formgrader."""
    found = {}
    for part in ("nbgrader_config.py", "source", "submitted", "autograded", "exchange"):
        top = out / part
        for path in sorted([top, *(top.rglob("*") if top.is_dir() else [])]):
            if path.is_file():
                found[str(path.relative_to(out))] = (path.read_bytes(), path.stat().st_mtime_ns)
    return found


# -- what Formgrader reads ----------------------------------------------------------------------
def test_formgrader_lists_every_graded_lesson_and_submission(graded, monkeypatch):
    out = graded["out"]
    api = nbgrader_api(out, monkeypatch)
    assert api.coursedir.root == str(out) and api.course_id and not api.exchange_missing
    assert Path(api.exchange_root).parent == out and Path(api.exchange_root).is_dir()
    assignments = {a["name"]: a for a in api.get_assignments()}
    assert {name: a["num_submissions"] for name, a in assignments.items()} == {
        name: len(students) for name, students in STUDENTS.items()}
    for lesson, students in STUDENTS.items():
        subs = api.get_submissions(lesson)
        assert [(s["student"], s["autograded"], s["submitted"]) for s in subs] == [
            (s, True, True) for s in students]
        assert all(s["timestamp"] for s in subs)
        listed = api.get_notebook_submissions(lesson, lesson)        # Manual Grading's list
        assert sorted(s["student"] for s in listed) == students
    # the gradebook holds exactly the graded rows of grades.csv, with their points
    with api.gradebook as gb:
        in_db = {(s.student.id, s.assignment.name): s.score for a in gb.assignments
                 for s in a.submissions}
    rows = grades(out)
    assert set(in_db) == {k for k, r in rows.items() if r["status"] == "graded"}
    assert {k: float(rows[k]["score"]) for k in in_db} == in_db


def test_the_submitted_time_is_the_gradebooks(graded, monkeypatch):
    out = graded["out"]
    api = nbgrader_api(out, monkeypatch)
    stamp = (out / "submitted" / "cat" / "01_tiny" / "timestamp.txt").read_text()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.000000 UTC\n", stamp)
    with api.gradebook as gb:
        assert gb.find_submission("01_tiny", "cat").timestamp == api.get_submitted_timestamp(
            "01_tiny", "cat")
    assert not list((out / "submitted").rglob("*.ipynb"))      # nothing for nbgrader to run
    source = json.loads((out / "source" / "01_tiny" / "01_tiny.ipynb").read_text())
    assert source == load(TINY)                               # the source, rubric included


def test_nbgrader_buttons_run_no_student_code_and_leak_no_hidden_test(graded, monkeypatch):
    """Formgrader's Autograde button finds nothing to run (course grade's sandbox is the only
    place student code runs) and leaves autograded/ alone; its Generate Feedback strips the
    hidden tests and writes beside, not into, the course's feedback/ pages."""
    out = graded["out"]
    notebook = out / "autograded" / "cat" / "01_tiny" / "01_tiny.ipynb"
    before = notebook.read_bytes()
    api = nbgrader_api(out, monkeypatch)
    result = api.autograde("01_tiny", "cat")
    assert not result["success"] and "No notebooks were matched" in result["error"]
    assert notebook.read_bytes() == before
    result = api.generate_feedback("01_tiny", "cat")
    assert result["success"], result.get("error")
    page = (out / "nbgrader-feedback" / "cat" / "01_tiny" / "01_tiny.html").read_text()
    assert "double(2): got 6, expected 4." in page and HIDDEN_MARKER not in page
    assert sorted(p.name for p in (out / "feedback" / "cat").iterdir()) == ["01_tiny.html"]
    shutil.rmtree(out / "nbgrader-feedback")


def test_a_moved_grading_folder_still_opens(graded, tmp_path, monkeypatch):
    moved = tmp_path / "elsewhere"
    shutil.copytree(graded["out"], moved)
    api = nbgrader_api(moved, monkeypatch)
    assert api.coursedir.root == str(moved) and api.coursedir.db_url.endswith(
        str(moved / "gradebook.db"))
    assert [s["student"] for s in api.get_notebook_submissions("01_tiny", "01_tiny")]


def test_a_rerun_rewrites_nothing(graded):
    before = _files(graded["out"])
    rerun = course_grade(graded["submissions"], graded["out"])
    assert "0 submission(s) to grade, 4 unchanged" in rerun.stdout
    assert _files(graded["out"]) == before


def test_the_formgrader_config_never_holds_a_password(tmp_path):
    text = outputs.formgrader_config(tmp_path, "postgresql://grader:s3cret@db.example.edu/backprop",
                                     "backprop")
    assert "s3cret" not in text and "'postgresql://grader@db.example.edu/backprop'" in text
    mine = outputs.formgrader_config(tmp_path, f"sqlite:///{tmp_path / 'gradebook.db'}", "backprop")
    assert 'os.path.join(here, "gradebook.db")' in mine and str(tmp_path) not in mine


def test_an_instructors_own_config_is_kept_aside(tmp_path):
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\nc.Foo.bar = 1\n")
    notes = outputs.write_formgrader_course(tmp_path, {}, f"sqlite:///{tmp_path / 'g.db'}", "x")
    assert notes and (tmp_path / "nbgrader_config.py.orig").read_text().endswith("c.Foo.bar = 1\n")
    assert (tmp_path / "nbgrader_config.py").read_text().startswith(outputs.CONFIG_MARK)
    assert outputs.write_formgrader_course(tmp_path, {}, f"sqlite:///{tmp_path / 'g.db'}", "x") == []


def test_folders_are_named_by_the_gradebooks_ids():
    assert outputs.nbgrader_name("Jane Doe") == "Jane Doe"        # Moodle's full names
    assert outputs.nbgrader_name("..") != ".." and "/" not in outputs.nbgrader_name("a/b")


# -- in the browser, as the instructor -----------------------------------------------------------
@pytest.mark.browser
def test_instructor_grades_a_written_answer_in_formgrader(graded, browser, tmp_path):  # noqa: F811
    """docs/INSTRUCTORS.md §8 step by step: JupyterLab started in DIR, Nbgrader > Formgrader,
    Manual Grading lists the lessons, a lesson's notebook lists every submission, a submission
    shows the verdict lines under its test cells, a score for the written answer is saved, and
    the next `course grade` puts it in grades.csv."""
    _require_chromium()
    out = graded["out"]
    OUTPUT.mkdir(parents=True, exist_ok=True)
    # `cd grading && ../.venv/bin/jupyter lab` (as root: --allow-root), in an unprepared shell
    jupyter = Path(sys.executable).with_name("jupyter")
    settings = quiet_lab_settings(tmp_path)
    proc, base, log = start_lab([str(jupyter), "lab", "--allow-root"], out,
                                env={**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(settings),
                                     "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces")},
                                log_path=tmp_path / "jupyterlab.log")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(90_000)        # a busy CI machine renders slowly
    try:
        page.goto(f"{base}/lab?token={TOKEN}")
        page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
        page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Formgrader$")).click()
        fg = page.locator("iframe").element_handle().content_frame()  # its tab
        fg.wait_for_url("**/formgrader/manage_assignments")
        # Manage Assignments: every graded lesson, its submissions counted, no warning
        for lesson, students in STUDENTS.items():
            row = fg.locator("#main-table tr", has_text=lesson)
            row.locator("td.num-submissions").get_by_text(str(len(students))).wait_for()
        assert fg.locator(".alert-warning").count() == 0
        seen = {"Manage Assignments": fg.locator("#main-table").inner_text()}
        # Manual Grading: the lesson list
        fg.get_by_role("link", name="Manual Grading").click()
        fg.wait_for_url("**/formgrader/gradebook")
        for lesson in STUDENTS:
            fg.locator("#main-table td a", has_text=lesson).wait_for()
        page.screenshot(path=str(OUTPUT / "formgrader-lessons.png"))
        seen["Manual Grading"] = fg.locator("#main-table").inner_text()
        # the lesson, its notebook, every submission by name
        fg.locator("#main-table td a", has_text="01_tiny").click()
        fg.wait_for_url("**/formgrader/gradebook/01_tiny")
        fg.locator("#main-table td a", has_text="01_tiny").click()
        fg.wait_for_url("**/formgrader/gradebook/01_tiny/01_tiny")
        fg.locator("#main-table td a", has_text=f"Submission #{len(STUDENTS['01_tiny'])}").wait_for()
        fg.get_by_role("button", name="Show All Names").click()
        for student in STUDENTS["01_tiny"]:
            fg.get_by_role("link", name=student, exact=True).wait_for()
        seen["Manual Grading > 01_tiny > 01_tiny, Show All Names"] = fg.locator("#main-table").inner_text()
        fg.get_by_role("link", name="cat", exact=True).click()
        # cat's notebook: the verdict lines under the test cells, never their hidden source
        verdict = fg.locator(".output_area pre", has_text="grader: 0 of 1 point(s)").first
        verdict.wait_for()
        outputs_shown = fg.locator(".output_area pre").all_inner_texts()
        assert any("✗ double(2): got 6, expected 4." in text for text in outputs_shown)
        assert any(text.startswith("grader: 2 of 2 point(s)") for text in outputs_shown)
        assert not any(HIDDEN_MARKER in text for text in outputs_shown)
        verdict.scroll_into_view_if_needed()
        page.screenshot(path=str(OUTPUT / "formgrader-submission.png"))
        seen["cat's submission, under double_tests"] = verdict.inner_text()
        # half a point for the written answer: type it, leave the box, Formgrader saves it
        box = fg.locator("input.score#why_answer")
        box.scroll_into_view_if_needed()
        with page.expect_response(lambda r: "/formgrader/api/grade/" in r.url
                                  and r.request.method == "PUT") as saved:
            box.fill("0.5")
            box.press("Tab")
        assert saved.value.status == 200 and saved.value.json()["manual_score"] == 0.5
    except Exception:
        page.screenshot(path=str(OUTPUT / "formgrader-failure.png"))
        raise
    finally:
        page.close()
        stop_lab(proc, log)
    assert grades(out)[("cat", "01_tiny")]["why_answer"] == ""
    rerun = course_grade(graded["submissions"], out)
    assert "0 submission(s) to grade, 4 unchanged" in rerun.stdout
    row = grades(out)[("cat", "01_tiny")]
    assert (row["why_answer"], row["score"], row["max_score"]) == ("0.5", "3.5", "6")
    # what the instructor saw, for the excerpts in docs/INSTRUCTORS.md
    seen["course grade, again"] = rerun.stdout.splitlines()[0]
    seen["grades.csv"] = "\n".join(line for line in (out / "grades.csv").read_text().splitlines()
                                   if line.startswith(("student,", "cat,")))
    (OUTPUT / "formgrader-excerpts.txt").write_text(
        "".join(f"== {where}\n{text.strip()}\n\n" for where, text in seen.items()))
