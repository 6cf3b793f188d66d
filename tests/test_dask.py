"""`course grade --scheduler` on Dask (COURSE_SPEC §11): the same grades as local grading for a
class that mixes correct, wrong, crashing and looping submissions; a worker killed mid-run costs
nothing; a worker that cannot grade stops the run with one message; skip-unchanged, --student
and --force as locally; and no Dask import without --scheduler.

The clusters are LocalClusters on this machine, grading the tiny fixture course
(tests/grading_fixtures/course). Dask's configuration and scratch space live in a temporary
folder, and its logs are silenced."""
from __future__ import annotations

import io
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from autograder import cli, sandbox
from autograder.dask_address import parse_scheduler
from autograder.grading import dask_backend, grade_class
from autograder.grading.run import Options
from conftest import require_tool
from grading_fixtures.hostile import COURSE, OTHER, TINY
from grading_fixtures.make import load, released, with_answers, write

TIMEOUT = 5      # per cell: the looping student costs this much
CALM = 30        # per cell, for classes without loops (slack for a loaded machine)
LOCAL_SCORES = [("ann", 5.0), ("bob", 4.0), ("cat", 3.0), ("dan", 3.0), ("eve", 0.0),
                ("fay", None), ("gus", 1.0)]


@pytest.fixture(scope="module", autouse=True)
def dask_in_a_temporary_folder(tmp_path_factory):
    """Dask reads its configuration from DASK_CONFIG and puts worker scratch space under
    DASK_TEMPORARY_DIRECTORY: both in a temporary folder, never under HOME."""
    import dask
    base = tmp_path_factory.mktemp("dask")
    patch = pytest.MonkeyPatch()
    patch.setenv("DASK_CONFIG", str(base / "config"))
    patch.setenv("DASK_TEMPORARY_DIRECTORY", str(base / "scratch"))
    patch.setenv("DASK_LOGGING__DISTRIBUTED", "critical")
    dask.config.refresh()
    logger = logging.getLogger("distributed")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield base
    logger.setLevel(level)
    patch.undo()
    dask.config.refresh()


def _sandbox():
    from autograder import sandbox
    require_tool(sandbox.sandbox_available()[0],
                 "the grading sandbox needs bubblewrap (apt package bubblewrap)")


def _cluster(workers: int, **kwargs):
    import distributed
    return distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                    dashboard_address=None, silence_logs=logging.CRITICAL,
                                    **kwargs)


def _texts(out: Path) -> tuple:
    return (out / "grades.csv").read_bytes(), (out / "results.json").read_bytes()


def _scores(out: Path) -> list:
    subs = json.loads((out / "results.json").read_text())["submissions"]
    return [(s["student"], s["score"]) for s in subs]


def mixed_class(root: Path):
    """Correct, wrong, crashing (os._exit), looping, not attempted, not a notebook, and a
    second lesson."""
    src = load(TINY)
    solved, blank = released(src, True), released(src, False)
    write(solved, root / "ann" / "01_tiny" / "01_tiny.ipynb")
    write(with_answers(solved, {"square": "def square(x):\n    return x + x"}), root / "bob_hw.ipynb")
    write(with_answers(solved, {"double": "def double(x):\n    import os\n    os._exit(3)"}),
          root / "cat" / "01_tiny" / "01_tiny.ipynb")
    write(with_answers(solved, {"double": "def double(x):\n    while True:\n        pass"}),
          root / "dan" / "01_tiny" / "01_tiny.ipynb")
    write(blank, root / "eve_01_tiny.ipynb")
    (root / "fay_hw.ipynb").write_text("not json")
    write(released(load(OTHER), True), root / "gus" / "02_other" / "02_other.ipynb")


def thirty_students(root: Path):
    """30 submissions of the kinds that are quick to grade: correct, wrong, crashing."""
    solved = released(load(TINY), True)
    kinds = [solved, with_answers(solved, {"square": "def square(x):\n    return x + x"}),
             with_answers(solved, {"double": "def double(x):\n    import os\n    os._exit(3)"})]
    for number in range(30):
        write(kinds[number % 3], root / f"s{number:02d}" / "01_tiny" / "01_tiny.ipynb")


# ---------------------------------------------------------------------------------------------
# No kernels
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("address, parsed", [
    ("local:2", ("local", 2)), ("tcp://10.0.0.5:8786", ("remote", "tcp://10.0.0.5:8786")),
    ("scheduler:8786", ("remote", "tcp://scheduler:8786")),
    ("tls://dask.example.org:8786", ("remote", "tls://dask.example.org:8786"))])
def test_scheduler_addresses(address, parsed):
    assert parse_scheduler(address) == parsed


@pytest.mark.parametrize("address, words", [("local:0", "N >= 1"), ("local:two", "N >= 1"),
                                            ("dask", "tcp://HOST:8786")])
def test_a_bad_scheduler_address_is_a_usage_error(address, words, capsys):
    with pytest.raises(SystemExit) as info:
        cli.build_parser().parse_args(["grade", "class", "--out", "out", "--scheduler", address])
    assert info.value.code == 2 and words in capsys.readouterr().err


def test_nested_hidden_paths_are_covered_by_the_outer_one(tmp_path):
    (tmp_path / "course" / "tests" / "fixture" / "solutions").mkdir(parents=True)
    paths = [tmp_path / "course" / "tests" / "fixture" / "solutions", tmp_path / "out",
             tmp_path / "course" / "tests", tmp_path / "out"]
    assert [str(p) for p in sandbox.outermost(paths)] == [str(tmp_path / "out"), str(tmp_path / "course" / "tests")]


def test_a_worker_uses_its_own_folder_and_hides_its_own_course(tmp_path, monkeypatch):
    course = tmp_path / "worker-course"
    (course / "autograder").mkdir(parents=True)
    (course / "solutions").mkdir()
    monkeypatch.setenv("COURSE_ROOT", str(course))
    client_side = Options(hidden=("/client/only/solutions",), work_root="/client/out/.work")
    with dask_backend.worker_options(client_side) as mine:
        work = Path(mine.work_root)
        assert work.is_dir() and not str(work).startswith("/client")
        assert {"/client/only/solutions", str(course / "solutions"), str(course / "tests"),
                str(work)} <= set(mine.hidden)
    assert not work.exists()


def test_a_worker_with_other_versions_or_no_sandbox_cannot_grade(monkeypatch):
    from autograder import sandbox
    monkeypatch.setattr(dask_backend, "_CHECKED", {})
    mine = dask_backend.course_fingerprint()
    assert dask_backend.worker_problem(Options(), mine) == ""
    assert "versions differ" in dask_backend.worker_problem(Options(), mine + ";numpy=0.1")
    monkeypatch.setattr(dask_backend, "_CHECKED", {})
    monkeypatch.setattr(sandbox, "sandbox_available", lambda: (False, "no bwrap here"))
    problem = dask_backend.worker_problem(Options(use_sandbox=True), mine)
    assert "cannot sandbox student code (no bwrap here)" in problem and "bubblewrap" in problem
    assert dask_backend.worker_problem(Options(use_sandbox=False), mine) == ""


# ---------------------------------------------------------------------------------------------
# With kernels and clusters
# ---------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_dask_is_not_imported_without_scheduler(tmp_path):
    _sandbox()
    write(released(load(TINY), True), tmp_path / "class" / "ann" / "01_tiny" / "01_tiny.ipynb")
    code = textwrap.dedent(f"""
        import sys
        from autograder.cli import main
        rc = main(["grade", {str(tmp_path / 'class')!r}, "--out", {str(tmp_path / 'out')!r},
                   "--workers", "1", "--timeout", "{CALM}"])
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("dask", "distributed"))
        print("RESULT", rc, loaded)
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=dict(os.environ, COURSE_ROOT=str(COURSE)), timeout=600)
    assert "RESULT 0 []" in proc.stdout, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert _scores(tmp_path / "out") == [("ann", 5.0)]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    _sandbox()
    root = tmp_path_factory.mktemp("mixed")
    mixed_class(root)
    runs = {}
    for name, scheduler in (("local", None), ("dask", "local:2")):
        out = tmp_path_factory.mktemp(f"out-{name}")
        stream = io.StringIO()
        rc = grade_class(root, out, 2, TIMEOUT, None, None, False, course_root=COURSE,
                         stream=stream, scheduler=scheduler)
        runs[name] = {"rc": rc, "out": out, "stdout": stream.getvalue()}
    return {"root": root, **runs}


@pytest.mark.slow
def test_dask_grades_a_mixed_class_exactly_as_local_grading(mixed):
    local, dask = mixed["local"], mixed["dask"]
    assert local["rc"] == dask["rc"] == 0, dask["stdout"]
    assert _scores(local["out"]) == LOCAL_SCORES
    assert _texts(dask["out"]) == _texts(local["out"])
    results = {s["student"]: {e["grade_id"]: e["status"] for e in s["exercises"]}
               for s in json.loads((dask["out"] / "results.json").read_text())["submissions"]}
    assert results["cat"]["double"] == "crashed" and results["dan"]["double"] == "timeout"
    assert (dask["out"] / "feedback" / "dan" / "01_tiny.html").is_file()
    assert "Dask: local cluster of 2 worker(s)" in dask["stdout"]
    assert "grading [" in dask["stdout"] and "6/6" in dask["stdout"] and "ETA" in dask["stdout"]


@pytest.mark.slow
def test_skip_unchanged_student_and_force_behave_as_locally(mixed, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(mixed["dask"]["out"], out)
    stream = io.StringIO()
    assert grade_class(mixed["root"], out, 2, TIMEOUT, None, None, False, course_root=COURSE,
                       stream=stream, scheduler="local:2") == 0
    assert "0 submission(s) to grade, 6 unchanged" in stream.getvalue()
    assert "Dask: " not in stream.getvalue()          # nothing to grade: no cluster started
    stream = io.StringIO()
    assert grade_class(mixed["root"], out, 2, TIMEOUT, None, "bob", True, course_root=COURSE,
                       stream=stream, scheduler="local:2") == 0
    assert "1 submission(s) to grade, 0 unchanged" in stream.getvalue()
    assert "Dask: local cluster" in stream.getvalue() and "1/1" in stream.getvalue()
    assert _texts(out) == _texts(mixed["local"]["out"])


class _KillOneWorker(io.StringIO):
    """The run's output stream: after the ``after``-th graded submission, SIGKILL the process
    of a worker that is grading one right now (its nanny starts a new one)."""

    def __init__(self, cluster, after: int):
        super().__init__()
        self.cluster, self.after, self.killed = cluster, after, None

    def write(self, text):
        if self.killed is None and text.startswith(f"grading [") and f" {self.after}/" in text:
            workers = list(self.cluster.scheduler.workers.values())
            busy = [w.address for w in workers if w.processing] or [w.address for w in workers]
            nanny = next(n for n in list(self.cluster.workers.values())
                         if n.worker_address in busy)
            self.killed = nanny.pid
            os.kill(nanny.pid, signal.SIGKILL)
        return super().write(text)


@pytest.mark.slow
def test_a_worker_killed_mid_run_costs_nothing(tmp_path):
    _sandbox()
    thirty_students(tmp_path / "class")
    local = tmp_path / "local"
    assert grade_class(tmp_path / "class", local, 2, CALM, None, None, False, course_root=COURSE,
                       stream=io.StringIO()) == 0
    with _cluster(2) as cluster:
        stream = _KillOneWorker(cluster, after=5)
        rc = grade_class(tmp_path / "class", tmp_path / "dask", 2, CALM, None, None, False,
                         course_root=COURSE, stream=stream, scheduler=cluster.scheduler_address)
        survivors = [n.pid for n in cluster.workers.values()]
    assert rc == 0, stream.getvalue()
    assert stream.killed is not None and stream.killed not in survivors
    assert "30/30  not graded: 0" in stream.getvalue()
    assert (tmp_path / "dask" / "grades.csv").read_bytes() == (local / "grades.csv").read_bytes()
    assert [s for _, s in _scores(local)] == [5.0, 4.0, 3.0] * 10


def _broken_package(root: Path, name: str) -> Path:
    (root / name).mkdir(parents=True)
    (root / name / "__init__.py").write_text(f"raise ImportError('{name} is broken here')\n")
    return root


def _kernels_refuse_nn_lib(root: Path) -> Path:
    """A folder whose sitecustomize makes ``import nn_lib`` fail in every Python started with
    it on PYTHONPATH (the grading kernels put the course first on their PYTHONPATH, so a broken
    copy of nn_lib there would not be reached)."""
    root.mkdir(parents=True)
    (root / "sitecustomize.py").write_text(textwrap.dedent("""
        import sys

        class _Refuse:
            def find_spec(self, name, path=None, target=None):
                if name == "nn_lib":
                    raise ImportError("nn_lib is broken here")

        sys.meta_path.insert(0, _Refuse())
    """))
    return root


def _assert_stopped_with_one_message(rc, err: str, out: Path, words: str):
    assert rc == 1
    assert err.count("course grade: stopped") == 1 and err.count(words) == 1, err
    assert "INSTRUCTORS.md" in err
    assert not (out / "results.json").exists()


@pytest.mark.slow
@pytest.mark.parametrize("when", ["at the start", "joining later"])
def test_a_worker_whose_kernels_cannot_import_the_course_stops_the_run(when, tmp_path, capsys,
                                                                        monkeypatch):
    """The worker process is fine, its kernels are not (PYTHONPATH in the worker's environment
    only): found by the probe, or at the first task of a worker that joined after it."""
    _sandbox()
    if when == "joining later":
        monkeypatch.setattr(dask_backend, "_probe_all", lambda *args: None)
    broken = _kernels_refuse_nn_lib(tmp_path / "broken")
    mixed_class(tmp_path / "class")
    with _cluster(1, env={"PYTHONPATH": str(broken)}) as cluster:
        rc = grade_class(tmp_path / "class", tmp_path / "out", 2, CALM, None, None, False,
                         course_root=COURSE, scheduler=cluster.scheduler_address,
                         stream=io.StringIO())
    err = capsys.readouterr().err
    _assert_stopped_with_one_message(rc, err, tmp_path / "out",
                                     "cannot import the course's packages")
    assert "nn_lib is broken here" in err and "the Dask worker tcp://" in err


@pytest.mark.slow
@pytest.mark.parametrize("when", ["at the start", "joining later"])
def test_a_worker_that_cannot_import_the_grader_stops_the_run(when, tmp_path, capsys, monkeypatch):
    """A worker process without the course (here: a broken autograder first on its path) can
    still decode every task, and says so with an ImportError instead of dropping out."""
    _sandbox()
    monkeypatch.setattr(dask_backend, "FIRST_WORKER_WAIT", 120)
    if when == "joining later":
        monkeypatch.setattr(dask_backend, "_probe_all", lambda *args: None)
    broken = _broken_package(tmp_path / "broken", "autograder")
    mixed_class(tmp_path / "class")
    with _cluster(0) as cluster:
        worker = subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", cluster.scheduler_address,
             "--nthreads", "1", "--no-nanny", "--no-dashboard"],
            env=dict(os.environ, PYTHONPATH=str(broken)), cwd=tmp_path,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            rc = grade_class(tmp_path / "class", tmp_path / "out", 2, CALM, None, None, False,
                             course_root=COURSE, scheduler=cluster.scheduler_address,
                             stream=io.StringIO())
        finally:
            worker.terminate()
            worker.wait(timeout=60)
    err = capsys.readouterr().err
    _assert_stopped_with_one_message(rc, err, tmp_path / "out", "cannot run the grader")
    assert "autograder is broken here" in err and "pip install" in err
