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


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    source = load(REPO / "solutions" / LESSON / f"{LESSON}.ipynb")
    root = tmp_path_factory.mktemp("redteam")
    out = tmp_path_factory.mktemp("out")
    for name, answer in ATTACKS.items():
        write(with_answers(source, {"dense_backward": answer}), root / name / LESSON / f"{LESSON}.ipynb")
    write(source, root / "honest" / LESSON / f"{LESSON}.ipynb")
    stream = io.StringIO()
    rc = grade_class(root, out, 2, 30, None, None, False, course_root=REPO, stream=stream)
    results = {e["student"]: e for e in json.loads((out / "results.json").read_text())["submissions"]}
    return {"rc": rc, "results": results, "out": out, "stdout": stream.getvalue()}


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
    source = load(REPO / "solutions" / BCE_LESSON / f"{BCE_LESSON}.ipynb")
    root = tmp_path_factory.mktemp("forged")
    out = tmp_path_factory.mktemp("forged-out")
    for name, answer in BCE_ATTACKS.items():
        write(with_answers(source, {"binary_cross_entropy": answer}),
              root / name / BCE_LESSON / f"{BCE_LESSON}.ipynb")
    stream = io.StringIO()
    rc = grade_class(root, out, 2, 30, None, None, False, course_root=REPO, stream=stream)
    assert rc == 0, stream.getvalue()[-2000:]
    return {e["student"]: e for e in json.loads((out / "results.json").read_text())["submissions"]}


@pytest.mark.parametrize("attack", sorted(set(BCE_ATTACKS) - {"bce_no_raise"}))
def test_a_forged_check_earns_nothing(forged, attack):
    control = _exercises(forged["bce_no_raise"])["binary_cross_entropy"]
    assert control["status"] == "failed" and 0 < control["score"] < control["max_score"], control
    got = _exercises(forged[attack])["binary_cross_entropy"]
    assert got["status"] != "passed" and got["score"] <= control["score"], got
    for gid, ex in _exercises(forged[attack]).items():
        if gid != "binary_cross_entropy" and ex["status"] != "manual":
            assert (ex["status"], ex["score"]) == ("passed", ex["max_score"]), (gid, ex)
