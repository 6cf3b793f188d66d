"""Stage 7: nbgrader's gradebook, written by one process only (the grader's main process).

Formgrader reads the same database: the points each test cell earned go in as automatic scores,
and scores a person enters there (written answers, or an override of a test cell) come back into
``grades.csv`` on the next ``course grade`` (COURSE_SPEC §8). SQLite by default, or any
SQLAlchemy URL (``--db postgresql://...``). Each submission carries the time the student's file
was submitted (zip entry time, else file time), the same time ``DIR/submitted/`` states: nbgrader
lists a submission as autograded only when the two agree.
"""
from __future__ import annotations

import datetime as dt
import os
import sys
import warnings
from pathlib import Path

COURSE_ID = "backprop"      # nbgrader's course id of every grading DIR (its nbgrader_config.py)


def _fast_alembic_head(api):
    """nbgrader asks a subprocess (``alembic heads``, found on PATH) for the schema's head revision
    each time a Gradebook opens; read it in-process instead (same answer, no PATH dependence,
    seconds faster)."""
    if getattr(api.get_alembic_version, "_course_fast", False):
        return
    try:
        from alembic.config import Config as AlembicConfig
        from alembic.script import ScriptDirectory

        with api._temp_alembic_ini("sqlite:////tmp/gradebook.db") as ini:
            head = ScriptDirectory.from_config(AlembicConfig(ini)).get_current_head()
    except Exception:
        bindir = str(Path(sys.executable).parent)   # fall back to the command, beside us
        if bindir not in os.environ.get("PATH", "").split(os.pathsep):
            os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")
        return

    def get_alembic_version():
        return head
    get_alembic_version._course_fast = True
    api.get_alembic_version = get_alembic_version


class GradebookWriter:
    """The one writer of nbgrader's gradebook."""

    def __init__(self, db_url: str, lessons: dict):
        from nbgrader import api

        _fast_alembic_head(api)
        warnings.filterwarnings("ignore", module=r"nbgrader\.api")
        warnings.filterwarnings("ignore", message=r".*not in session.*")
        self.gb = api.Gradebook(db_url, COURSE_ID)
        self.lessons = lessons
        self.ready = set()

    def _ensure_lesson(self, lesson):
        if lesson.name in self.ready:
            return
        gb = self.gb
        gb.update_or_create_assignment(lesson.name)
        gb.update_or_create_notebook(lesson.name, lesson.name)
        for test in lesson.tests.values():
            gb.update_or_create_grade_cell(test.id, lesson.name, lesson.name, max_score=test.points,
                                           cell_type="code")
        for gid, points in lesson.manual.items():
            gb.update_or_create_grade_cell(gid, lesson.name, lesson.name, max_score=points,
                                           cell_type="markdown")
            gb.update_or_create_solution_cell(gid, lesson.name, lesson.name)
        for gid in lesson.answers:
            gb.update_or_create_solution_cell(gid, lesson.name, lesson.name)
        self.ready.add(lesson.name)

    def record(self, entry: dict, submitted: dt.datetime | None = None):
        """A graded entry's submission, its automatic scores and what is left to grade by hand;
        ``submitted``: when the student's file was submitted (naive UTC)."""
        from nbgrader.api import MissingEntry
        lesson = self.lessons.get(entry.get("lesson"))
        if entry["status"] != "graded" or lesson is None:
            return
        self._ensure_lesson(lesson)
        gb, student = self.gb, entry["student"]
        gb.update_or_create_student(student)
        gb.update_or_create_submission(lesson.name, student, timestamp=submitted)
        earned = {}
        for ex in entry["exercises"]:
            earned.update(ex.get("_cells", {}))
        for test in lesson.tests.values():
            try:
                grade = gb.find_grade(test.id, lesson.name, lesson.name, student)
            except MissingEntry:
                continue
            grade.auto_score = float(earned.get(test.id, 0.0))
            grade.needs_manual_grade = False
        for gid in lesson.manual:
            try:
                grade = gb.find_grade(gid, lesson.name, lesson.name, student)
            except MissingEntry:
                continue
            grade.needs_manual_grade = grade.manual_score is None
        gb.db.commit()

    def submitted_time(self, student: str, lesson: str) -> dt.datetime | None:
        """The submission time the gradebook holds for ``student`` and ``lesson`` (naive UTC)."""
        from nbgrader.api import MissingEntry
        try:
            return self.gb.find_submission(lesson, student).timestamp
        except MissingEntry:
            return None

    def manual_scores(self, entry: dict) -> dict:
        """{grade cell id: score} for what a person graded (or overrode) in Formgrader."""
        from nbgrader.api import MissingEntry
        lesson = self.lessons.get(entry.get("lesson"))
        out = {}
        if lesson is None or entry["status"] != "graded":
            return out
        for gid in [*lesson.manual, *lesson.tests]:
            try:
                grade = self.gb.find_grade(gid, lesson.name, lesson.name, entry["student"])
            except MissingEntry:
                continue
            if grade.manual_score is not None:
                out[gid] = float(grade.manual_score)
        return out

    def close(self):
        try:
            self.gb.close()
        except Exception:
            pass
