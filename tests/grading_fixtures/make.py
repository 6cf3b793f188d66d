"""Builds student notebooks for the grading tests from a lesson's source notebook: the released
form (solutions replaced by stubs, hidden tests removed) with chosen answers put in."""
from __future__ import annotations

import copy
import json
from pathlib import Path

from autograder.notebook import strip_hidden, stub_answer


def _meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def _src(cell):
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def released(source_nb: dict, solved: bool = True) -> dict:
    """The student's copy: answer cells solved (the source's solution) or stubbed, hidden tests
    removed, manual answers replaced by a short text."""
    nb = copy.deepcopy(source_nb)
    for cell in nb["cells"]:
        m = _meta(cell)
        if not m:
            continue
        if cell["cell_type"] == "code" and m.get("solution") and not m.get("grade"):
            cell["source"] = _src(cell) if solved else stub_answer(_src(cell))
        elif cell["cell_type"] == "code" and m.get("grade"):
            cell["source"] = strip_hidden(_src(cell))
        elif m.get("solution") and m.get("grade"):
            cell["source"] = "The learning rate matters."
        cell["outputs"] = [] if cell["cell_type"] == "code" else cell.get("outputs")
        if cell["cell_type"] != "code":
            cell.pop("outputs", None)
    return nb


def with_answers(nb: dict, answers: dict) -> dict:
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        gid = _meta(cell).get("grade_id")
        if gid in answers and cell["cell_type"] == "code":
            cell["source"] = answers[gid]
    return nb


def find(nb: dict, grade_id: str) -> int:
    for i, cell in enumerate(nb["cells"]):
        if _meta(cell).get("grade_id") == grade_id:
            return i
    raise KeyError(grade_id)


def write(nb: dict, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, indent=1))
    return path


def load(path: Path) -> dict:
    return json.loads(Path(path).read_text())
