"""`course grade` against what real classes send in (COURSE_SPEC §6): a hostile class graded once
with two workers, each student with the exact status and score the grader must give; resume,
--student, manual scores from the gradebook, worker-count independence, zips, a broken kernel.

All kernels run the tiny fixture course (tests/grading_fixtures/course)."""
from __future__ import annotations

import csv
import io
import json
import shutil
import stat
import zipfile
from pathlib import Path

import pytest

from autograder.grading import grade_class
from grading_fixtures.build_course import HIDDEN_MARKER
from grading_fixtures.hostile import CASES, COURSE, TAMPER, TINY, build_class
from grading_fixtures.make import load, released, with_answers, write

pytestmark = pytest.mark.slow
TIMEOUT = 5      # per cell, for the hostile class (infinite loops cost this much each)
CALM = 30        # per cell, for classes without infinite loops (slack for a loaded machine)


def _by_student(out: Path) -> dict:
    data = json.loads((out / "results.json").read_text())
    return {s["student"]: s for s in data["submissions"]}


def _exercises(entry: dict) -> dict:
    return {e["grade_id"]: e for e in entry["exercises"]}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    out = tmp_path_factory.mktemp("out")
    expected = build_class(root)
    stream = io.StringIO()
    rc = grade_class(root, out, 2, TIMEOUT, None, None, False, course_root=COURSE, stream=stream)
    return {"root": root, "out": out, "rc": rc, "stdout": stream.getvalue(),
            "expected": expected, "results": _by_student(out)}


def test_the_run_succeeds_and_reports_progress(hostile):
    assert hostile["rc"] == 0
    assert "grading [" in hostile["stdout"] and "ETA" in hostile["stdout"]
    assert "Item analysis" in hostile["stdout"] and (hostile["out"] / "summary.html").is_file()


@pytest.mark.parametrize("student", sorted(CASES))
def test_each_hostile_submission_gets_its_exact_outcome(hostile, student):
    entry = hostile["results"][student]
    assert entry["status"] == "graded", entry["message"]
    got = _exercises(entry)
    for gid, (status, score) in hostile["expected"][student].items():
        assert (got[gid]["status"], got[gid]["score"]) == (status, score), (gid, got[gid])
        assert got[gid]["tampered"] is False
    manual = got["why_answer"]
    assert (manual["status"], manual["score"], manual["manual_max_score"]) == ("manual", None, 1.0)
    assert entry["score"] == sum(s for _, s in hostile["expected"][student].values())
    assert entry["max_score"] == 5.0 and entry["manual_max_score"] == 1.0


def test_failures_say_why(hostile):
    res = hostile["results"]
    assert "nn_lib's own implementation" in _exercises(res["reference"])["sigmoid"]["feedback"]
    assert "nn_lib's own implementation" in _exercises(res["sneaky"])["sigmoid"]["feedback"]
    assert "did not finish within 5 s" in _exercises(res["loop"])["double"]["feedback"]
    for waiter in ("sleeper", "deadlock"):    # stopped after 5 s of waiting, not 4 x 5 + 10 s
        assert "waited 5 s without computing anything" in _exercises(res[waiter])["double"]["feedback"]
    assert "crashed" in _exercises(res["segfault"])["double"]["feedback"]
    assert "stopped with SystemExit" in _exercises(res["sysexit"])["double"]["feedback"]
    assert "MemoryError" in _exercises(res["bigmem"])["double"]["feedback"]
    assert "got 6, expected 4" in _exercises(res["patcher"])["double"]["feedback"]
    huge = _exercises(res["hugeerror"])["double"]["feedback"]
    assert "stopped with ValueError: xxx" in huge and len(huge) <= 3000
    assert all(len(e["feedback"]) <= 3200 for s in res.values() for e in s["exercises"])
    stub = _exercises(res["stub"])["double"]
    assert stub["status"] == "not_attempted"
    assert stub["feedback"] == "Not attempted: `double` still raises NotImplementedError."


def test_tampered_test_cells_are_restored_and_flagged(hostile):
    got = _exercises(hostile["results"]["tamper"])
    for gid, (status, score, tampered) in TAMPER.items():
        assert (got[gid]["status"], got[gid]["score"], got[gid]["tampered"]) == (status, score, tampered)
    assert "original tests were used" in got["double"]["feedback"]


def test_submissions_that_cannot_be_graded_are_recorded_with_a_reason(hostile):
    res = hostile["results"]
    assert res["badjson"]["status"] == "invalid_notebook" and "not valid JSON" in res["badjson"]["message"]
    assert res["notnb"]["status"] == "invalid_notebook" and "not a Jupyter notebook" in res["notnb"]["message"]
    assert res["pdf"]["status"] == "invalid_notebook"
    assert res["empty"]["status"] == "no_notebook"
    for s in ("badjson", "notnb", "pdf", "empty"):
        assert res[s]["score"] is None and res[s]["exercises"] == []


def test_content_decides_the_lesson_and_the_newest_notebook_counts(hostile):
    res = hostile["results"]
    assert res["mixup"]["lesson"] == "02_other" and res["mixup"]["score"] == 1.0
    assert "02_other" in res["mixup"]["message"] and "01_tiny" in res["mixup"]["message"]
    assert res["twice"]["file"].endswith("final.ipynb") and res["twice"]["score"] == 5.0
    assert "draft.ipynb" in res["twice"]["message"]
    assert res["nometa"]["lesson"] == "01_tiny" and res["nometa"]["score"] == 5.0


def test_hidden_tests_never_reach_the_outputs(hostile):
    out = hostile["out"]
    files = [out / "results.json", out / "grades.csv", out / "summary.html",
             *sorted((out / "feedback").rglob("*.html"))]
    assert len(files) > 20
    for path in files:
        assert HIDDEN_MARKER not in path.read_text(), path
    assert HIDDEN_MARKER not in hostile["stdout"]
    leak = _exercises(hostile["results"]["leaker"])["double"]["feedback"]
    assert "stopped with ValueError: leak" in leak and "withheld" in leak


def test_grades_csv_layout(hostile):
    rows = list(csv.reader((hostile["out"] / "grades.csv").read_text().splitlines()))
    assert rows[0] == ["student", "lesson", "score", "status", "max_score", "sigmoid", "double",
                       "why_answer", "square", "triple"]
    body = rows[1:]
    assert body == sorted(body, key=lambda r: (r[0], r[1]))
    by = {r[0]: r for r in body}
    assert by["good"] == ["good", "01_tiny", "5", "graded", "5", "2", "2", "", "1", ""]
    assert by["mixup"] == ["mixup", "02_other", "1", "graded", "1", "", "", "", "", "1"]
    assert by["badjson"][2:] == ["", "invalid_notebook"] + [""] * 6
    assert by["empty"][3] == "no_notebook"


def test_feedback_pages(hostile):
    page = (hostile["out"] / "feedback" / "stub" / "01_tiny.html").read_text()
    assert "not_attempted" in page and "Traceback" not in page
    assert "+ 1 graded by hand" in page   # why_answer, not graded yet
    page = (hostile["out"] / "feedback" / "loop" / "01_tiny.html").read_text()
    assert page.index("<table") < page.index("What went wrong") and "did not finish" in page
    for student in ("badjson", "empty", "pdf"):        # a page also for every row without a grade
        lesson = "badjson_hw" if student == "badjson" else "pdf_hw" if student == "pdf" else "empty"
        page = next((hostile["out"] / "feedback" / student).glob("*.html")).read_text()
        assert "invalid_notebook" in page or "no_notebook" in page, lesson
    alwayseq = (hostile["out"] / "feedback" / "alwayseq" / "01_tiny.html").read_text()
    assert "__main__.Same" in alwayseq and "<script" not in alwayseq


def test_graded_notebooks_are_kept_for_formgrader(hostile):
    import nbformat

    path = hostile["out"] / "autograded" / "tamper" / "01_tiny" / "01_tiny.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    nbformat.validate(nb)
    by_id = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    assert by_id["why_answer"].source == "The learning rate matters."     # the student's text
    assert "return 3 * x" in by_id["double"].source                        # the student's code
    assert HIDDEN_MARKER in by_id["double_tests"].source                   # the full tests
    assert by_id["square_tests"].cell_type == "code"
    out = by_id["double_tests"].outputs[0]["text"]                         # the verdict lines
    assert out.startswith("grader: 0 of 1 point(s)") and HIDDEN_MARKER not in out
    good = nbformat.read(str(hostile["out"] / "autograded" / "good" / "01_tiny" / "01_tiny.ipynb"),
                         as_version=4)
    lines = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in good.cells}
    assert "✓ sigmoid(z)" in lines["sigmoid_tests"].outputs[0]["text"]


def test_summary_lists_means_and_frequent_sentences(hostile):
    summary = (hostile["out"] / "summary.html").read_text()
    assert "double" in summary and "did not finish within 5 s" in summary and "<img" in summary


def test_nothing_is_written_outside_out(hostile):
    assert sorted(p.name for p in hostile["out"].iterdir() if not p.name.startswith(".")) == [
        "autograded", "exchange", "feedback", "gradebook.db", "grades.csv", "nbgrader_config.py",
        "results.json", "source", "submitted", "summary.html"]     # DIR is Formgrader's course
    assert not list(COURSE.rglob("*.db")) and not (COURSE / "feedback").exists()


def test_rerun_skips_unchanged_and_picks_up_manual_scores(hostile, tmp_path):
    """A second run grades nothing (unchanged), yet shows the score a person gave in
    Formgrader's gradebook for the written answer."""
    from nbgrader import api
    from nbgrader.api import Gradebook

    from autograder.grading.gradebook import _fast_alembic_head

    _fast_alembic_head(api)
    out = tmp_path / "out"
    shutil.copytree(hostile["out"], out)
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:
        grade = gb.find_grade("why_answer", "01_tiny", "01_tiny", "good")
        grade.manual_score = 0.5
        override = gb.find_grade("double_tests", "01_tiny", "01_tiny", "stub")
        override.manual_score = 1.0    # the instructor gives one point back
        gb.db.commit()
    stream = io.StringIO()
    rc = grade_class(hostile["root"], out, 2, TIMEOUT, None, None, False, course_root=COURSE,
                     stream=stream)
    assert rc == 0
    graded = sum(1 for e in hostile["results"].values() if e["status"] == "graded")
    assert graded >= len(CASES)
    assert f"0 submission(s) to grade, {graded} unchanged" in stream.getvalue()
    good = _by_student(out)["good"]
    assert (_exercises(good)["why_answer"]["score"], good["score"], good["max_score"]) == (0.5, 5.5, 6.0)
    assert "manual_max_score" not in good
    stub = _by_student(out)["stub"]
    assert (_exercises(stub)["double"]["score"], stub["score"]) == (1.0, 1.0)
    row = [r for r in csv.reader((out / "grades.csv").read_text().splitlines()) if r[0] == "good"][0]
    assert row[:5] == ["good", "01_tiny", "5.5", "graded", "6"] and row[7] == "0.5"


def test_one_student_is_regraded_and_the_others_are_kept(hostile, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(hostile["out"], out)
    stream = io.StringIO()
    rc = grade_class(hostile["root"], out, 1, TIMEOUT, None, "good", True, course_root=COURSE,
                     stream=stream)
    assert rc == 0 and "1 submission(s) to grade" in stream.getvalue()
    assert _by_student(out) == hostile["results"]


def test_lessons_graded_into_one_dir_accumulate(tmp_path):
    """Lesson A, then lesson B into the same DIR: grades.csv and results.json hold both, as one
    gradebook; grading A again replaces only A's rows."""
    from grading_fixtures.hostile import OTHER
    tiny, other = load(TINY), load(OTHER)
    a, b, out = tmp_path / "a", tmp_path / "b", tmp_path / "out"
    write(released(tiny, True), a / "ann" / "01_tiny" / "01_tiny.ipynb")
    write(released(tiny, False), a / "ben" / "01_tiny" / "01_tiny.ipynb")
    write(released(other, True), b / "ann" / "02_other" / "02_other.ipynb")
    for root in (a, b):
        assert grade_class(root, out, 2, CALM, None, None, False, course_root=COURSE,
                           stream=io.StringIO()) == 0
    rows = list(csv.reader((out / "grades.csv").read_text().splitlines()))
    assert [r[:2] for r in rows[1:]] == [["ann", "01_tiny"], ["ann", "02_other"], ["ben", "01_tiny"]]
    subs = json.loads((out / "results.json").read_text())["submissions"]
    assert [(s["student"], s["lesson"], s["status"]) for s in subs] == [
        ("ann", "01_tiny", "graded"), ("ann", "02_other", "graded"), ("ben", "01_tiny", "graded")]
    assert subs[0]["score"] == 5.0 and subs[2]["score"] == 0.0
    for page in ("ann/01_tiny.html", "ann/02_other.html", "ben/01_tiny.html"):
        assert (out / "feedback" / page).is_file()
    # ben resubmits lesson A solved: his row is regraded, ann's two rows are kept
    write(released(tiny, True), a / "ben" / "01_tiny" / "01_tiny.ipynb")
    stream = io.StringIO()
    assert grade_class(a, out, 1, CALM, None, None, False, course_root=COURSE, stream=stream) == 0
    assert "1 submission(s) to grade, 1 unchanged" in stream.getvalue()
    subs = json.loads((out / "results.json").read_text())["submissions"]
    assert [(s["student"], s["lesson"], s["score"]) for s in subs] == [
        ("ann", "01_tiny", 5.0), ("ann", "02_other", subs[1]["score"]), ("ben", "01_tiny", 5.0)]
    assert subs[1]["score"] == subs[1]["max_score"] > 0


def _small_class(root: Path):
    src = load(TINY)
    solved, blank = released(src, True), released(src, False)
    write(solved, root / "ann" / "01_tiny" / "01_tiny.ipynb")
    write(blank, root / "ben_01_tiny.ipynb")
    write(with_answers(solved, {"double": "def double(x):\n    import os\n    os._exit(3)"}),
          root / "cat" / "01_tiny" / "01_tiny.ipynb")
    write(with_answers(solved, {"square": "def square(x):\n    return x + x"}),
          root / "dan_hw.ipynb")
    (root / "eve_hw.ipynb").write_text("not json")


def test_results_do_not_depend_on_the_number_of_workers(tmp_path):
    _small_class(tmp_path / "class")
    texts = []
    for workers in (1, 2):
        out = tmp_path / f"out{workers}"
        assert grade_class(tmp_path / "class", out, workers, CALM, None, None, False,
                           course_root=COURSE, stream=io.StringIO()) == 0
        texts.append(((out / "results.json").read_text(), (out / "grades.csv").read_text()))
    assert texts[0] == texts[1]
    res = json.loads(texts[0][0])["submissions"]
    assert [(s["student"], s["score"]) for s in res] == [
        ("ann", 5.0), ("ben", 0.0), ("cat", 3.0), ("dan", 4.0), ("eve", None)]


def test_zip_is_unpacked_safely(tmp_path):
    src = load(TINY)
    good = json.dumps(released(src, True))
    zpath = tmp_path / "class.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.writestr("export/ann_assignment.ipynb", good)
        zf.writestr("export/../../evil.ipynb", good)
        zf.writestr("/abs_evil.ipynb", good)
        link = zipfile.ZipInfo("export/lnk_hw.ipynb")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
    out = tmp_path / "out"
    stream = io.StringIO()
    assert grade_class(zpath, out, 1, CALM, None, None, False, course_root=COURSE,
                       stream=stream) == 0
    res = _by_student(out)
    assert list(res) == ["ann"] and res["ann"]["score"] == 5.0
    assert "unsafe zip entries" in stream.getvalue() and "lnk_hw" in stream.getvalue()
    assert not (tmp_path.parent / "evil.ipynb").exists() and not Path("/abs_evil.ipynb").exists()
    assert not list((out / ".work").glob("unzipped-*"))


def test_a_broken_kernel_environment_stops_the_run_with_one_message(tmp_path, capsys):
    broken = tmp_path / "broken"
    (broken / "nn_lib").mkdir(parents=True)
    (broken / "nn_lib" / "__init__.py").write_text("raise ImportError('nn_lib is broken here')\n")
    _small_class(tmp_path / "class")
    rc = grade_class(tmp_path / "class", tmp_path / "out", 2, CALM, None, None, False,
                     course_root=COURSE, kernel_env={"PYTHONPATH": str(broken)})
    err = capsys.readouterr().err
    assert rc == 1
    assert err.count("cannot import the course's packages") == 1
    assert "pip install -e ." in err and "nn_lib is broken here" in err
    assert not (tmp_path / "out" / "results.json").exists()


def test_usage_errors_exit_2(tmp_path, capsys):
    assert grade_class(tmp_path / "missing", tmp_path / "out", 1, TIMEOUT,
                       course_root=COURSE) == 2
    (tmp_path / "x.txt").write_text("hi")
    assert grade_class(tmp_path / "x.txt", tmp_path / "out", 1, TIMEOUT, course_root=COURSE) == 2
    assert "no such file or folder" in capsys.readouterr().err
