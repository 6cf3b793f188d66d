"""Verdicts no student code can reach (COURSE_SPEC §9): a class of answers that attack the test
while it calls them, or hand back nn_lib's implementation by a hidden route, graded for real.
Each gets its exact outcome on its own exercise; the notebook's other exercises keep their points;
nothing they print reaches the feedback."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from autograder.grading import grade_class
from grading_fixtures.make import load, with_answers, write
from grading_fixtures.redteam import ATTACKS, BCE_ATTACKS, BCE_LESSON, EXPECTED

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parent.parent
LESSON = "05_backward_pass"


def _grade_class(tmp_path_factory, lesson: str, grade_id: str, answers: dict, *, honest: bool):
    """Grade a class of the lesson's solution with each answer in place of ``grade_id``'s cell (and
    the solution itself as student ``honest``); return (exit code, results by student, stdout)."""
    source = load(REPO / "solutions" / lesson / f"{lesson}.ipynb")
    root = tmp_path_factory.mktemp(f"class-{lesson}")
    out = tmp_path_factory.mktemp(f"out-{lesson}")
    for name, answer in answers.items():
        write(with_answers(source, {grade_id: answer}), root / name / lesson / f"{lesson}.ipynb")
    if honest:
        write(source, root / "honest" / lesson / f"{lesson}.ipynb")
    stream = io.StringIO()
    rc = grade_class(root, out, 2, 30, None, None, False, course_root=REPO, stream=stream)
    results = {e["student"]: e for e in json.loads((out / "results.json").read_text())["submissions"]}
    return rc, results, stream.getvalue()


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    rc, results, stdout = _grade_class(tmp_path_factory, LESSON, "dense_backward", ATTACKS, honest=True)
    return {"rc": rc, "results": results, "stdout": stdout}


def _exercises(entry):
    return {e["grade_id"]: e for e in entry["exercises"]}


def test_the_run_completes(graded):
    assert graded["rc"] == 0, graded["stdout"][-2000:]
    honest = graded["results"]["honest"]
    assert honest["status"] == "graded" and honest["score"] == honest["max_score"] > 0


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_each_attack_earns_nothing_on_its_exercise(graded, attack):
    entry = graded["results"][attack]
    assert entry["status"] == "graded", entry["message"]
    exercises = _exercises(entry)
    status, score, words = EXPECTED[attack]
    got = exercises["dense_backward"]
    assert (got["status"], got["score"]) == (status, score), got
    if words:
        assert words in got["feedback"], got["feedback"]
    # the rest of the notebook is the solution: every other exercise keeps its points
    for gid, ex in exercises.items():
        if gid != "dense_backward" and ex["status"] != "manual":
            assert (ex["status"], ex["score"]) == ("passed", ex["max_score"]), (gid, ex)


def test_no_attack_reaches_a_grader_error(graded):
    assert not [s for s, e in graded["results"].items() if e["status"] != "graded"]


@pytest.fixture(scope="module")
def forged(tmp_path_factory):
    """Lesson 04: attacks on a check whose passing value a student can guess (check_raises)."""
    rc, results, stdout = _grade_class(tmp_path_factory, BCE_LESSON, "binary_cross_entropy",
                                       BCE_ATTACKS, honest=False)
    assert rc == 0, stdout[-2000:]
    return results


@pytest.mark.parametrize("attack", sorted(set(BCE_ATTACKS) - {"bce_no_raise"}))
def test_a_forged_check_earns_nothing(forged, attack):
    control = _exercises(forged["bce_no_raise"])["binary_cross_entropy"]
    assert control["status"] == "failed" and 0 < control["score"] < control["max_score"], control
    got = _exercises(forged[attack])["binary_cross_entropy"]
    assert got["status"] != "passed" and got["score"] <= control["score"], got
    for gid, ex in _exercises(forged[attack]).items():
        if gid != "binary_cross_entropy" and ex["status"] != "manual":
            assert (ex["status"], ex["score"]) == ("passed", ex["max_score"]), (gid, ex)
