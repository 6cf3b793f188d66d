"""Stage 8: what a graded class leaves in ``--out DIR`` (written by the main process only).

- ``results.json``: per student, lesson and exercise: score, max_score, status, feedback;
- ``grades.csv``: one row per student and lesson (COURSE_SPEC §8), deterministic;
- ``feedback/STUDENT/LESSON.html``: one page per row, also for a row without a valid notebook;
- ``autograded/STUDENT/LESSON/LESSON.ipynb``: the notebook that was graded, for Formgrader: the
  source notebook with the student's answers, and each test cell's output the grader's verdict
  lines (never the hidden tests' source);
- ``summary.html``: the item analysis of the class.
"""
from __future__ import annotations

import copy
import csv
import io
import json
import os
import re
from pathlib import Path

from autograder import feedback as fb
from autograder import notebook as nb
from autograder.grading.scoring import public


def atomic_write(path: Path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def safe_name(name) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._@+-]", "_", str(name)).lstrip(".")
    return cleaned or "_"


def number(x) -> str:
    if x is None:
        return ""
    return f"{round(float(x), 2):.2f}".rstrip("0").rstrip(".")


def ordered(entries) -> list:
    return sorted(entries, key=lambda e: (e["student"], e.get("lesson") or "", e["file"]))


def results_json(entries) -> str:
    return json.dumps({"submissions": [public(e) for e in ordered(entries)]}, indent=2)


def grades_csv(entries, lessons: dict) -> str:
    """student, lesson, score, status, max_score, then one column per exercise of the lessons
    that have rows (empty where the exercise is not in that row's lesson)."""
    rows = ordered(entries)
    present = sorted({e.get("lesson") for e in rows if e.get("lesson") in lessons})
    columns = [gid for name in present for gid in lessons[name].exercises]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["student", "lesson", "score", "status", "max_score", *columns])
    for e in rows:
        by_id = {ex["grade_id"]: ex for ex in e.get("exercises", [])}
        writer.writerow([e["student"], e.get("lesson") or "", number(e.get("score")), e["status"],
                         number(e.get("max_score")),
                         *[number(by_id[c]["score"]) if c in by_id else "" for c in columns]])
    return buf.getvalue()


def feedback_page_path(out: Path, entry: dict) -> Path:
    lesson = entry.get("lesson") or Path(entry["file"]).stem
    return out / "feedback" / safe_name(entry["student"]) / f"{safe_name(lesson)}.html"


def autograded_path(out: Path, student: str, lesson: str) -> Path:
    return out / "autograded" / safe_name(student) / safe_name(lesson) / f"{safe_name(lesson)}.ipynb"


def autograded_notebook(lesson, submission, entry: dict) -> dict:
    """The graded notebook for Formgrader: the source cells (the folder is the instructor's) with
    the student's answers and written answers put in, and each test cell's output the verdict
    lines of its checks, built from the verdicts only."""
    lines = {}
    points = {}
    for ex in entry.get("exercises", []):
        lines.update(ex.get("_lines", {}))
        points.update(ex.get("_cells", {}))
    status = {ex["grade_id"]: ex for ex in entry.get("exercises", [])}
    cells = []
    for index, cell in enumerate(lesson.cells):
        cell = copy.deepcopy(cell)
        gid = nb.grade_id(cell)
        cell["id"] = re.sub(r"[^A-Za-z0-9_-]", "-", gid)[:64] if gid else f"cell-{index}"
        if gid in lesson.answers:
            cell["source"] = submission.answers.get(gid, lesson.stubs[gid])
        elif gid in lesson.manual:
            cell["source"] = submission.written.get(gid, "(no answer found in the submission)")
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
            if gid in lesson.tests:
                owner = status.get(lesson.tests[gid].owner, {})
                text = lines.get(gid) or [f"({owner.get('status', 'not run')}: "
                                          f"{(owner.get('feedback') or 'these tests did not run').splitlines()[0]})"]
                got = points.get(gid, 0.0)
                head = f"grader: {number(got)} of {number(lesson.tests[gid].points)} point(s)"
                cell["outputs"] = [{"output_type": "stream", "name": "stdout",
                                    "text": head + "\n" + "\n".join(text) + "\n"}]
        cells.append(cell)
    return {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                        "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def write_class(out: Path, entries, lessons: dict, pages_for=None):
    """results.json, grades.csv and the feedback pages (all, or only those of ``pages_for``)."""
    atomic_write(out / "results.json", results_json(entries))
    atomic_write(out / "grades.csv", grades_csv(entries, lessons))
    for e in (ordered(entries) if pages_for is None else pages_for):
        atomic_write(feedback_page_path(out, e), fb.render_html(public(e)))


def write_summary(out: Path, entries, lessons: dict) -> str:
    """summary.html (the item analysis); returns the short text version for the terminal."""
    from autograder import report
    points = {name: {gid: (les.max_score(gid) if gid in les.answers else les.manual[gid])
                     for gid in les.exercises} for name, les in lessons.items()}
    entries = [public(e) for e in ordered(entries)]
    atomic_write(out / "summary.html", report.item_analysis_html(entries, points))
    return report.item_analysis_text(entries, points)
