"""The course's notebook vocabulary: the one place that says what a cell is.

Everything that reads nbgrader notebooks (the grader, ``course release``, the corpus, the
similarity report) uses these words, so they mean the same thing everywhere:

- an **answer cell** is an nbgrader *autograded answer* cell (code, ``solution: true``,
  ``grade: false``); its ``grade_id`` is the name of the function or class it defines;
- a **test cell** is an *autograder tests* cell (code, ``grade: true``, ``solution: false``);
  ``NAME_tests`` or ``NAME_tests_K`` belongs to the answer cell ``NAME`` (the longest match);
- a **manual cell** is a written answer graded by a person (``grade`` and ``solution`` both true);
- a student's **own cell** is a code cell a student added (its id is none of the lesson's);
- the **stub** of an answer cell is what students receive: the solution region replaced by
  ``raise NotImplementedError()``; a **released test cell** has its hidden region removed.

Functions accept plain dicts (as read from JSON) and ``nbformat`` nodes alike.
"""
from __future__ import annotations

import re
from pathlib import Path

SOURCE_DIRECTORY = "solutions"
RELEASE_DIRECTORY = "lessons"

# Check records travel from a grading kernel to the grader as display data of this MIME type.
RECORD_MIME = "application/vnd.course.check+json"
# ... each announced in the kernel with sys.audit(RECORD_EVENT, ...), for the monitor to vouch for.
RECORD_EVENT = "course.record"

# How feedback names a student's own cell (``own cell defining `helper` ``); grade_ids have no spaces.
ADDED_CELL = "own cell "

TEST_ID = re.compile(r"^(?P<name>.+)_tests(?:_(?P<k>\d+))?$")
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
SOLUTION_BEGIN, SOLUTION_END = "### BEGIN SOLUTION", "### END SOLUTION"
CODE_STUB_LINES = ("# YOUR CODE HERE", "raise NotImplementedError()")


def nbgrader_meta(cell) -> dict:
    """The cell's ``metadata.nbgrader`` dict (empty when there is none or it is malformed)."""
    meta = cell.get("metadata") if isinstance(cell, dict) else None
    meta = meta.get("nbgrader") if isinstance(meta, dict) else None
    return meta if isinstance(meta, dict) else {}


def grade_id(cell) -> str | None:
    gid = nbgrader_meta(cell).get("grade_id")
    return gid if isinstance(gid, str) and gid else None


def cell_source(cell) -> str:
    """The cell's source as one string (notebook JSON may store a list of lines)."""
    src = cell.get("source", "") if isinstance(cell, dict) else ""
    if isinstance(src, list):
        return "".join(s for s in src if isinstance(s, str))
    return src if isinstance(src, str) else ""


def plain_cell(cell) -> dict:
    """A cell as a plain dict of what grading reads: its type, source (one string), metadata and,
    when it has one, its id (how a submission's cells are matched to the lesson's)."""
    meta = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
    plain = {"cell_type": cell.get("cell_type"), "source": cell_source(cell), "metadata": meta}
    if isinstance(cell.get("id"), str) and cell["id"]:
        plain["id"] = cell["id"]
    return plain


def is_answer_cell(cell) -> bool:
    meta = nbgrader_meta(cell)
    return cell.get("cell_type") == "code" and bool(meta.get("solution")) and not meta.get("grade")


def is_test_cell(cell) -> bool:
    meta = nbgrader_meta(cell)
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def is_manual_cell(cell) -> bool:
    meta = nbgrader_meta(cell)
    return bool(meta.get("grade")) and bool(meta.get("solution"))


def points(cell) -> float:
    try:
        return float(nbgrader_meta(cell).get("points", 0) or 0)
    except (TypeError, ValueError):
        return 0.0


def owner_of_test(test_id: str, function_names) -> str | None:
    """The graded function a test cell belongs to: the longest name ``N`` with
    ``test_id == N + "_tests"`` or ``test_id == N + "_tests_K"`` (COURSE_SPEC §4)."""
    best = None
    for name in function_names:
        rest = test_id[len(name):] if test_id.startswith(name) else None
        if rest is None or not re.fullmatch(r"_tests(?:_\d+)?", rest):
            continue
        if best is None or len(name) > len(best):
            best = name
    return best


def normalise(src: str) -> str:
    """Source text compared modulo trailing spaces and surrounding blank lines."""
    return "\n".join(line.rstrip() for line in src.strip().splitlines())


def replace_regions(src: str, begin: str, end: str, replacement=lambda indent: []) -> str:
    """``src`` with every region from a ``begin`` line to an ``end`` line (markers included)
    replaced by ``replacement(indent of the begin line)``, a list of lines."""
    out, inside = [], False
    for line in src.splitlines():
        if line.strip() == begin:
            inside = True
            out.extend(replacement(line[:len(line) - len(line.lstrip())]))
            continue
        if line.strip() == end:
            inside = False
            continue
        if not inside:
            out.append(line)
    return "\n".join(out)


def strip_hidden(src: str) -> str:
    """A test cell as released: the hidden-tests region removed (as nbgrader does)."""
    return replace_regions(src, HIDDEN_BEGIN, HIDDEN_END)


def hidden_part(src: str) -> str:
    """Only the hidden-tests regions of a test cell (empty when it has none)."""
    out, inside = [], False
    for line in src.splitlines():
        if line.strip() == HIDDEN_BEGIN:
            inside = True
        elif line.strip() == HIDDEN_END:
            inside = False
        elif inside:
            out.append(line)
    return "\n".join(out)


def stub_answer(src: str) -> str:
    """An answer cell as released: the solution region replaced by ``raise NotImplementedError()``."""
    return replace_regions(src, SOLUTION_BEGIN, SOLUTION_END,
                           lambda indent: [indent + line for line in CODE_STUB_LINES])


def source_notebook(root: Path, lesson: str) -> Path:
    return Path(root) / SOURCE_DIRECTORY / lesson / f"{lesson}.ipynb"


def released_notebook(root: Path, lesson: str) -> Path:
    return Path(root) / RELEASE_DIRECTORY / lesson / f"{lesson}.ipynb"


def lesson_names(root: Path, directory: str = SOURCE_DIRECTORY) -> list[str]:
    """Lesson folders of ``root/directory`` that hold their notebook (``NN_name/NN_name.ipynb``),
    sorted."""
    base = Path(root) / directory
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if p.is_dir() and (p / f"{p.name}.ipynb").is_file())
