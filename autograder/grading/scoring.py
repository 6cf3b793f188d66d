"""Stage 6: from test-cell verdicts to exercise scores and one ``results.json`` entry.

An exercise scores the points of the test cells that passed. Before that, what makes the whole
exercise worth nothing is decided: no answer cell (``missing``), the released stub left as it was
(``not_attempted``), an answer cell that crashed or hung, or nn_lib's own implementation answering
(the monitor refused it, COURSE_SPEC §6). Written answers are ``manual``: no score until a person
grades them in Formgrader, and left out of ``score``/``max_score`` until then.
"""
from __future__ import annotations

from autograder.grading.verdict import TestVerdict, cell_verdict, worst
from autograder import feedback as fb

MAX_SENTENCES = 3
FEEDBACK_CAP = 3000       # characters of feedback per exercise


def delegation_sentence(gid: str) -> str:
    return (f"`{gid}` hands back nn_lib's own implementation instead of computing the result "
            "itself; write the function yourself (using nn_lib's other building blocks is fine). "
            "No points for this exercise.")


def _feedback(verdicts: list) -> tuple:
    sentences = []
    for v in verdicts:
        for s in v.sentences:
            if s not in sentences:
                sentences.append(s)
    shown = sentences[:MAX_SENTENCES]
    failed = sum(v.failed_checks for v in verdicts)
    if failed > len(shown) and len(sentences) > len(shown):
        shown.append(f"({failed - len(shown)} more failed check(s) not listed.)")
    return "\n".join(shown)


def exercises(lesson, submission, outcome, reference, *, timeout, memory_limit,
              manual_scores=None) -> list:
    """The exercise list of a results.json entry (internal keys start with ``_``)."""
    manual_scores = manual_scores or {}
    # lines of test code are withheld from feedback, unless the student wrote the same line
    # (a traceback through their own code shows their own lines)
    secrets = fb.secret_lines([t.source for t in lesson.tests.values()]
                              + [t.student_source for t in lesson.tests.values()]) - fb.secret_lines(
        [*submission.answers.values(), *(src for _, src, _ in submission.added)])
    flags = set(outcome.flags)
    for cell in outcome.tests.values():
        flags.update(cell.flags)
    out = []
    for gid in lesson.exercises:
        if gid in lesson.manual:
            got = manual_scores.get(gid)
            out.append({"grade_id": gid, "score": got,
                        "max_score": lesson.manual[gid] if got is not None else None,
                        "manual_max_score": lesson.manual[gid], "status": "manual",
                        "feedback": "" if got is not None else "Graded by hand.", "tampered": False})
            continue
        tests = lesson.tests_of(gid)
        ex = {"grade_id": gid, "score": 0.0, "max_score": lesson.max_score(gid), "status": "failed",
              "feedback": "", "tampered": any(t.id in submission.tampered for t in tests),
              "_tests": [t.id for t in tests], "_cells": {}, "_lines": {}}
        if f"delegation:{gid}" in flags:
            ex["feedback"] = delegation_sentence(gid)
        elif gid not in submission.answers:
            ex["status"] = "missing"
            ex["feedback"] = (f"No answer cell for `{gid}` was found in the submission (the cell is "
                              "missing or no longer defines the function).")
        elif gid in submission.not_attempted:
            ex["status"] = "not_attempted"
            ex["feedback"] = f"Not attempted: `{gid}` still raises NotImplementedError."
        elif gid in outcome.answer_problems:
            ex["status"], ex["feedback"] = outcome.answer_problems[gid]
        else:
            verdicts = []
            for t in tests:
                cell = outcome.tests.get(t.id)
                if cell is None or cell.status == "skipped":
                    v = TestVerdict("failed", ["These tests did not run."])
                else:
                    v = cell_verdict(reference.records[t.id], cell, owner=gid, timeout=timeout,
                                     memory_limit=memory_limit, secrets=secrets)
                verdicts.append(v)
                ex["_cells"][t.id] = t.points if v.status == "passed" else 0.0
                ex["_lines"][t.id] = v.lines
            ex["score"] = round(sum(ex["_cells"].values()), 2)
            ex["status"] = worst(v.status for v in verdicts)
            ex["feedback"] = _feedback(verdicts)
            if _stub_raised(outcome, tests):
                ex["status"] = "not_attempted"
                ex["feedback"] = f"Not attempted: `{gid}` still raises NotImplementedError."
            elif ex["status"] == "error" and outcome.lesson_problems:
                ex["feedback"] = (outcome.lesson_problems[0] + "\n" + ex["feedback"]).strip()
            elif ex["status"] != "passed" and gid in outcome.answer_errors:
                ex["feedback"] = fb.redact(outcome.answer_errors[gid], secrets) + (
                    "\n" + ex["feedback"] if ex["feedback"] else "")
        if len(ex["feedback"]) > FEEDBACK_CAP:
            ex["feedback"] = ex["feedback"][:FEEDBACK_CAP - 15].rstrip() + " [... cut]"
        if ex["tampered"]:
            ex["feedback"] = (ex["feedback"] + "\nA test cell of this exercise was changed, moved, "
                              "copied or deleted in the submission; the original tests were used.").strip()
        out.append(ex)
    return out


def _stub_raised(outcome, tests) -> bool:
    cells = [outcome.tests.get(t.id) for t in tests]
    return bool(cells) and all(c is not None and c.status == "error" and c.ename == "NotImplementedError"
                               and not c.records for c in cells)


def entry(student, lesson_name, file, status, message, exercise_list=None, lesson=None) -> dict:
    """One results.json submission entry (``status`` is ``graded`` or why there is no grade)."""
    exercise_list = exercise_list or []
    out = {"student": student, "lesson": lesson_name, "file": file, "status": status,
           "message": message, "score": None, "max_score": None, "exercises": exercise_list}
    if status == "graded":
        totals(out)
    elif lesson is not None:
        out["max_score"] = round(sum(t.points for t in lesson.tests.values()), 2)
    return out


def totals(entry: dict):
    counted = [e for e in entry["exercises"] if e["score"] is not None]
    entry["score"] = round(sum(e["score"] for e in counted), 2)
    entry["max_score"] = round(sum(e["max_score"] or 0 for e in counted), 2)
    manual = round(sum(e.get("manual_max_score") or 0 for e in entry["exercises"]
                       if e["status"] == "manual" and e["score"] is None), 2)
    if manual:
        entry["manual_max_score"] = manual
    else:
        entry.pop("manual_max_score", None)


def apply_manual(entry: dict, scores: dict):
    """Scores a person gave in Formgrader: written answers, and overrides of test cells."""
    for ex in entry.get("exercises", []):
        if ex["status"] != "manual":
            if "_tests" in ex:
                cells = ex.get("_cells", {})
                ex["score"] = round(sum(scores.get(t, cells.get(t, 0.0)) for t in ex["_tests"]), 2)
            continue
        got = scores.get(ex["grade_id"])
        ex["score"] = got
        ex["max_score"] = ex["manual_max_score"] if got is not None else None
        ex["feedback"] = "" if got is not None else "Graded by hand."
    if entry.get("status") == "graded":
        totals(entry)


def public(entry: dict) -> dict:
    """The results.json form of an entry (internal keys dropped)."""
    out = {k: v for k, v in entry.items() if not k.startswith("_")}
    out["exercises"] = [{k: v for k, v in ex.items() if not k.startswith("_")}
                        for ex in entry.get("exercises", [])]
    return out
