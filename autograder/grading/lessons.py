"""Stage 1: what a lesson's source notebook says about grading.

A :class:`Lesson` is plain data (it travels to worker processes and Dask workers): the source
notebook's cells, each exercise's solution and released stub, each test cell with its points,
owner and the rewritten version a submission runs (:mod:`autograder.grading.transform`), and the
written answers graded by hand. Loading parses and rewrites test cells, so it happens in the
grader's main thread only, once per lesson and source version.
"""
from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

from autograder import notebook as nb
from autograder.grading.transform import TRANSFORM_VERSION, AuthoringError, student_source


@dataclass(frozen=True)
class TestCell:
    id: str
    owner: str
    points: float
    source: str            # as in the source notebook (hidden tests included)
    student_source: str    # as a submission runs it: no expected values


@dataclass
class Lesson:
    name: str
    digest: str                                     # of the source notebook and the transform
    cells: list                                     # source cells (plain dicts)
    answers: dict = field(default_factory=dict)     # grade_id -> solution source
    stubs: dict = field(default_factory=dict)       # grade_id -> released stub
    tests: dict = field(default_factory=dict)       # test id -> TestCell, in notebook order
    manual: dict = field(default_factory=dict)      # written answer grade_id -> points
    accepted_tests: dict = field(default_factory=dict)  # test id -> normalised texts students may hold
    problem: str = ""          # an authoring error: this lesson cannot be graded until it is fixed

    @property
    def exercises(self) -> list:
        """Exercise grade_ids in notebook order (functions and written answers)."""
        return [nb.grade_id(c) for c in self.cells
                if nb.grade_id(c) in self.answers or nb.grade_id(c) in self.manual]

    def tests_of(self, exercise: str) -> list:
        return [t for t in self.tests.values() if t.owner == exercise]

    def max_score(self, exercise: str) -> float:
        return round(sum(t.points for t in self.tests_of(exercise)), 2)

    @property
    def total_points(self) -> float:
        return round(sum(t.points for t in self.tests.values()) + sum(self.manual.values()), 2)


def _plain_cell(cell) -> dict:
    plain = nb.plain_cell(cell)
    plain["metadata"] = json.loads(json.dumps(plain["metadata"]))   # the cached lesson's own copy
    return plain


_CACHE: dict = {}
_LOCK = threading.Lock()


def load_lesson(root: Path, name: str) -> Lesson:
    """The lesson ``name`` of the course at ``root`` (cached by content). A test cell that cannot
    be graded safely (an ``AuthoringError``) is noted in ``problem``; :func:`require_gradeable`
    raises it when the lesson is about to be graded."""
    path = nb.source_notebook(root, name)
    raw = path.read_bytes()
    released = nb.released_notebook(root, name)
    released_raw = released.read_bytes() if released.is_file() else b""
    digest = hashlib.sha256(raw + b"\0" + released_raw + f"\0{TRANSFORM_VERSION}".encode()).hexdigest()
    with _LOCK:
        if (name, digest) in _CACHE:
            return _CACHE[(name, digest)]
    lesson = _build(name, digest, json.loads(raw.decode("utf-8")), released_raw)
    with _LOCK:
        _CACHE[(name, digest)] = lesson
    return lesson


def _build(name, digest, notebook, released_raw) -> Lesson:
    cells = [_plain_cell(c) for c in notebook.get("cells", [])]
    lesson = Lesson(name, digest, cells)
    for cell in cells:
        gid = nb.grade_id(cell)
        if gid and nb.is_answer_cell(cell):
            lesson.answers[gid] = cell["source"]
            lesson.stubs[gid] = nb.stub_answer(cell["source"])
        elif gid and nb.is_manual_cell(cell):
            lesson.manual[gid] = nb.points(cell)
    for cell in cells:
        gid = nb.grade_id(cell)
        if not (gid and nb.is_test_cell(cell)):
            continue
        owner = nb.owner_of_test(gid, lesson.answers)
        if owner is None:
            lesson.problem = lesson.problem or f"{name}: test cell {gid!r} belongs to no answer cell"
            continue
        src = cell["source"]
        try:
            rewritten = student_source(src, where=f"{name}, test cell {gid}",
                                       student_functions=tuple(lesson.answers))
        except AuthoringError as exc:
            lesson.problem = lesson.problem or str(exc)
            rewritten = ""
        lesson.tests[gid] = TestCell(gid, owner, nb.points(cell), src, rewritten)
        lesson.accepted_tests[gid] = {nb.normalise(nb.strip_hidden(src)), nb.normalise(src)}
    # the committed release is what students received; it may lag the source by a version
    if released_raw:
        try:
            for cell in json.loads(released_raw.decode("utf-8")).get("cells", []):
                gid = nb.grade_id(cell)
                if gid in lesson.tests and cell.get("cell_type") == "code":
                    lesson.accepted_tests[gid].add(nb.normalise(nb.cell_source(cell)))
                elif gid in lesson.answers and cell.get("cell_type") == "code":
                    lesson.stubs[gid] = nb.cell_source(cell)
        except (ValueError, AttributeError):
            pass
    return lesson


def lesson_names(root: Path) -> list:
    return nb.lesson_names(root)


def load_lessons(root: Path) -> dict:
    """{name: Lesson} for every lesson of ``root/solutions`` (main thread only)."""
    return {name: load_lesson(root, name) for name in lesson_names(root)}


def require_gradeable(lesson: Lesson) -> Lesson:
    """``lesson``, or AuthoringError naming the cell that keeps it from being graded."""
    if lesson.problem:
        raise AuthoringError(lesson.problem)
    return lesson
