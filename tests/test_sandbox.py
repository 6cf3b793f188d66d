"""The walls around a grading kernel (COURSE_SPEC §6): no network, no solutions, no gradebook, no
other students' files, a memory limit. Each wall is proven from inside a real kernel, with a
control run outside the sandbox showing the same code does reach the thing.

These tests need bubblewrap; they skip (with the reason) only on a developer's machine that lacks
it. In CI (CI set, e.g. CI=true) a missing bwrap fails them (conftest.require_tool):
tools/system-packages.sh installs bubblewrap there."""
from __future__ import annotations

import io
import json
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from autograder import sandbox
from autograder.executor import KernelSession
from grading_fixtures.hostile import COURSE, TINY
from grading_fixtures.make import load, released, with_answers, write
from conftest import require_tool

REPO = Path(__file__).resolve().parent.parent
SOLUTION = COURSE / "solutions" / "01_tiny" / "01_tiny.ipynb"

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _bubblewrap():
    require_tool(shutil.which("bwrap") is not None,
                 "bubblewrap (bwrap) is not installed: apt-get install bubblewrap")


@pytest.fixture()
def outside_tmp():
    """A folder outside /tmp (the sandbox gives kernels an empty /tmp of their own, so walls
    around /tmp paths would prove nothing)."""
    base = Path(tempfile.mkdtemp(prefix="course-sandbox-test-", dir="/var/tmp"))
    yield base
    shutil.rmtree(base, ignore_errors=True)


def _probe_code(paths: dict) -> str:
    """Kernel code that tries each wall and prints a JSON verdict per wall."""
    return f"""
import json, socket
paths = {json.dumps({k: str(v) for k, v in paths.items()})}
res = {{}}
def attempt(name, fn):
    try:
        fn()
        res[name] = "reached"
    except Exception as exc:
        res[name] = "blocked: " + type(exc).__name__
def net():
    s = socket.socket()
    s.settimeout(3)
    s.connect(("127.0.0.1", int(paths["port"])))
attempt("network", net)
attempt("solution", lambda: open(paths["solution"]).read())
attempt("git", lambda: open(paths["git"]).read())
attempt("gradebook", lambda: open(paths["gradebook"], "a").write("x"))
attempt("other_student", lambda: open(paths["other_student"]).read())
attempt("private_write", lambda: open("scratch.txt", "w").write("mine"))
print(json.dumps(res))
"""


def _run(paths, hidden, use_sandbox):
    with KernelSession(hidden=hidden, use_sandbox=use_sandbox) as session:
        result = session.execute(_probe_code(paths), timeout=30)
    assert result.status == "ok", (result.ename, result.evalue)
    return json.loads(result.output.strip().splitlines()[-1])


def test_sandbox_is_usable_here():
    ok, why = sandbox.sandbox_available()
    assert ok, why
    assert "bubblewrap" in sandbox.refusal_text("x")


def test_each_wall_holds_inside_and_the_control_reaches_it_outside(outside_tmp):
    out = outside_tmp / "out"
    out.mkdir()
    gradebook = out / "gradebook.db"
    gradebook.write_text("")
    other = outside_tmp / "class" / "bob" / "01_tiny" / "01_tiny.ipynb"
    other.parent.mkdir(parents=True)
    other.write_text("{}")
    git_head = REPO / ".git" / "HEAD"
    # A server of the grader's own on loopback stands for "the network": the kernel's network
    # namespace has no route to it (and no test traffic leaves this machine).
    server = socket.create_server(("127.0.0.1", 0))
    server.listen(8)
    paths = {"solution": SOLUTION, "git": git_head, "gradebook": gradebook,
             "other_student": other, "port": server.getsockname()[1]}
    hidden = [COURSE / "solutions", REPO / ".git", out, outside_tmp / "class"]
    size = gradebook.stat().st_size

    inside = _run(paths, hidden, use_sandbox=True)
    assert inside["network"].startswith("blocked")
    assert inside["solution"].startswith("blocked")
    assert inside["git"].startswith("blocked")
    assert inside["gradebook"].startswith("blocked")
    assert inside["other_student"].startswith("blocked")
    assert inside["private_write"] == "reached"
    assert gradebook.stat().st_size == size

    outside = _run(paths, hidden, use_sandbox=False)   # the control: the same code gets through
    server.close()
    assert outside["network"] == "reached"
    assert outside["solution"] == outside["git"] == outside["other_student"] == "reached"
    assert outside["gradebook"] == "reached"


def test_project_code_is_read_only_inside():
    with KernelSession(hidden=[], use_sandbox=True) as session:
        where = session.execute("import nn_lib\nprint(nn_lib.__file__)", timeout=30)
        assert where.status == "ok", (where.ename, where.evalue)
        target = Path(where.output.strip())      # the very file the kernel imported, seen from here
        before = target.read_bytes()
        try:
            attempt = session.execute(
                f"import pathlib\npathlib.Path({str(target)!r}).write_text('# gone')", timeout=30)
            home = session.execute("import os\nprint(os.environ['HOME'].startswith(os.getcwd()))", 30)
        finally:
            after = target.read_bytes()
            if after != before:
                target.write_bytes(before)       # a broken wall must not break the rest of the suite
    assert after == before, f"a sandboxed kernel changed {target}"
    assert attempt.status == "error" and attempt.ename == "OSError", (attempt.status, attempt.ename)
    assert home.output.strip() == "True"


def test_memory_limit_stops_only_that_kernel():
    with KernelSession(hidden=[], use_sandbox=True, memory_limit=1024 ** 3) as session:
        r = session.execute("b = bytearray(2 * 1024 ** 3)", timeout=30)
        assert r.status == "error" and r.ename == "MemoryError"
        assert session.execute("print(40 + 2)", timeout=30).output.strip() == "42"


def test_a_student_cannot_read_the_solutions_during_grade(tmp_path):
    """End to end: the student's answer is right only if it could read the source notebook;
    inside the sandbox it cannot, so it fails."""
    from autograder.grading import grade_class

    cheat = (f"try:\n    SOURCE = open({str(SOLUTION)!r}).read()\nexcept OSError:\n    SOURCE = ''\n"
             "def double(x):\n    return 2 * x if 'BEGIN HIDDEN TESTS' in SOURCE else 0 * x")
    write(with_answers(released(load(TINY)), {"double": cheat}), tmp_path / "class" / "eve_hw.ipynb")
    out = tmp_path / "out"
    assert grade_class(tmp_path / "class", out, 1, 30, course_root=COURSE, stream=io.StringIO()) == 0
    res = json.loads((out / "results.json").read_text())["submissions"][0]
    double = [e for e in res["exercises"] if e["grade_id"] == "double"][0]
    assert double["status"] == "failed" and double["score"] == 0


def test_without_a_sandbox_grade_refuses_and_check_stays_quiet(monkeypatch, tmp_path, capsys):
    """COURSE_SPEC §9: `course grade` refuses to run student code without the sandbox, saying how
    to get it and that --no-sandbox runs it unprotected; `course check` (a learner's own
    notebook) grades without a word of alarm."""
    from autograder.grading import check_notebook, grade_class

    monkeypatch.setenv("COURSE_NO_SANDBOX", "1")
    sandbox._probe.cache_clear()
    try:
        assert sandbox.sandbox_available()[0] is False
        path = write(released(load(TINY)), tmp_path / "class" / "ann_hw.ipynb")
        out = tmp_path / "out"
        assert grade_class(tmp_path / "class", out, 1, 30, course_root=COURSE,
                           stream=io.StringIO()) == 1
        err = " ".join(capsys.readouterr().err.split())
        assert "refusing to run student code without a sandbox" in err
        assert "apt-get install bubblewrap" in err and "Linux container or virtual machine" in err
        assert "--no-sandbox" in err and not (out / "grades.csv").exists()
        assert grade_class(tmp_path / "class", out, 1, 30, course_root=COURSE, stream=io.StringIO(),
                           use_sandbox=False) == 0
        assert (out / "grades.csv").read_text().count("ann,01_tiny,5,graded") == 1
        capsys.readouterr()
        assert check_notebook(path, 30, False, course_root=COURSE) == 0
        captured = capsys.readouterr()
        assert captured.err == "" and "Total: 5 / 5" in captured.out
    finally:
        monkeypatch.delenv("COURSE_NO_SANDBOX")
        sandbox._probe.cache_clear()


def test_a_readable_folder_never_uncovers_a_hidden_one_inside_it(outside_tmp):
    """A PYTHONPATH entry that is the course root is readable; its solutions/ stays hidden."""
    secret = outside_tmp / "solutions" / "answer.txt"
    secret.parent.mkdir()
    secret.write_text("the hidden tests")
    private = outside_tmp / "private"
    private.mkdir()
    argv = sandbox.wrap_command(["/bin/cat", str(secret)], private_dir=private,
                                hidden=[secret.parent], readable=[outside_tmp], memory_limit=None)
    inside = subprocess.run(argv, capture_output=True, text=True)
    assert inside.returncode != 0 and "the hidden tests" not in inside.stdout
    control = subprocess.run(["/bin/cat", str(secret)], capture_output=True, text=True)
    assert control.stdout == "the hidden tests"


def test_a_kernel_cannot_see_or_signal_the_grader():
    """Its own PID namespace: the grader (and other students' kernels) do not exist for it."""
    import os

    with KernelSession(hidden=[], use_sandbox=True) as session:
        r = session.execute(f"import os\ntry:\n    os.kill({os.getpid()}, 0)\n    print('reached')\n"
                            "except ProcessLookupError:\n    print('not there')\n"
                            "print(len([p for p in os.listdir('/proc') if p.isdigit()]))", timeout=30)
        seen, count = r.output.strip().rsplit("\n", 1)
        assert seen == "not there" and int(count) <= 3, r.output
