"""Edit nbgrader source notebooks as plain text, and back.

The committed source of a lesson is its notebook in ``solutions/``. Many authors find a text
editor faster than Jupyter for prose and tests; this tool turns a notebook into a text file and
the text file back into a notebook with the right nbgrader metadata, so the two round-trip.

    python tools/nbtext.py to-text solutions/01_chain_rule/01_chain_rule.ipynb > /tmp/01.nbtext
    python tools/nbtext.py to-ipynb /tmp/01.nbtext solutions/01_chain_rule/01_chain_rule.ipynb

Keep the text file outside ``solutions/`` (nbgrader would release every file of a lesson folder).

Format: cells are separated by header lines that start with ``#%%``:

    #%% md                       ordinary markdown cell (read-only in the released notebook)
    #%% code                     ordinary code cell
    #%% answer GRADE_ID          autograded answer cell (the student's code goes here)
    #%% test GRADE_ID points=N   autograder tests cell (locked; may hold ### BEGIN HIDDEN TESTS)
    #%% manual GRADE_ID points=N manually graded written answer (markdown)

Everything up to the next header is the cell's source, verbatim (trailing blank lines dropped).
"""
from __future__ import annotations

import shlex
import sys

import nbformat

HEADER = "#%%"


def _meta(kind: str, grade_id: str | None, points: float | None) -> dict:
    base = {"schema_version": 3, "task": False}
    if kind == "answer":
        return {**base, "grade": False, "solution": True, "locked": False, "grade_id": grade_id}
    if kind == "test":
        return {**base, "grade": True, "solution": False, "locked": True, "grade_id": grade_id,
                "points": points}
    if kind == "manual":
        return {**base, "grade": True, "solution": True, "locked": False, "grade_id": grade_id,
                "points": points}
    raise ValueError(kind)


def text_to_notebook(text: str, source_name: str = "<text>") -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                       "name": "python3"},
        "language_info": {"name": "python"},
    }
    header, lines, lineno = None, [], 0
    cells = []

    def flush():
        if header is None:
            if any(line.strip() for line in lines):
                raise ValueError(f"{source_name}: text before the first '{HEADER}' header")
            return
        src = "\n".join(lines).rstrip("\n")
        cells.append((header, src))

    for lineno, line in enumerate(text.splitlines(), start=1):
        if line.startswith(HEADER):
            flush()
            header, lines = (lineno, line[len(HEADER):].strip()), []
        else:
            lines.append(line)
    flush()

    seen = set()
    for (lineno, spec), src in cells:
        words = shlex.split(spec)
        if not words:
            raise ValueError(f"{source_name}:{lineno}: header names no cell kind")
        kind, rest = words[0], words[1:]
        opts = dict(w.split("=", 1) for w in rest if "=" in w)
        plain = [w for w in rest if "=" not in w]
        if kind in ("md", "code"):
            cell = (nbformat.v4.new_markdown_cell(src) if kind == "md"
                    else nbformat.v4.new_code_cell(src))
            cells_meta = {}
        elif kind in ("answer", "test", "manual"):
            if len(plain) != 1:
                raise ValueError(f"{source_name}:{lineno}: '{kind}' needs exactly one grade_id")
            grade_id = plain[0]
            if grade_id in seen:
                raise ValueError(f"{source_name}:{lineno}: duplicate grade_id {grade_id!r}")
            seen.add(grade_id)
            points = float(opts["points"]) if "points" in opts else None
            if kind != "answer" and points is None:
                raise ValueError(f"{source_name}:{lineno}: '{kind} {grade_id}' needs points=N")
            if points is not None and points.is_integer():
                points = int(points)
            cell = (nbformat.v4.new_markdown_cell(src) if kind == "manual"
                    else nbformat.v4.new_code_cell(src))
            cells_meta = {"nbgrader": _meta(kind, grade_id, points)}
        else:
            raise ValueError(f"{source_name}:{lineno}: unknown cell kind {kind!r}")
        cell.metadata.update(cells_meta)
        cell.pop("id", None)
        nb.cells.append(cell)
    # Stable, readable cell ids: nbformat 4.5 wants them; derive from position for diffs.
    nb.nbformat, nb.nbformat_minor = 4, 5
    for i, cell in enumerate(nb.cells):
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        cell["id"] = gid.replace("_", "-") if gid else f"cell-{i:03d}"
    return nb


def notebook_to_text(nb: nbformat.NotebookNode) -> str:
    out = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        gid = meta.get("grade_id")
        if meta.get("solution") and meta.get("grade"):
            head = f"manual {gid} points={meta.get('points', 0)}"
        elif meta.get("solution"):
            head = f"answer {gid}"
        elif meta.get("grade"):
            head = f"test {gid} points={meta.get('points', 0)}"
        else:
            head = "md" if cell.cell_type == "markdown" else "code"
        out.append(f"{HEADER} {head}\n{cell.source}\n")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "to-ipynb":
        src, dst = argv[1], argv[2]
        with open(src, encoding="utf-8") as fh:
            nb = text_to_notebook(fh.read(), src)
        nbformat.validate(nb)
        with open(dst, "w", encoding="utf-8") as fh:
            nbformat.write(nb, fh)
        return 0
    if len(argv) == 2 and argv[0] == "to-text":
        sys.stdout.write(notebook_to_text(nbformat.read(argv[1], as_version=4)))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
