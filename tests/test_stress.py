"""No grade is ever lost to the grader (COURSE_SPEC §9): one 60-submission class (correct, wrong,
crashing, looping, hostile answers) graded three times, the second time with the machine kept busy
by other processes, gives byte-identical grades.csv, and never a `grader_error`. Everything that
parses Python happens in the grader's main thread, so CPython 3.11's `ast.parse` race between
threads ("AST constructor recursion depth mismatch") cannot occur; a worker thread that did parse
would be caught by the guard below."""
from __future__ import annotations

import ast
import io
import multiprocessing
import threading

import pytest

from autograder.grading import grade_class
from grading_fixtures.hostile import CASES, COURSE, TINY
from grading_fixtures.make import load, released, with_answers, write

pytestmark = pytest.mark.slow
STUDENTS = 60
FAST_CASES = ["good", "patcher", "alwayseq", "osexit", "sysexit", "reference", "sneaky", "warner",
              "forger", "stub", "loop"]


def _busy(seconds: float):
    import time
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def build_class(root):
    src = load(TINY)
    solved, blank = released(src, True), released(src, False)
    for i in range(STUDENTS):
        case = FAST_CASES[i % len(FAST_CASES)]
        answers = CASES[case][0]
        nb = blank if answers is None else with_answers(solved, answers)
        write(nb, root / f"s{i:02d}_{case}" / "01_tiny" / "01_tiny.ipynb")


@pytest.fixture
def parse_only_in_main_thread(monkeypatch):
    """Record every ast.parse made outside the main thread while the class is graded."""
    offenders = []
    real = ast.parse

    def parse(*args, **kwargs):
        if threading.current_thread() is not threading.main_thread():
            offenders.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(ast, "parse", parse)
    return offenders


def test_one_class_three_times_gives_identical_grades(tmp_path, parse_only_in_main_thread):
    build_class(tmp_path / "class")
    csvs = []
    for run in range(3):
        out = tmp_path / f"out{run}"
        load_procs = []
        if run == 1:       # a loaded machine may make grading slower, never a grade lower
            load_procs = [multiprocessing.Process(target=_busy, args=(600,), daemon=True)
                          for _ in range(3)]
            for p in load_procs:
                p.start()
        try:
            rc = grade_class(tmp_path / "class", out, 2, 3, None, None, False, course_root=COURSE,
                             stream=io.StringIO())
        finally:
            for p in load_procs:
                p.terminate()
        assert rc == 0
        csv = (out / "grades.csv").read_text()
        assert "grader_error" not in csv and csv.count("\n") == STUDENTS + 1
        csvs.append(csv)
    assert csvs[0] == csvs[1] == csvs[2]
    assert not parse_only_in_main_thread, set(parse_only_in_main_thread)
    rows = {line.split(",")[0]: line for line in csvs[0].splitlines()[1:]}
    assert rows["s00_good"].startswith("s00_good,01_tiny,5,graded,5")
    assert rows["s03_osexit"].startswith("s03_osexit,01_tiny,3,graded,5")
