"""`course export DIR --format canvas|moodle|csv`: the term's grades as an LMS imports them.

    from autograder.export import export
    path = export("grading", "canvas")              # grading/export-canvas.csv

``DIR`` is a ``course grade --out DIR`` folder; its ``results.json`` holds one entry per student
and lesson. The export has one row per student of the class (every student who has any entry in
``results.json``, a valid submission or not) and one column per lesson (or only ``--lesson L``).

Points possible per lesson are fixed: all of the lesson's points, written answers included, read
from the source notebook ``solutions/LESSON/LESSON.ipynb`` (nbgrader ``points`` of its test cells
and its manually graded cells). A student's score is ``score`` from ``results.json``: the
autograded points plus the written answers already graded by hand; written answers still to be
graded count 0 until they are graded in Formgrader and ``course grade`` runs again.

A student without a valid submission for a lesson (no notebook, an invalid notebook, a grader
error, or no entry for that lesson at all) gets an **empty** cell by default, not 0: an empty cell
means "not graded" (Canvas leaves the gradebook cell as it is; Moodle records no grade), so a file
that could not be read never turns into a failing grade the student sees. ``missing="zero"``
(``--missing zero``) writes 0 instead, for the end of term.

Layouts (checked against the importers' own code):

- **canvas**: Canvas's gradebook CSV (Grades > Import). Header ``Student, ID, SIS User ID,
  SIS Login ID, Section`` then one column per lesson, titled with the lesson's name (Canvas matches
  an existing assignment of that title, or creates one); a second row whose first cell is
  ``Points Possible`` gives each lesson's points (Canvas uses it for the assignments it creates).
  The course's student id goes in ``Student``, ``SIS User ID`` and ``SIS Login ID`` (Canvas finds
  the student by SIS User ID, then SIS Login ID, then by name); ``ID`` (Canvas's internal user id)
  and ``Section`` stay empty.
- **moodle**: Moodle's "Import grades: CSV file". Header ``Student ID`` then one column per
  lesson; nothing but students below it (Moodle takes every row as a student and stops the whole
  import at a row whose user it cannot find). In the import's mapping step, map ``Student ID`` to
  the user field the ids are (username, ID number or email address) and each lesson column to its
  grade item, whose maximum grade you set to the lesson's points (printed by the command).
- **csv**: a plain table for spreadsheets and scripts: ``student``, one column per lesson,
  ``total``, ``notes`` (why a cell is empty; written answers still to grade), with a second row
  ``points_possible``.

Scores have at most two decimals; rows are sorted by student id, columns by lesson name.
"""
from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from autograder.notebook import (
    grade_id, is_answer_cell, is_manual_cell, is_test_cell, lesson_names, owner_of_test, points,
    source_notebook,
)

FORMATS = ("canvas", "moodle", "csv")
MISSING = ("empty", "zero")
CANVAS_STUDENT_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
CANVAS_POINTS_ROW = "Points Possible"
MOODLE_ID_COLUMN = "Student ID"
MOODLE_DEFAULT_MAX_GRADE = 100   # Moodle refuses imported grades above this unless unlimitedgrades


class ExportError(Exception):
    """A problem with the grading folder or the options, worded for the instructor."""


def format_score(value) -> str:
    """A number with at most two decimals and no trailing zeros (``7.5``, ``10``, ``3.33``);
    ``None`` gives an empty string."""
    if value is None:
        return ""
    rounded = Decimal(repr(float(value))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = format(rounded, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def load_results(grading_dir: str | os.PathLike) -> list[dict]:
    """The submission entries of ``DIR/results.json``."""
    path = Path(grading_dir) / "results.json"
    if not path.is_file():
        raise ExportError(f"{path} does not exist: DIR must be a folder written by "
                          f"`course grade SUBMISSIONS --out DIR`")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ExportError(f"{path} is not valid JSON ({exc}); run `course grade` again") from None
    entries = data.get("submissions") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ExportError(f"{path} has no \"submissions\" list; run `course grade` again")
    return [e for e in entries if isinstance(e, dict)]


def exercise_points(root: Path, lesson: str) -> dict[str, float]:
    """Points per exercise of ``lesson``, read from its source notebook: each graded function
    (answer grade_id) gets the points of its test cells, each written answer (manual grade_id)
    its own points. Raises ``ExportError`` when the source notebook cannot be read."""
    path = source_notebook(root, lesson)
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ExportError(f"cannot read the points of {lesson} from {path} ({exc}); run the "
                          f"command in the staff copy of the course (the one with solutions/)"
                          ) from None
    functions = [grade_id(c) for c in cells if is_answer_cell(c) and grade_id(c)]
    out: dict[str, float] = {}
    for cell in cells:
        gid = grade_id(cell)
        if gid is None:
            continue
        if is_manual_cell(cell):
            out[gid] = out.get(gid, 0.0) + points(cell)
        elif is_test_cell(cell):
            owner = owner_of_test(gid, functions) or gid
            out[owner] = out.get(owner, 0.0) + points(cell)
    return out


def lesson_points(root: Path, lesson: str) -> float:
    """All the points of ``lesson`` (tests and written answers), from its source notebook."""
    return round(sum(exercise_points(root, lesson).values()), 2)


@dataclass
class Gradebook:
    """One score (or ``None``) per student and lesson, with the lessons' points possible."""
    students: list[str]
    lessons: list[str]
    points: dict[str, float]
    scores: dict[tuple, float | None] = field(default_factory=dict)
    notes: dict[tuple, str] = field(default_factory=dict)        # (student, lesson) -> why
    pending_manual: dict[tuple, float] = field(default_factory=dict)   # points still to grade
    unplaced: dict[str, list] = field(default_factory=dict)   # student -> entries of no lesson


def _pick(current: dict | None, entry: dict) -> dict:
    """Of two entries for the same student and lesson, the graded one (else the later one)."""
    if current is None:
        return entry
    if current.get("status") == "graded" and entry.get("status") != "graded":
        return current
    return entry


def build_gradebook(entries: list[dict], root: Path, lesson: str | None = None,
                    missing: str = "empty") -> Gradebook:
    """The export's content: every student of ``entries``, the lessons that have entries (or
    only ``lesson``), points possible from the source notebooks."""
    if missing not in MISSING:
        raise ExportError(f"missing must be one of {', '.join(MISSING)}, not {missing!r}")
    students = sorted({str(e.get("student")) for e in entries if e.get("student") not in (None, "")})
    if not students:
        raise ExportError("results.json holds no student; grade a class first "
                          "(`course grade SUBMISSIONS --out DIR`)")
    graded_lessons = {e.get("lesson") for e in entries if e.get("lesson")}
    if lesson is not None:
        known = set(lesson_names(root)) | graded_lessons
        if lesson not in known:
            raise ExportError(f"unknown lesson {lesson!r}; lessons: {', '.join(sorted(known))}")
        lessons = [lesson]
    else:
        lessons = sorted(graded_lessons)
        if not lessons:
            raise ExportError("results.json holds no graded lesson (every submission was "
                              "unreadable); see grades.csv for the reasons")
    book = Gradebook(students=students, lessons=lessons,
                     points={les: lesson_points(root, les) for les in lessons})
    chosen: dict[tuple, dict] = {}
    for entry in entries:
        key = (str(entry.get("student")), entry.get("lesson"))
        if key[1] in lessons:
            chosen[key] = _pick(chosen.get(key), entry)
        elif not key[1]:
            book.unplaced.setdefault(key[0], []).append(entry)
    for student in students:
        for les in lessons:
            entry = chosen.get((student, les))
            if entry is None:
                score, note = None, "no submission"
            elif entry.get("status") != "graded" or entry.get("score") is None:
                score, note = None, str(entry.get("status") or "not graded")
            else:
                score, note = float(entry["score"]), ""
                pending = float(entry.get("manual_max_score") or 0)
                if pending:
                    book.pending_manual[(student, les)] = pending
            if score is None and missing == "zero":
                score = 0.0
            book.scores[(student, les)] = score
            if note:
                book.notes[(student, les)] = note
    return book


def canvas_rows(book: Gradebook) -> list[list[str]]:
    rows = [CANVAS_STUDENT_COLUMNS + book.lessons,
            [CANVAS_POINTS_ROW] + [""] * (len(CANVAS_STUDENT_COLUMNS) - 1)
            + [format_score(book.points[les]) for les in book.lessons]]
    for student in book.students:
        rows.append([student, "", student, student, ""]
                    + [format_score(book.scores[(student, les)]) for les in book.lessons])
    return rows


def moodle_rows(book: Gradebook) -> list[list[str]]:
    rows = [[MOODLE_ID_COLUMN] + book.lessons]
    for student in book.students:
        rows.append([student] + [format_score(book.scores[(student, les)]) for les in book.lessons])
    return rows


def _notes(book: Gradebook, student: str) -> str:
    parts = [f"{e.get('file') or 'a file'}: {e.get('status')} (lesson not recognised)"
             for e in sorted(book.unplaced.get(student, []), key=lambda e: str(e.get("file")))]
    for les in book.lessons:
        if (student, les) in book.notes:
            parts.append(f"{les}: {book.notes[(student, les)]}")
        if (student, les) in book.pending_manual:
            parts.append(f"{les}: written answers worth {format_score(book.pending_manual[(student, les)])} "
                         f"point(s) not graded yet")
    return "; ".join(parts)


def csv_rows(book: Gradebook) -> list[list[str]]:
    rows = [["student"] + book.lessons + ["total", "notes"],
            ["points_possible"] + [format_score(book.points[les]) for les in book.lessons]
            + [format_score(sum(book.points.values())), ""]]
    for student in book.students:
        scores = [book.scores[(student, les)] for les in book.lessons]
        total = sum(s for s in scores if s is not None)
        rows.append([student] + [format_score(s) for s in scores]
                    + [format_score(total), _notes(book, student)])
    return rows


ROWS = {"canvas": canvas_rows, "moodle": moodle_rows, "csv": csv_rows}


def render(book: Gradebook, fmt: str) -> str:
    """The export file's text (UTF-8 CSV, comma separated, ``\\n`` line ends)."""
    if fmt not in ROWS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(ROWS[fmt](book))
    return buffer.getvalue()


def default_output(grading_dir: Path, fmt: str, lesson: str | None) -> Path:
    name = "export" if fmt == "csv" else f"export-{fmt}"
    return Path(grading_dir) / (f"{name}-{lesson}.csv" if lesson else f"{name}.csv")


def export(grading_dir, fmt: str, *, lesson: str | None = None, output=None, root=None,
           missing: str = "empty", echo=print) -> Path:
    """Write the export file and return its path; ``echo`` gets a short report."""
    if root is None:
        from autograder.nbgrader_config import repo_root
        root = repo_root()
    grading_dir = Path(grading_dir)
    book = build_gradebook(load_results(grading_dir), Path(root), lesson, missing)
    path = Path(output) if output else default_output(grading_dir, fmt, lesson)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(book, fmt), encoding="utf-8", newline="")
    empty = sum(1 for s in book.scores.values() if s is None)
    echo(f"wrote {path}: {len(book.students)} student(s) x {len(book.lessons)} lesson(s)"
         + (f", {empty} empty cell(s) (no valid submission)" if empty else ""))
    echo("points possible: " + ", ".join(f"{les} {format_score(book.points[les])}"
                                         for les in book.lessons))
    if book.pending_manual:
        echo(f"note: {len(book.pending_manual)} submission(s) have written answers not graded "
             f"yet; they count 0 until graded in Formgrader and `course grade` runs again")
    if fmt == "moodle" and any(p > MOODLE_DEFAULT_MAX_GRADE for p in book.points.values()):
        echo(f"note: Moodle refuses grades above {MOODLE_DEFAULT_MAX_GRADE} unless the site allows "
             f"unlimited grades (Site administration > Grades > General settings)")
    return path
