"""Stage 2: what a submitted notebook holds, read in the grader's main thread.

A submission is never run as it was submitted. The grader keeps only the student's answer cells
(by grade_id, or, when the nbgrader metadata was stripped, by the ``def``/``class`` they hold) and
written answers, and runs them inside the lesson's own source notebook. This stage reads the file,
recognises the lesson, picks out the answers and notes what was changed: test cells edited, moved
or deleted (``tampered``) and exercises still holding the released stub (``not_attempted``).
Cells the student added that the answers need (a helper function, an import or a constant in a
cell of its own) are kept too, and run where the student put them (``added``).
It parses Python (``ast``), so it runs in the main thread only.
"""
from __future__ import annotations

import ast
import json
import re
import symtable
from dataclasses import dataclass, field
from pathlib import Path

from autograder import notebook as nb


class NotGradeable(Exception):
    """The file cannot be graded; ``status`` says why (e.g. ``invalid_notebook``)."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status, self.message = status, message


@dataclass
class Submission:
    student: str
    lesson: str
    file: str
    answers: dict = field(default_factory=dict)      # grade_id -> the student's answer source
    written: dict = field(default_factory=dict)      # written-answer grade_id -> text
    tampered: set = field(default_factory=set)       # test ids changed in the submission
    not_attempted: set = field(default_factory=set)  # exercises whose cell is the released stub
    added: list = field(default_factory=list)        # (after lesson cell, source, name): helpers
    message: str = ""


def read_cells(data) -> list:
    """The cells (plain dicts) of a notebook given as a path or as bytes.
    Raises NotGradeable('invalid_notebook') for anything that is not a notebook."""
    if isinstance(data, (str, Path)):
        try:
            data = Path(data).read_bytes()
        except OSError as exc:
            raise NotGradeable("invalid_notebook", f"cannot read the file ({exc.strerror})") from exc
    try:
        notebook = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotGradeable("invalid_notebook",
                           f"the file is not a Jupyter notebook: it is not valid JSON ({exc})") from exc
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise NotGradeable("invalid_notebook",
                           "the file is JSON but not a Jupyter notebook (it has no list of cells)")
    cells = []
    for c in notebook["cells"]:
        if not isinstance(c, dict) or c.get("cell_type") not in ("code", "markdown", "raw"):
            continue
        cells.append(nb.plain_cell(c))
    if not cells:
        raise NotGradeable("invalid_notebook", "the notebook has no cells")
    return cells


def defined_names(src: str) -> list:
    """Top-level ``def``/``class`` names of a cell (a regex fallback when it does not parse)."""
    try:
        tree = ast.parse(src)
        return [n.name for n in tree.body
                if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return re.findall(r"^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)", src, flags=re.M)


def recognise(cells: list, lessons: dict) -> tuple:
    """(lesson name or None, how): the lesson whose answer grade_ids overlap the notebook's most;
    without nbgrader metadata, by ``def``/``class`` names (COURSE_SPEC §8)."""
    ids = {nb.grade_id(c) for c in cells} - {None}
    scores = {name: len(ids & set(les.answers)) for name, les in lessons.items()}
    how = "grade_ids"
    if not scores or max(scores.values()) == 0:
        names = set()
        for c in cells:
            if c["cell_type"] == "code":
                names.update(defined_names(c["source"]))
        scores = {name: len(names & set(les.answers)) for name, les in lessons.items()}
        how = "def/class names"
    if not scores or max(scores.values()) == 0:
        return None, "no answer cell or function of any lesson was found"
    best = max(scores.values())
    winners = sorted(n for n, s in scores.items() if s == best)
    if len(winners) > 1:
        return None, f"the notebook matches several lessons equally ({', '.join(winners)}, by {how})"
    return winners[0], how


def _answers(cells: list, lesson) -> dict:
    """grade_id -> the student's answer source (the last cell with that grade_id; without
    metadata, the last code cell defining that name at top level that is not a test cell)."""
    found = {}
    for c in cells:
        gid = nb.grade_id(c)
        if gid in lesson.answers and c["cell_type"] == "code":
            found[gid] = c["source"]
    for gid in lesson.answers:
        if gid in found:
            continue
        for c in cells:
            if c["cell_type"] != "code" or nb.grade_id(c) in lesson.tests:
                continue
            if gid in defined_names(c["source"]) and not any(
                    nb.normalise(c["source"]) in want for want in lesson.accepted_tests.values()):
                found[gid] = c["source"]
    return found


def _tampered(cells: list, lesson) -> set:
    """Test ids whose submitted copy is missing, duplicated, not code, or edited."""
    tampered = set()
    has_meta = any(nb.grade_id(c) for c in cells)
    for tid, want in lesson.accepted_tests.items():
        copies = [c for c in cells if nb.grade_id(c) == tid]
        if not copies and not has_meta:
            copies = [c for c in cells if nb.normalise(c["source"]) in want]
        if len(copies) != 1 or copies[0]["cell_type"] != "code" \
                or nb.normalise(copies[0]["source"]) not in want:
            tampered.add(tid)
    return tampered


def _names(src: str):
    """(names a cell defines at top level, global names it reads anywhere, function bodies
    included) or None if it does not compile. Parameters and locals of its functions are not
    global reads."""
    try:
        table = symtable.symtable(src, "<cell>", "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    defined = {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported()}
    read, scopes = set(), [table]
    while scopes:
        scope = scopes.pop()
        top = scope.get_type() == "module"
        read.update(s.get_name() for s in scope.get_symbols()
                    if s.is_referenced() and (top or s.is_global()))
        scopes.extend(scope.get_children())
    return defined, read


def _added(cells: list, lesson, answers: dict) -> list:
    """The code cells the student added that the answers need, each as (index of the lesson cell
    it follows, -1 before the first; source; its name in feedback), in the student's order.

    A cell is the student's own when its id is not one of the lesson's (in a notebook without
    cell ids: when its text is no cell of the lesson's). It is kept when it defines a name that
    an answer reads (a helper function, an import, a constant), or that a kept cell reads; cells
    that only experiment, print or plot are not run, and a cell that redefines a graded function
    does not replace the answer cell."""
    index_by_gid = {nb.grade_id(c): i for i, c in enumerate(lesson.cells) if nb.grade_id(c)}
    index_by_id = {c["id"]: i for i, c in enumerate(lesson.cells) if c.get("id")}
    index_by_text = {}
    for i, c in enumerate(lesson.cells):
        index_by_text.setdefault(nb.normalise(c["source"]), i)
    for gid, src in list(lesson.stubs.items()) + list(answers.items()):
        index_by_text.setdefault(nb.normalise(src), index_by_gid.get(gid, -1))
    for tid, texts in lesson.accepted_tests.items():
        for text in texts:
            index_by_text.setdefault(text, index_by_gid.get(tid, -1))
    with_ids = any(c.get("id") in index_by_id for c in cells)
    anchor, own = -1, []
    for c in cells:
        gid, text = nb.grade_id(c), nb.normalise(c["source"])
        if gid in index_by_gid:
            anchor = index_by_gid[gid]
        elif with_ids and c.get("id") in index_by_id:
            anchor = index_by_id[c["id"]]
        elif text in index_by_text:
            anchor = max(anchor, index_by_text[text]) if with_ids else index_by_text[text]
        elif c["cell_type"] == "code" and text:
            names = _names(c["source"])
            if names is not None:
                own.append((anchor, c["source"], names[0] - set(lesson.answers), names[1]))
    needed = set()
    for src in answers.values():
        names = _names(src)
        if names is not None:
            needed |= names[1] - names[0]
    kept = [False] * len(own)
    changed = True
    while changed:                         # a kept helper may need another
        changed = False
        for i, (_, _, defines, reads) in enumerate(own):
            if not kept[i] and defines & needed:
                kept[i], changed = True, True
                needed |= reads
    return [(anchor, src, nb.ADDED_CELL + "defining " + ", ".join(f"`{n}`" for n in sorted(defines)[:3]))
            for (anchor, src, defines, _), keep in zip(own, kept) if keep]


def added_after(added) -> dict:
    """Lesson cell index (-1: before the first) -> [(source, name)] of the student's own cells
    that run after it, in order (``Submission.added``, grouped)."""
    after = {}
    for anchor, src, name in added:
        after.setdefault(anchor, []).append((src, name))
    return after


def prepare(cells: list, lesson, *, student: str, file: str, message: str = "") -> Submission:
    """The :class:`Submission` of ``cells`` for ``lesson`` (main thread only)."""
    answers = _answers(cells, lesson)
    written = {nb.grade_id(c): c["source"] for c in cells if nb.grade_id(c) in lesson.manual}
    stubs = {gid: nb.normalise(src) for gid, src in lesson.stubs.items()}
    not_attempted = {gid for gid, src in answers.items()
                     if nb.normalise(src) in (stubs[gid], nb.normalise(nb.stub_answer(lesson.answers[gid])))}
    return Submission(student, lesson.name, file, answers, written, _tampered(cells, lesson),
                      not_attempted, _added(cells, lesson, answers), message)
