"""The lessons as notebooks: every solution runs top to bottom (headless) with its figures; every
handed-out notebook fails each graded test cell and nothing else; through the real grader, the
solution earns full marks and the blank notebook zero."""
import json
import shutil
import tempfile
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from autograder import release
from autograder.corpus import copy_lesson_folder
from autograder.executor import ipc_kernel_manager
from autograder.notebook import is_test_cell, nbgrader_meta
from autograder.nbgrader_config import kernel_env

ROOT = Path(__file__).resolve().parent.parent
LESSONS = release.source_lessons(ROOT)
CELL_TIMEOUT = 300          # generous: these tests check behaviour, not speed
MIN_FIGURES = {"07_hyperparameters": 4}
TIMES = ROOT / "test-output" / "lesson-times.json"   # git-ignored; latest run of each lesson


def record_time(lesson: str, seconds: float):
    """Print a solution's run time and keep the latest per lesson in test-output/."""
    print(f"{lesson}: solution executed in {seconds:.1f} s")
    TIMES.parent.mkdir(exist_ok=True)
    try:
        times = json.loads(TIMES.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        times = {}
    times[lesson] = round(seconds, 1)
    TIMES.write_text(json.dumps(dict(sorted(times.items())), indent=1) + "\n", encoding="utf-8")


def test_solutions_exist():
    assert LESSONS, "solutions/ holds no lesson (solutions/NN_name/NN_name.ipynb)"


def execute(path: Path, workdir: Path) -> tuple[nbformat.NotebookNode, float]:
    """Run a notebook top to bottom in a copy of its folder; errors stay in the outputs."""
    copy_lesson_folder(path.parent, workdir)
    nb = nbformat.read(workdir / path.name, as_version=4)
    with tempfile.TemporaryDirectory(prefix="nb-ipc-") as ipc:
        client = NotebookClient(nb, km=ipc_kernel_manager(ipc), timeout=CELL_TIMEOUT,
                                allow_errors=True, resources={"metadata": {"path": str(workdir)}})
        start = time.monotonic()
        try:
            client.execute(env=kernel_env(headless=True), cwd=str(workdir))
        finally:
            # nbclient leaves a kernel manager it did not create running: stop it here.
            if client.km is not None and client.km.has_kernel:
                client.km.shutdown_kernel(now=True)
        seconds = time.monotonic() - start
    return nb, seconds


def errors_of(cell) -> list[str]:
    return [f"{o.get('ename')}: {o.get('evalue')}" for o in cell.get("outputs", [])
            if o.get("output_type") == "error"]


def label(cell, index: int) -> str:
    gid = nbgrader_meta(cell).get("grade_id")
    return gid or f"cell {index} ({cell.source.strip().splitlines()[0][:50] if cell.source.strip() else ''})"


def figures_of(nb) -> int:
    return sum(1 for cell in nb.cells if cell.cell_type == "code"
               for o in cell.get("outputs", [])
               if o.get("output_type") in ("display_data", "execute_result")
               and ("image/png" in o.get("data", {}) or "image/svg+xml" in o.get("data", {})))


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """The handed-out notebooks, freshly released (staleness is test_release's business)."""
    out = tmp_path_factory.mktemp("released")
    release.generate(ROOT, LESSONS, out)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS)
def test_solution_runs_top_to_bottom(lesson, tmp_path):
    nb, seconds = execute(ROOT / "solutions" / lesson / f"{lesson}.ipynb", tmp_path / lesson)
    record_time(lesson, seconds)
    failures = [f"{label(c, i)}: {'; '.join(errors_of(c))}" for i, c in enumerate(nb.cells)
                if errors_of(c)]
    assert not failures, f"{lesson} (solution) raised:\n" + "\n".join(failures)
    n_figures = figures_of(nb)
    assert n_figures >= MIN_FIGURES.get(lesson, 2), (
        f"{lesson}: the executed solution shows {n_figures} figure(s), needs "
        f"{MIN_FIGURES.get(lesson, 2)}")


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS)
def test_handed_out_notebook_fails_every_test_and_nothing_else(lesson, released, tmp_path):
    nb, seconds = execute(released / lesson / f"{lesson}.ipynb", tmp_path / lesson)
    print(f"{lesson}: handed-out notebook executed in {seconds:.1f} s")
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        errors = errors_of(cell)
        if is_test_cell(cell) and not errors:
            problems.append(f"test cell {label(cell, i)} passes on the blank notebook")
        elif not is_test_cell(cell) and errors:
            problems.append(f"{label(cell, i)} raises on the blank notebook (fall back to "
                            f"nn_lib's version when the student's function raises): "
                            f"{'; '.join(errors)}")
    assert not problems, f"{lesson} (handed out):\n" + "\n".join(problems)


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS)
def test_grader_gives_full_marks_to_the_solution_and_zero_to_the_blank(lesson, released,
                                                                         tmp_path):
    from autograder.grading import grade_notebook
    student = tmp_path / "student"
    student.mkdir()
    solution = student / f"{lesson}.ipynb"
    shutil.copy(ROOT / "solutions" / lesson / f"{lesson}.ipynb", solution)
    blank = tmp_path / f"blank_{lesson}.ipynb"
    shutil.copy(released / lesson / f"{lesson}.ipynb", blank)

    full = grade_notebook(str(solution))
    assert full["lesson"] == lesson, full
    assert full["max_score"] > 0, full
    assert full["score"] == full["max_score"], (
        f"{lesson}: the solution scored {full['score']}/{full['max_score']}:\n"
        + "\n".join(f"{ex.get('grade_id')}: {ex.get('status')} {ex.get('feedback', '')[:300]}"
                    for ex in full["exercises"]
                    if ex.get("score") is not None and ex.get("score") != ex.get("max_score")))

    zero = grade_notebook(str(blank))
    assert zero["lesson"] == lesson, zero
    assert all(ex["status"] in ("not_attempted", "manual") for ex in zero["exercises"]), zero
    assert zero["score"] == 0 and zero["max_score"] == full["max_score"], (
        f"{lesson}: the blank notebook scored {zero['score']}/{zero['max_score']}: "
        + ", ".join(f"{ex.get('grade_id')}={ex.get('score')}" for ex in zero["exercises"]
                    if ex.get("score")))
    assert full["status"] == zero["status"] == "graded", (full["message"], zero["message"])

