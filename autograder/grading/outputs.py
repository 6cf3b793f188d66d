"""Stage 8: what a graded class leaves in ``--out DIR`` (written by the main process only).

- ``results.json``: per student, lesson and exercise: score, max_score, status, feedback;
- ``grades.csv``: one row per student and lesson (COURSE_SPEC §8), deterministic;
- ``feedback/STUDENT/LESSON.html``: one page per row, also for a row without a valid notebook;
- ``autograded/STUDENT/LESSON/LESSON.ipynb``: the notebook that was graded, for Formgrader: the
  source notebook with the student's answers, and each test cell's output the grader's verdict
  lines (never the hidden tests' source);
- ``summary.html``: the item analysis of the class;
- nbgrader's course folder around them, so that Formgrader started in ``DIR`` lists every graded
  lesson and submission (:func:`write_formgrader_course`): ``nbgrader_config.py``,
  ``source/LESSON/LESSON.ipynb``, ``submitted/STUDENT/LESSON/timestamp.txt`` and ``exchange/``.
"""
from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import os
import re
from pathlib import Path

from autograder import feedback as fb
from autograder import notebook as nb
from autograder.grading.scoring import public
from autograder.grading.submission import added_after


def atomic_write(path: Path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_if_changed(path: Path, text: str):
    """:func:`atomic_write`, unless the file already says exactly that (reruns touch nothing)."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    atomic_write(path, text)


def safe_name(name) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._@+-]", "_", str(name)).lstrip(".")
    return cleaned or "_"


def nbgrader_name(name) -> str:
    """The folder nbgrader gives a student id or a lesson: the id itself (Formgrader joins the
    gradebook's ids into its paths as they are), unless it could name another folder."""
    name = str(name)
    if name and not name.startswith(".") and not re.search(r"[/\\\0]", name):
        return name
    return safe_name(name)


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
    student, lesson = nbgrader_name(student), nbgrader_name(lesson)
    return out / "autograded" / student / lesson / f"{lesson}.ipynb"


def autograded_notebook(lesson, submission, entry: dict) -> dict:
    """The graded notebook for Formgrader: the source cells (the folder is the instructor's) with
    the student's answers, written answers and own cells (the helpers that ran) put in, and each
    test cell's output the verdict lines of its checks, built from the verdicts only."""
    lines = {}
    points = {}
    for ex in entry.get("exercises", []):
        lines.update(ex.get("_lines", {}))
        points.update(ex.get("_cells", {}))
    status = {ex["grade_id"]: ex for ex in entry.get("exercises", [])}
    own = added_after(submission.added)

    def own_cells(anchor):
        return [{"cell_type": "code", "id": f"own-{anchor + 1}-{k}", "metadata": {}, "source": src,
                 "outputs": [], "execution_count": None}
                for k, (src, _) in enumerate(own.get(anchor, ()), start=1)]

    cells = own_cells(-1)
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
        cells.extend(own_cells(index))
    return {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                        "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


# -- nbgrader's course folder, for Formgrader ---------------------------------------------------
# Formgrader (nbgrader 0.9) lists the lessons that have a folder in source/, counts a lesson's
# submissions by the folders in submitted/, shows a gradebook submission as autograded when
# submitted/STUDENT/LESSON/timestamp.txt states the gradebook's time for it, and opens
# autograded/STUDENT/LESSON/LESSON.ipynb. submitted/ holds no notebook: nbgrader's own Autograde
# button then finds nothing to run (student code runs only in course grade's sandbox) and
# leaves autograded/ alone.
CONFIG_MARK = "# Written by `course grade` on every run"


def submission_time(seconds) -> dt.datetime | None:
    """A submission's time (seconds since the epoch: zip entry time, else file time) as nbgrader
    keeps it: naive UTC, whole seconds."""
    if seconds is None:
        return None
    return dt.datetime.fromtimestamp(int(seconds), dt.timezone.utc).replace(tzinfo=None)


def write_submitted(out: Path, student: str, lesson: str, when: dt.datetime | None):
    """``submitted/STUDENT/LESSON/timestamp.txt`` in nbgrader's format, saying ``when`` (the time
    the gradebook holds for the submission; no file when that is unknown, as nbgrader expects)."""
    folder = out / "submitted" / nbgrader_name(student) / nbgrader_name(lesson)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = folder / "timestamp.txt"
    if when is None:
        stamp.unlink(missing_ok=True)
    else:
        write_if_changed(stamp, when.strftime("%Y-%m-%d %H:%M:%S.%f UTC") + "\n")


def _config_db_line(out: Path, db_url: str) -> str:
    if db_url == f"sqlite:///{out / 'gradebook.db'}":
        return 'c.CourseDirectory.db_url = "sqlite:///" + os.path.join(here, "gradebook.db")'
    from sqlalchemy.engine import URL, make_url
    try:
        url = make_url(db_url)
    except Exception:
        return f"c.CourseDirectory.db_url = {db_url!r}"
    if url.password is None:
        return f"c.CourseDirectory.db_url = {db_url!r}"
    shown = URL.create(url.drivername, url.username, None, url.host, url.port, url.database,
                       url.query).render_as_string(hide_password=False)
    return (f"c.CourseDirectory.db_url = {shown!r}   # = course grade --db, without its password "
            f"(put that in ~/.pgpass)")


def formgrader_config(out: Path, db_url: str, course_id: str) -> str:
    """``DIR/nbgrader_config.py``: nbgrader's course is the folder the file is in, wherever that
    folder is moved; the gradebook ``course grade`` wrote; an exchange of its own, empty."""
    return f'''{CONFIG_MARK} (autograder/grading/outputs.py); edits are replaced.
"""nbgrader's configuration of this grading folder. Start JupyterLab here and Formgrader's course
is this folder (docs/INSTRUCTORS.md, "Grading written answers in Formgrader"): source/ holds each
graded lesson's source notebook, submitted/ when each submission came in, autograded/ the
notebooks `course grade` graded, and the gradebook has their scores. exchange/ is this folder's
own, empty exchange: hand out and collect as the guide says, not with Formgrader's buttons."""
import os

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import ClearHiddenTests, GetGrades

here = os.path.dirname(os.path.abspath(__file__))
c = get_config()  # noqa: F821 - provided by nbgrader's config loader
c.CourseDirectory.root = here
c.CourseDirectory.course_id = {course_id!r}
{_config_db_line(out, db_url)}
c.Exchange.root = os.path.join(here, "exchange")
# nbgrader's Generate Feedback (not the course's feedback/ pages): never with the hidden tests,
# and in a folder of its own
c.CourseDirectory.feedback_directory = "nbgrader-feedback"
c.GenerateFeedback.preprocessors = [GetGrades, ClearHiddenTests, CSSHTMLHeaderPreprocessor]
'''


def write_formgrader_course(out: Path, sources: dict, db_url: str, course_id: str) -> list:
    """nbgrader's course folder around ``DIR``: ``source/LESSON/LESSON.ipynb`` (a copy of the
    lesson's source notebook, model answers and rubrics included) for every lesson in
    ``sources`` ({lesson: source notebook path}), ``exchange/`` and ``nbgrader_config.py``.
    Returns notes for the terminal (an instructor's own nbgrader_config.py kept aside)."""
    notes = []
    for name, path in sorted(sources.items()):
        folder = nbgrader_name(name)
        write_if_changed(out / "source" / folder / f"{folder}.ipynb",
                         Path(path).read_text(encoding="utf-8"))
    (out / "exchange").mkdir(exist_ok=True)
    config = out / "nbgrader_config.py"
    if config.is_file() and not config.read_text(encoding="utf-8", errors="replace").startswith(CONFIG_MARK):
        kept = config.with_name("nbgrader_config.py.orig")
        os.replace(config, kept)
        notes.append(f"note: {config} was not written by course grade; kept as {kept.name} "
                     f"and replaced (Formgrader needs course grade's settings)")
    write_if_changed(config, formgrader_config(out, db_url, course_id))
    return notes


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
