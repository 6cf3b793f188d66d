"""`course release`: lessons/ is generated from solutions/ by nbgrader, is in sync, and hands out
exactly what COURSE_SPEC §4 promises (stubs, visible tests only, no outputs, the graded
functions with their fixed signatures)."""
import ast
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder import cli, release
from autograder.nbgrader_config import course_config
from autograder.corpus import copy_lesson_folder
from autograder.notebook import (is_answer_cell, is_manual_cell, is_test_cell, nbgrader_meta,
                                 owner_of_test)

ROOT = Path(__file__).resolve().parent.parent
SOURCES = release.source_lessons(ROOT)

# COURSE_SPEC §4: lesson -> graded functions with their fixed signatures.
GRADED = {
    "01_chain_rule": ["sigmoid(z)", "sigmoid_derivative(z)", "numerical_derivative(f, x, h=1e-5)",
                      "neuron_loss(w, b, x, y)", "neuron_gradients(w, b, x, y)"],
    "02_computational_graph": ["class Value"],
    "03_forward_pass": ["dense_forward(x, W, b)", "relu_forward(z)", "sigmoid_forward(z)",
                        "tanh_forward(z)", "softmax(logits)",
                        "init_params(layer_sizes, rng, scheme='he')",
                        "mlp_forward(X, params, activation='relu')"],
    "04_loss_functions": ["mse_loss(pred, target)", "binary_cross_entropy(logits, targets)",
                          "softmax_cross_entropy(logits, labels)"],
    "05_backward_pass": ["dense_backward(dout, cache)", "relu_backward(dout, cache)",
                         "sigmoid_backward(dout, cache)", "tanh_backward(dout, cache)",
                         "mlp_backward(dscores, caches, activation='relu')",
                         "numerical_gradient(f, x, h=1e-5)", "relative_error(a, b)"],
    "06_gradient_descent": ["sgd_step(params, grads, lr)",
                            "momentum_step(params, grads, velocity, lr, momentum)",
                            "iterate_minibatches(X, y, batch_size, rng=None)",
                            "train(params, X, y, *, epochs, batch_size, lr, momentum=0.0, "
                            "rng=None, X_val=None, y_val=None)"],
    "07_hyperparameters": ["has_diverged(losses)", "best_learning_rate(results)",
                           "early_stopping_epoch(val_losses, patience)"],
    "08_keras_comparison": ["build_keras_model(layer_sizes, activation='relu')",
                            "params_to_keras(params, model)", "keras_gradients(model, X, y)",
                            "compile_and_fit(model, X, y, *, epochs, batch_size, lr, "
                            "momentum=0.0)"],
}
CHECK_HELPERS = {"check_array", "check_gradient", "check_scalar", "check_equal", "check_true",
                 "check_not_mutated", "check_raises"}


def _name(spec: str) -> str:
    return spec.split()[-1] if spec.startswith("class ") else spec.split("(")[0]


def _def_signature(spec: str) -> ast.arguments | None:
    if spec.startswith("class "):
        return None
    return ast.parse(f"def {spec}: pass").body[0].args


def _same_arguments(a: ast.arguments, b: ast.arguments) -> bool:
    def shape(args):
        defaults = [ast.literal_eval(d) for d in args.defaults]
        kw_defaults = [None if d is None else ast.literal_eval(d) for d in args.kw_defaults]
        return ([x.arg for x in args.posonlyargs + args.args], defaults,
                [x.arg for x in args.kwonlyargs], kw_defaults,
                args.vararg is not None, args.kwarg is not None)
    return shape(a) == shape(b)


def visible_part(source: str) -> str:
    """A test cell's source without its hidden region (what nbgrader hands out)."""
    out, hidden = [], False
    for line in source.split("\n"):
        if "BEGIN HIDDEN TESTS" in line:
            hidden = True
        elif "END HIDDEN TESTS" in line:
            hidden = False
        elif not hidden:
            out.append(line)
    return "\n".join(out)


def read(path: Path):
    return nbformat.read(path, as_version=4)


class Ran:
    def __init__(self, returncode, stdout, stderr):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


@pytest.fixture
def run_course(monkeypatch, capsys):
    """Run `course ...` in process (nbgrader is imported once) on another course folder."""
    def run(*args, root: Path):
        monkeypatch.setenv("COURSE_ROOT", str(root))
        capsys.readouterr()
        code = cli.main(list(args))
        out = capsys.readouterr()
        return Ran(code, out.out, out.err)
    return run


def test_course_config():
    config = course_config(ROOT)
    assert config.CourseDirectory.root == str(ROOT)
    assert config.CourseDirectory.source_directory == "solutions"
    assert config.CourseDirectory.release_directory == "lessons"
    assert config.Execute.timeout == 30
    assert config.ClearSolutions.code_stub["python"].endswith("raise NotImplementedError()")
    assert "no_database" not in config.GenerateAssignment     # nbgrader's apps keep the gradebook
    quiet = course_config(ROOT, database=False, timeout=7)
    assert quiet.GenerateAssignment.no_database is True and quiet.SaveCells.enabled is False
    assert quiet.Execute.timeout == 7


# ------------------------------------------------------------------ the committed tree
def test_there_are_lessons():
    assert SOURCES, "solutions/ holds no lesson (solutions/NN_name/NN_name.ipynb)"
    unknown = [x for x in SOURCES if x not in GRADED]
    assert not unknown, f"lessons not in COURSE_SPEC §4: {unknown}"


def test_release_check_passes_on_the_committed_tree():
    proc = subprocess.run([sys.executable, "-m", "autograder", "release", "--check"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"lessons/ is stale:\n{proc.stdout}{proc.stderr}"
    assert "up to date" in proc.stdout


# ------------------------------------------------------------------ the pipeline, on a copy
def _tiny_source() -> nbformat.NotebookNode:
    def meta(**kw):
        return {"nbgrader": {"schema_version": 3, "task": False, **kw}}
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                  "name": "python3"}, "language_info": {"name": "python"}}
    cells = [
        nbformat.v4.new_markdown_cell("# Tiny lesson"),
        nbformat.v4.new_code_cell("x = 2", execution_count=1,
                                  outputs=[nbformat.v4.new_output("stream", text="hi\n")]),
        nbformat.v4.new_code_cell(
            "def double(v):\n    \"\"\"Twice v.\"\"\"\n    ### BEGIN SOLUTION\n    return 2 * v\n"
            "    ### END SOLUTION",
            metadata=meta(grade=False, solution=True, locked=False, grade_id="double")),
        nbformat.v4.new_code_cell(
            "check_equal('double(2)', double(2), 4)\n### BEGIN HIDDEN TESTS\n"
            "check_equal('double(-7)', double(-7), -14)\n### END HIDDEN TESTS",
            metadata=meta(grade=True, solution=False, locked=True, grade_id="double_tests",
                          points=1)),
        nbformat.v4.new_markdown_cell(
            "### BEGIN SOLUTION\nModel answer: secret rubric\n### END SOLUTION",
            metadata=meta(grade=True, solution=True, locked=False, grade_id="why_answer",
                          points=1)),
    ]
    for i, cell in enumerate(cells):
        cell["id"] = f"cell-{i}"
    nb.cells = cells
    return nb


@pytest.fixture
def course_copy(tmp_path):
    """A course folder with the committed lessons plus a tiny throw-away lesson."""
    root = tmp_path / "course"
    (root / "autograder").mkdir(parents=True)
    for folder in ("solutions", "lessons"):
        if (ROOT / folder).is_dir():
            copy_lesson_folder(ROOT / folder, root / folder)
        (root / folder).mkdir(exist_ok=True)
    (root / "solutions" / "99_tiny").mkdir()
    nbformat.write(_tiny_source(), root / "solutions" / "99_tiny" / "99_tiny.ipynb")
    (root / "solutions" / "99_tiny" / "data.txt").write_text("1 2 3\n")
    return root


def test_release_generates_stubs_and_is_deterministic(course_copy, run_course):
    root = course_copy
    proc = run_course("release", "--check", "99_tiny", root=root)
    assert proc.returncode == 1 and "missing: lessons/99_tiny" in proc.stdout, proc.stdout

    assert run_course("release", "99_tiny", root=root).returncode == 0
    out = root / "lessons" / "99_tiny"
    assert (out / "data.txt").read_text() == "1 2 3\n"
    first = (out / "99_tiny.ipynb").read_bytes()
    nb = nbformat.reads(first.decode(), as_version=4)
    text = first.decode()
    assert "BEGIN SOLUTION" not in text and "return 2 * v" not in text
    assert "secret rubric" not in text and "double(-7)" not in text and "HIDDEN" not in text
    assert "raise NotImplementedError()" in nb.cells[2].source
    assert nb.cells[2].source.startswith("def double(v):\n    \"\"\"Twice v.\"\"\"")
    assert nb.cells[3].source.strip() == "check_equal('double(2)', double(2), 4)"
    assert nb.cells[4].source == "YOUR ANSWER HERE"
    assert nb.cells[1].outputs == [] and nb.cells[1].execution_count is None

    # Releasing again changes nothing, byte for byte; --check agrees.
    proc = run_course("release", "99_tiny", root=root)
    assert proc.returncode == 0 and "up to date" in proc.stdout
    assert (out / "99_tiny.ipynb").read_bytes() == first
    assert not list(root.rglob("*.db")), "releasing must not create a gradebook"
    proc = run_course("release", "--check", "99_tiny", root=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # Someone opened the lesson in place: checkpoints and caches do not make it stale.
    (out / ".ipynb_checkpoints").mkdir()
    (out / ".ipynb_checkpoints" / "99_tiny-checkpoint.ipynb").write_text("{}")
    (out / "__pycache__").mkdir()
    (out / "__pycache__" / "helper.cpython-311.pyc").write_bytes(b"\0")
    assert run_course("release", "--check", "99_tiny", root=root).returncode == 0


def test_release_ignores_kernel_sockets_in_a_lesson_folder(course_copy, run_course, monkeypatch):
    folder = course_copy / "solutions" / "99_tiny"
    monkeypatch.chdir(folder)            # a short relative path: AF_UNIX paths are limited
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind("kernel-ipc-1")
        proc = run_course("release", "99_tiny", root=course_copy)
        assert proc.returncode == 0, proc.stderr
        assert not (course_copy / "lessons" / "99_tiny" / "kernel-ipc-1").exists()
        assert run_course("release", "--check", "99_tiny", root=course_copy).returncode == 0
    finally:
        sock.close()


def test_release_check_names_stale_missing_and_extra_lessons(course_copy, run_course):
    root = course_copy
    assert run_course("release", root=root).returncode == 0
    lessons = release.source_lessons(root)
    # A modified solution makes its lesson stale.
    path = root / "solutions" / "99_tiny" / "99_tiny.ipynb"
    nb = read(path)
    nb.cells[0].source += "\n\nA new paragraph."
    nbformat.write(nb, path)
    # Another lesson goes missing, and a lesson without a source appears.
    victim = [x for x in lessons if x != "99_tiny"][:1]
    for name in victim:
        shutil.rmtree(root / "lessons" / name)
    (root / "lessons" / "42_orphan").mkdir()
    (root / "lessons" / "42_orphan" / "42_orphan.ipynb").write_text("{}")

    proc = run_course("release", "--check", root=root)
    assert proc.returncode == 1
    assert "stale: lessons/99_tiny" in proc.stdout and "99_tiny.ipynb" in proc.stdout
    assert "extra: lessons/42_orphan" in proc.stdout
    for name in victim:
        assert f"missing: lessons/{name}" in proc.stdout
    # The check never writes.
    assert (root / "lessons" / "42_orphan").is_dir()
    assert "A new paragraph" not in (root / "lessons" / "99_tiny" / "99_tiny.ipynb").read_text()

    # `course release` repairs everything.
    proc = run_course("release", root=root)
    assert proc.returncode == 0, proc.stderr
    assert "42_orphan: removed" in proc.stdout
    assert run_course("release", "--check", root=root).returncode == 0


def test_release_reports_a_broken_source_clearly(course_copy, run_course):
    root = course_copy
    path = root / "solutions" / "99_tiny" / "99_tiny.ipynb"
    nb = read(path)
    nb.cells[1].source = "### BEGIN SOLUTION\nx = 3\n### END SOLUTION"   # not a solution cell
    nbformat.write(nb, path)
    proc = run_course("release", "99_tiny", root=root)
    assert proc.returncode == 1
    assert "solutions/99_tiny" in proc.stderr and "non-solution cell" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = run_course("release", "no_such_lesson", root=root)
    assert proc.returncode == 1 and "no such lesson" in proc.stderr


# ------------------------------------------------------------------ what is handed out
@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """Every lesson released afresh into a temporary folder (staleness is tested above)."""
    out = tmp_path_factory.mktemp("released")
    release.generate(ROOT, SOURCES, out)
    return out


@pytest.mark.parametrize("lesson", SOURCES)
def test_released_notebook_hands_out_no_answers(lesson, fresh):
    source = read(ROOT / "solutions" / lesson / f"{lesson}.ipynb")
    path = fresh / lesson / f"{lesson}.ipynb"
    released = read(path)
    text = path.read_text(encoding="utf-8")
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text, f"{lesson}: released notebook contains {marker!r}"
    assert len(released.cells) == len(source.cells)
    for src, rel in zip(source.cells, released.cells):
        assert nbgrader_meta(src).get("grade_id") == nbgrader_meta(rel).get("grade_id")
        if rel.cell_type == "code":
            assert rel.outputs == [] and rel.execution_count is None, (lesson, rel.source[:80])
        meta = nbgrader_meta(rel)
        gid = meta.get("grade_id")
        if is_answer_cell(rel):
            assert "raise NotImplementedError()" in rel.source, f"{lesson}/{gid}: no stub"
            assert not meta.get("locked") and "checksum" in meta
        elif is_test_cell(rel):
            assert meta.get("locked") and float(meta.get("points", 0)) > 0, f"{lesson}/{gid}"
            assert rel.metadata.get("editable") is False and rel.metadata.get("deletable") is False
            assert rel.source.strip() == visible_part(src.source).strip(), f"{lesson}/{gid}"
        elif is_manual_cell(rel):
            assert rel.cell_type == "markdown" and "YOUR ANSWER HERE" in rel.source, gid
            assert gid.endswith("_answer") and float(meta.get("points", 0)) > 0, gid


@pytest.mark.parametrize("lesson", SOURCES)
def test_graded_functions_match_the_spec(lesson, fresh):
    source = read(ROOT / "solutions" / lesson / f"{lesson}.ipynb")
    released = read(fresh / lesson / f"{lesson}.ipynb")
    answers = {nbgrader_meta(c)["grade_id"]: c for c in released.cells if is_answer_cell(c)}
    tests = [nbgrader_meta(c)["grade_id"] for c in source.cells if is_test_cell(c)]
    ids = [nbgrader_meta(c).get("grade_id") for c in source.cells if nbgrader_meta(c)]
    assert len(ids) == len(set(ids)), f"{lesson}: duplicate grade_ids"
    problems = []
    expected = {_name(spec): spec for spec in GRADED[lesson]}
    if set(answers) != set(expected):
        problems.append(f"answer cells {sorted(answers)} but §4 lists {sorted(expected)}")
    for name, spec in expected.items():
        cell = answers.get(name)
        if cell is None:
            continue
        tree = ast.parse(cell.source)
        defs = [n for n in tree.body
                if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))]
        if [d.name for d in defs] != [name]:
            problems.append(f"{name}: answer cell must define exactly {name}, defines "
                            f"{[d.name for d in defs]}")
            continue
        wanted = _def_signature(spec)
        if wanted is not None and not (isinstance(defs[0], ast.FunctionDef)
                                       and _same_arguments(defs[0].args, wanted)):
            problems.append(f"{name}: signature differs from §4's `{spec}`")
        if wanted is None and not isinstance(defs[0], ast.ClassDef):
            problems.append(f"{name}: must be a class")
        if not any(owner_of_test(t, answers) == name for t in tests):
            problems.append(f"{name}: no test cell {name}_tests")
    orphans = [t for t in tests if owner_of_test(t, answers) is None]
    if orphans:
        problems.append(f"test cells that belong to no graded function: {orphans}")
    if not any(is_manual_cell(c) for c in source.cells):
        problems.append("no written question (a manually graded `*_answer` cell)")
    assert not problems, f"{lesson}:\n" + "\n".join(problems)


@pytest.mark.parametrize("lesson", SOURCES)
def test_every_visible_test_makes_a_check(lesson, fresh):
    released = read(fresh / lesson / f"{lesson}.ipynb")
    bad = []
    for cell in released.cells:
        if not is_test_cell(cell):
            continue
        calls = {n.func.id if isinstance(n.func, ast.Name) else getattr(n.func, "attr", "")
                 for n in ast.walk(ast.parse(cell.source)) if isinstance(n, ast.Call)}
        if not calls & CHECK_HELPERS:
            bad.append(nbgrader_meta(cell)["grade_id"])
    assert not bad, (f"{lesson}: test cells whose visible part makes no check_* call "
                     f"(a handed-out notebook must fail them): {bad}")

