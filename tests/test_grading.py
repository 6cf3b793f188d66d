"""The grading engine's pieces (no kernel) and `course check` / grade_notebook (with kernels)."""
from __future__ import annotations

import json
import os
import stat
import zipfile
from pathlib import Path

import pytest

from autograder import feedback as fb
from autograder import grading, submissions
from autograder.grading.lessons import load_lesson, load_lessons
from autograder.grading.submission import (NotGradeable, prepare, read_cells, recognise,
                                           _tampered)
from autograder.notebook import owner_of_test, strip_hidden, stub_answer
from grading_fixtures.build_course import HIDDEN_MARKER
from grading_fixtures.hostile import COURSE, TINY, tampered_notebook
from grading_fixtures.make import find, load, released, with_answers, write

REPO = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------------------------------
# Source notebooks, released forms
# ---------------------------------------------------------------------------------------------
def test_strip_hidden_and_stub_answer():
    src = "a = 1\n### BEGIN HIDDEN TESTS\nsecret()\n### END HIDDEN TESTS\nb = 2"
    assert strip_hidden(src) == "a = 1\nb = 2"
    ans = 'def f(x):\n    """Doc."""\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION'
    assert stub_answer(ans) == ('def f(x):\n    """Doc."""\n    # YOUR CODE HERE\n'
                                "    raise NotImplementedError()")


def test_load_lesson_maps_tests_to_exercises():
    les = load_lesson(COURSE, "01_tiny")
    assert les.exercises == ["sigmoid", "double", "why_answer", "square"]
    assert {t.id: t.owner for t in les.tests.values()} == {
        "sigmoid_tests": "sigmoid", "double_tests": "double", "double_tests_2": "double",
        "square_tests": "square"}
    assert les.tests["sigmoid_tests"].points == 2 and les.manual == {"why_answer": 1.0}
    assert HIDDEN_MARKER in les.tests["double_tests"].source
    assert les.problem == ""
    # the version a submission runs holds no expected value
    rewritten = les.tests["double_tests"].student_source
    assert "2 * _x" not in rewritten and "double(_x)" in rewritten


def test_owner_prefers_the_longest_function_name():
    assert owner_of_test("sigmoid_derivative_tests_2", ["sigmoid", "sigmoid_derivative"]) == \
        "sigmoid_derivative"
    assert owner_of_test("sigmoid_tests", ["sigmoid", "sigmoid_derivative"]) == "sigmoid"
    assert owner_of_test("sigmoid_extra", ["sigmoid"]) is None


# ---------------------------------------------------------------------------------------------
# Reading and recognising submissions
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("content, words", [
    (b"{not json", "not valid JSON"),
    (b'{"cells": 3}', "not a Jupyter notebook"),
    (b"\x89PNG\r\n\x1a\n\x00\xff", "not valid JSON"),
    (b'{"cells": [], "metadata": {}}', "no cells"),
])
def test_invalid_notebooks_are_refused_with_a_reason(tmp_path, content, words):
    path = tmp_path / "x.ipynb"
    path.write_bytes(content)
    with pytest.raises(NotGradeable) as info:
        read_cells(path)
    assert info.value.status == "invalid_notebook" and words in info.value.message


def _cells(nb):
    return read_cells(json.dumps(nb).encode())


def test_recognition_by_grade_ids_then_by_def_names_and_ties():
    lessons = load_lessons(COURSE)
    tiny = released(load(TINY))
    assert recognise(_cells(tiny), lessons) == ("01_tiny", "grade_ids")
    bare = [{"cell_type": "code", "source": "def triple(x):\n    return 3 * x", "metadata": {}}]
    assert recognise(bare, lessons) == ("02_other", "def/class names")
    tie = [{"cell_type": "code", "source": "def triple(x): pass\n\ndef square(x): pass",
            "metadata": {}}]
    lesson, how = recognise(tie, lessons)
    assert lesson is None and "several lessons" in how
    lesson, how = recognise([{"cell_type": "code", "source": "x = 1", "metadata": {}}], lessons)
    assert lesson is None


def test_tamper_detection():
    les = load_lesson(COURSE, "01_tiny")
    solved = released(load(TINY))
    assert _tampered(_cells(solved), les) == set()
    assert _tampered(_cells(tampered_notebook(solved)), les) == {
        "sigmoid_tests", "double_tests", "double_tests_2", "square_tests"}
    moved = json.loads(json.dumps(solved))
    cell = moved["cells"].pop(find(moved, "square_tests"))
    moved["cells"].insert(0, cell)
    assert _tampered(_cells(moved), les) == set()


def test_stubs_are_not_attempted_and_answers_found_without_metadata():
    les = load_lesson(COURSE, "01_tiny")
    blank = prepare(_cells(released(load(TINY), False)), les, student="s", file="f")
    assert blank.not_attempted == {"sigmoid", "double", "square"}
    solved = released(load(TINY))
    for cell in solved["cells"]:
        cell["metadata"] = {}
    sub = prepare(_cells(solved), les, student="s", file="f")
    assert set(sub.answers) == {"sigmoid", "double", "square"} and not sub.not_attempted


def test_a_solution_notebook_is_not_tampered():
    """The source notebook's test cells (hidden tests included) count as untouched, as do the
    released ones: `course check` on a solution notebook flags nothing."""
    les = load_lesson(COURSE, "01_tiny")
    assert any(HIDDEN_MARKER in t.source for t in les.tests.values())
    assert _tampered(_cells(load(TINY)), les) == set()
    real = REPO / "solutions" / "05_backward_pass" / "05_backward_pass.ipynb"
    assert _tampered(read_cells(real), load_lesson(REPO, "05_backward_pass")) == set()
    # an edited hidden test is still an edit
    edited = load(TINY)
    cell = edited["cells"][find(edited, "double_tests")]
    cell["source"] = "".join(cell["source"]) + "\nprint('changed')"
    assert _tampered(_cells(edited), les) == {"double_tests"}


# ---------------------------------------------------------------------------------------------
# Feedback pieces
# ---------------------------------------------------------------------------------------------
def test_student_traceback_keeps_only_answer_cells():
    tb = ["\x1b[31m------\x1b[39m", "Traceback (most recent call last)",
          "Cell In[7], line 3\n      1 check(double(2))\n----> 3 secret_line()",
          "Cell In[4], line 2, in double(x)\n      1 def double(x):\n----> 2     return x / 0",
          "File /x/nn_lib/layers.py:12, in f\n  raise", "ZeroDivisionError: division by zero"]
    kept = fb.student_traceback(tb, {4: "double"})
    assert kept == ["in your answer cell `double`, line 2, in double(x)\n      1 def double(x):\n"
                    "----> 2     return x / 0"]


def test_redact_removes_lines_of_test_code():
    secrets = fb.secret_lines(["check(double(_x), 2 * _x)  # marker\n# a comment\nx = 1"])
    text = "ValueError: boom\nwhatever check(double(_x), 2 * _x)  # marker and more\nend"
    assert fb.redact(text, secrets) == "ValueError: boom\n    [line of test code withheld]\nend"


def test_feedback_page_is_escaped_and_starts_with_the_table():
    entry = {"student": "s<1>", "lesson": "01_tiny", "status": "graded", "message": "",
             "score": 1.0, "max_score": 3.0, "exercises": [
                 {"grade_id": "f", "score": 0.0, "max_score": 2.0, "status": "failed",
                  "feedback": "got <script>alert(1)</script>", "tampered": True},
                 {"grade_id": "g", "score": 1.0, "max_score": 1.0, "status": "passed",
                  "feedback": "", "tampered": False}]}
    page = fb.render_html(entry)
    assert "<script>" not in page and "&lt;script&gt;" in page and "s&lt;1&gt;" in page
    assert page.index("<table") < page.index("What went wrong") < page.index("&lt;script")


def test_feedback_page_mentions_points_still_graded_by_hand():
    manual = {"grade_id": "why", "score": None, "max_score": None, "manual_max_score": 4.0,
              "status": "manual", "feedback": "Graded by hand.", "tampered": False}
    entry = {"student": "s", "lesson": "01_tiny", "status": "graded", "message": "",
             "score": 1.0, "max_score": 3.0, "manual_max_score": 4.0, "exercises": [
                 {"grade_id": "g", "score": 1.0, "max_score": 3.0, "status": "passed",
                  "feedback": "", "tampered": False}, manual]}
    page = fb.render_html(entry)
    assert "<strong>1 / 3</strong> + 4 graded by hand" in page
    graded = dict(entry, score=4.0, max_score=7.0, exercises=[
        entry["exercises"][0], dict(manual, score=3.0, max_score=4.0, feedback="")])
    del graded["manual_max_score"]
    assert "graded by hand" not in fb.render_html(graded)


# ---------------------------------------------------------------------------------------------
# Submissions on disk
# ---------------------------------------------------------------------------------------------
def test_discover_folders_and_flat_files(tmp_path):
    (tmp_path / "ann" / "01_tiny").mkdir(parents=True)
    (tmp_path / "ann" / "01_tiny" / "a.ipynb").write_text("{}")
    (tmp_path / "ann" / "01_tiny" / ".ipynb_checkpoints").mkdir()
    (tmp_path / "ann" / "01_tiny" / ".ipynb_checkpoints" / "a-checkpoint.ipynb").write_text("{}")
    (tmp_path / "bob_12345_01_tiny.ipynb").write_text("{}")
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "cid").mkdir()
    moodle = tmp_path / "Dana Smith_7890_assignsubmission_file_"      # Moodle's download in folders
    moodle.mkdir()
    (moodle / "lesson.ipynb").write_text("{}")
    (tmp_path / "results" / "autograded").mkdir(parents=True)   # an --out folder in there
    (tmp_path / "results" / "autograded" / "x.ipynb").write_text("{}")
    found = submissions.discover(tmp_path, lessons=["01_tiny"], exclude=[tmp_path / "results"])
    assert [(c.student, c.rel, c.folder_lesson, c.problem) for c in found] == [
        ("Dana Smith", "Dana Smith_7890_assignsubmission_file_/lesson.ipynb", None, None),
        ("ann", "ann/01_tiny/a.ipynb", "01_tiny", None),
        ("bob", "bob_12345_01_tiny.ipynb", "01_tiny", None),
        ("cid", "cid", None, "no_notebook")]


def test_safe_unzip_refuses_escapes_links_and_bombs(tmp_path):
    z = tmp_path / "c.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("ok/a.ipynb", "{}")
        zf.writestr("../up.ipynb", "{}")
        zf.writestr("/abs.ipynb", "{}")
        link = zipfile.ZipInfo("ok/link.ipynb")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
    target = tmp_path / "t"
    target.mkdir()
    times = submissions.safe_unzip(z, target)
    assert sorted(times["__skipped__"]) == ["../up.ipynb", "/abs.ipynb", "ok/link.ipynb"]
    assert [p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()] == ["ok/a.ipynb"]
    assert not (tmp_path / "up.ipynb").exists()
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a_x.ipynb", "0" * 200_000)
    with pytest.raises(submissions.SubmissionsError, match="more than"):
        submissions.safe_unzip(bomb, tmp_path / "t2", max_bytes=100_000)


# ---------------------------------------------------------------------------------------------
# With kernels
# ---------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_check_notebook_prints_scores_and_never_touches_the_notebook(tmp_path, capsys):
    nb = with_answers(released(load(TINY)), {"double": "def double(x):\n    return x * 2 + 1"})
    path = write(nb, tmp_path / "mine.ipynb")
    os.utime(path, (1_650_000_000, 1_650_000_000))
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    assert grading.check_notebook(path, 30, False, course_root=COURSE) == 0
    captured = capsys.readouterr()
    out = captured.out
    assert "warning" not in captured.err.lower()          # a learner's own notebook: no alarm
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.ipynb"]
    lines = out.splitlines()
    assert any(line.split()[:3] == ["sigmoid", "2/2", "passed"] for line in lines)
    assert any(line.split()[:3] == ["double", "0/2", "failed"] for line in lines)
    assert "double(2): got 5, expected 4" in out and HIDDEN_MARKER not in out
    assert lines[-1] == "Total: 3 / 5 (+ 1 graded by hand)"
    assert grading.check_notebook(path, 30, True, course_root=COURSE) == 0
    entry = json.loads(capsys.readouterr().out)
    assert (entry["status"], entry["score"], entry["max_score"]) == ("graded", 3.0, 5.0)
    assert not [k for k in entry if k.startswith("_")]
    assert not [k for ex in entry["exercises"] for k in ex if k.startswith("_")]
    assert set(entry["exercises"][0]) == {"grade_id", "score", "max_score", "status", "feedback",
                                          "tampered"}
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_check_notebook_usage_and_ungradeable(tmp_path, capsys):
    assert grading.check_notebook(tmp_path / "nope.ipynb", course_root=COURSE) == 2
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{")
    assert grading.check_notebook(bad, course_root=COURSE) == 1
    assert "invalid_notebook" in capsys.readouterr().out


def test_check_in_a_copy_without_solutions_says_what_is_missing(tmp_path, capsys):
    """A student's lessons-only clone: no hidden tests, said plainly (not "which lesson")."""
    (tmp_path / "lessons" / "01_tiny").mkdir(parents=True)
    path = write(released(load(TINY), True), tmp_path / "lessons" / "01_tiny" / "01_tiny.ipynb")
    assert grading.check_notebook(path, course_root=tmp_path) == 2
    captured = capsys.readouterr()
    err = " ".join(captured.err.split())
    assert "hidden tests (solutions/) are not in this copy of the course" in err
    assert "visible tests" in err and "full repository" in err
    assert "Cannot tell which lesson" not in captured.out + captured.err


@pytest.mark.slow
def test_real_lesson_solution_gets_full_marks_and_handout_gets_zero(tmp_path):
    """Lesson 05 of the course itself: the solved notebook earns every automatic point, the
    handed-out one none (every exercise not attempted)."""
    source = REPO / "solutions" / "05_backward_pass" / "05_backward_pass.ipynb"
    src = load(source)
    solved = grading.grade_notebook(write(released(src, True), tmp_path / "a_01.ipynb"), 30,
                                    course_root=REPO)
    blank = grading.grade_notebook(write(released(src, False), tmp_path / "b_01.ipynb"), 30,
                                   course_root=REPO)
    assert solved["status"] == blank["status"] == "graded"
    assert solved["score"] == solved["max_score"] > 0
    assert blank["score"] == 0 and blank["max_score"] == solved["max_score"]
    assert all(e["status"] in ("passed", "manual") for e in solved["exercises"])
    assert all(e["status"] in ("not_attempted", "manual") for e in blank["exercises"])
    # the source notebook itself (hidden tests in its test cells): nothing is flagged
    itself = grading.grade_notebook(source, 30, course_root=REPO)
    assert itself["score"] == itself["max_score"] == solved["max_score"]
    assert [e["tampered"] for e in itself["exercises"]] == [False] * len(itself["exercises"])


@pytest.mark.slow
def test_ipc_kernels_use_absolute_sockets_in_a_removed_temporary_folder(tmp_path, monkeypatch):
    """No `kernel-ipc-N` (or other socket) files in a lesson folder: the grading kernel and the
    corpus harness's kernel bind absolute socket paths in temporary folders, which are removed
    when the kernel stops, even when started from inside a lesson folder with relative paths."""
    from autograder.executor import KernelSession

    lesson = tmp_path / "solutions" / "01_chain_rule"
    lesson.mkdir(parents=True)
    (lesson / "01_chain_rule.ipynb").write_text("{}")
    monkeypatch.chdir(lesson)

    # a relative work folder deep enough that sockets inside it would pass the ~107-byte limit
    # of a Unix socket path
    work = Path("work") / ("w" * 60)
    (lesson / work).mkdir(parents=True)
    for use_sandbox in (False, True):
        session = KernelSession(hidden=[], use_sandbox=use_sandbox, work_root=work)
        try:
            session.start()
            sockets = session.socket_dir
            assert os.path.isabs(session.km.ip) and Path(session.km.ip).parent == sockets
            assert session.execute("print(6 * 7)", timeout=30).output.strip() == "42"
            session.restart()
            assert session.socket_dir != sockets and not sockets.exists()
            sockets = session.socket_dir
        finally:
            session.shutdown()
        assert not sockets.exists()
        assert not list((lesson / work).iterdir())

    assert sorted(p.name for p in lesson.iterdir()) == ["01_chain_rule.ipynb", "work"]



class _FakeMachine:
    """A fake monotonic clock and CPU meter for the cell clock: ``advance(wall, cpu)``."""

    def __init__(self, monkeypatch):
        from autograder import cellclock
        self.wall, self.cpu = 1000.0, 50.0
        monkeypatch.setattr(cellclock.time, "monotonic", lambda: self.wall)
        monkeypatch.setattr(cellclock, "group_cpu_seconds", lambda pgid: self.cpu)

    def advance(self, wall, cpu):
        self.wall += wall
        self.cpu += cpu


def _run_clock(monkeypatch, share_of_a_core: float, *, timeout=30.0, seconds=200.0):
    """Run a cell clock on a process that gets ``share_of_a_core`` of a CPU; return
    (wall seconds when it stopped, reason) or (None, "") if it never did."""
    from autograder.cellclock import CellClock
    machine = _FakeMachine(monkeypatch)
    clock = CellClock(pgid=1, timeout=timeout)
    elapsed = 0.0
    while elapsed < seconds:
        machine.advance(0.25, 0.25 * share_of_a_core)
        elapsed += 0.25
        if clock.expired():
            return elapsed, clock.reason
    return None, ""


def test_cell_clock_counts_cpu_seconds_so_a_crowded_machine_never_stops_a_working_cell(monkeypatch):
    # alone on a core: stopped after 30 CPU seconds = 30 s
    when, why = _run_clock(monkeypatch, 1.0)
    assert why == "cpu" and 30 <= when <= 31
    # a tenth of a core (a crowded machine): still computing, stopped only at 30 CPU seconds
    # would be 300 s, so the wall backstop (4 x 30 + 10 s) ends it, never the idle rule
    when, why = _run_clock(monkeypatch, 0.1)
    assert why == "wall" and when == pytest.approx(130, abs=0.5)
    # 3% of a core: slow, but not waiting
    assert _run_clock(monkeypatch, 0.03, seconds=100) == (None, "")


def test_cell_clock_stops_a_waiting_cell_after_the_timeout_of_waiting(monkeypatch):
    when, why = _run_clock(monkeypatch, 0.0)               # time.sleep, a deadlock
    assert why == "idle" and 30 <= when <= 31
    when, why = _run_clock(monkeypatch, 0.005)             # waiting with a little noise
    assert why == "idle" and 30 <= when <= 31


def test_cell_clock_idle_window_slides(monkeypatch):
    """Computing for 20 s, then waiting: stopped about 30 s after the waiting began."""
    from autograder.cellclock import CellClock
    machine = _FakeMachine(monkeypatch)
    clock = CellClock(pgid=1, timeout=30.0)
    elapsed, stopped = 0.0, None
    while elapsed < 120 and stopped is None:
        busy = elapsed < 20
        machine.advance(0.25, 0.25 if busy else 0.0)
        elapsed += 0.25
        if clock.expired():
            stopped = (elapsed, clock.reason)
    assert stopped is not None and stopped[1] == "idle" and 49 <= stopped[0] <= 51.5, stopped


# ------------------------------------------------------------ the student's own cells (helpers)
def _insert(nb: dict, before: str, *sources, ids=True) -> dict:
    """``nb`` with new code cells (fresh ids, no metadata) put before the cell ``before``."""
    nb = json.loads(json.dumps(nb))
    at = find(nb, before)
    new = [{"cell_type": "code", "id": f"mine{k}", "metadata": {}, "source": src, "outputs": [],
            "execution_count": None} for k, src in enumerate(sources)]
    if not ids:
        for cell in new:
            del cell["id"]
    nb["cells"][at:at] = new
    return nb


HELPER_ANSWER = {"double": "def double(x):\n    return _twice(x)"}


def test_own_cells_that_answers_need_are_kept_and_scratch_cells_are_not():
    lesson = load_lesson(COURSE, "01_tiny")
    nb = _insert(with_answers(released(load(TINY)), HELPER_ANSWER), "double",
                 "import math\n\ndef _twice(x):\n    return _TWO * x",      # the helper the answer needs
                 "_TWO = 2.0",                                          # ... which needs a constant
                 "for lr in [1, 2]:\n    print(double(lr))",            # an experiment: not needed
                 "def double(x):\n    return 0",                       # redefines the answer: ignored
                 "def unused(x):\n    return x")                       # defines nothing needed
    sub = prepare(read_cells(json.dumps(nb).encode()), lesson, student="s", file="f")
    assert [(anchor, src.split("\n")[0]) for anchor, src, _ in sub.added] == [
        (3, "import math"), (3, "_TWO = 2.0")]              # after sigmoid's test cell, as placed
    assert sub.added[0][2] == "own cell defining `_twice`, `math`"
    # without cell ids (an old or converted notebook), a cell that is none of the lesson's counts
    plain = _insert(with_answers(released(load(TINY)), HELPER_ANSWER), "double",
                    "def _twice(x):\n    return 2 * x", ids=False)
    for cell in plain["cells"]:
        cell.pop("id", None)
    sub = prepare(read_cells(json.dumps(plain).encode()), lesson, student="s", file="f")
    assert [(anchor, src) for anchor, src, _ in sub.added] == [(3, "def _twice(x):\n    return 2 * x")]
    # an edited lesson cell keeps its id: it is the lesson's, not the student's own
    edited = with_answers(released(load(TINY)), {})
    edited["cells"][5]["source"] = "print('changed', double(2.0))\n_twice = 1"
    assert prepare(read_cells(json.dumps(edited).encode()), lesson, student="s", file="f").added == []


def test_a_helper_in_a_cell_of_its_own_keeps_full_marks_and_its_errors_are_named(tmp_path, capsys):
    good = _insert(with_answers(released(load(TINY)), HELPER_ANSWER), "double",
                   "def _twice(x):\n    return 2 * x")
    path = write(good, tmp_path / "good.ipynb")
    assert grading.check_notebook(path, 30, True, course_root=COURSE) == 0
    entry = json.loads(capsys.readouterr().out)
    assert (entry["score"], entry["max_score"]) == (5.0, 5.0), entry
    broken = _insert(with_answers(released(load(TINY)), HELPER_ANSWER), "double",
                     "def _twice(x):\n    return 2 * x.nope")
    path = write(broken, tmp_path / "broken.ipynb")
    assert grading.check_notebook(path, 30, True, course_root=COURSE) == 0
    double = {e["grade_id"]: e for e in json.loads(capsys.readouterr().out)["exercises"]}["double"]
    assert double["status"] == "error" and double["score"] == 0
    assert "in your own cell defining `_twice`, line 2" in double["feedback"], double["feedback"]
    assert "in your answer cell `double`" in double["feedback"]


def test_real_lesson_answers_with_helpers_in_cells_of_their_own_keep_full_marks(tmp_path):
    """Lesson 05: dense_backward and relu_backward written with helpers (an import and two
    functions) in cells the student added, a scratch experiment cell between them."""
    src = load(REPO / "solutions" / "05_backward_pass" / "05_backward_pass.ipynb")
    nb = with_answers(released(src, True), {
        "dense_backward": "def dense_backward(dout, cache):\n    x, W, b = cache\n"
                          "    return _matmul(dout, W.T), _matmul(x.T, dout), _colsum(dout)",
        "relu_backward": "def relu_backward(dout, cache):\n    return dout * _positive(cache)"})
    nb = _insert(nb, "dense_backward", "from numpy import matmul as _matmul",
                 "def _colsum(a):\n    return a.sum(axis=0)",
                 "import time\nprint(time.time())\n_scratch = _colsum(np.ones((2, 2)))")
    nb = _insert(nb, "relu_backward", "def _positive(z):\n    return (z > 0).astype(z.dtype)")
    entry = grading.grade_notebook(write(nb, tmp_path / "helpers.ipynb"), 30, course_root=REPO)
    got = {e["grade_id"]: (e["status"], e["score"], e["max_score"]) for e in entry["exercises"]}
    assert entry["score"] == entry["max_score"] > 0, got


def test_a_line_the_student_wrote_is_shown_even_if_a_test_has_it_too(tmp_path, capsys):
    answer = ("def double(x):\n    if x is None:\n        check_scalar(\"double(2)\", double(2.0), 4.0)\n"
              "    raise ValueError('boom')")
    path = write(with_answers(released(load(TINY)), {"double": answer}), tmp_path / "mine.ipynb")
    assert grading.check_notebook(path, 30, True, course_root=COURSE) == 0
    double = {e["grade_id"]: e for e in json.loads(capsys.readouterr().out)["exercises"]}["double"]
    assert double["status"] == "error" and "ValueError: boom" in double["feedback"]
    assert 'check_scalar("double(2)", double(2.0), 4.0)' in double["feedback"], double["feedback"]
    assert "withheld" not in double["feedback"] and HIDDEN_MARKER not in double["feedback"]


def test_error_hint_names_the_missing_reflected_operator():
    hint = fb.error_hint("TypeError", "unsupported operand type(s) for *: 'int' and 'Value'")
    assert "Value.__rmul__" in hint and "define __rmul__" in hint
    assert fb.error_hint("TypeError", "unsupported operand type(s) for +: 'Value' and 'str'") == ""
    assert fb.error_hint("ValueError", "unsupported operand type(s) for +: 'float' and 'Value'") == ""
