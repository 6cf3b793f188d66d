"""The `course` command: help, usage errors, dispatch to the grader, and `course lab`'s work/
folder (tested without starting Jupyter)."""
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from autograder import cli
from autograder.lab import jupyter_command, sync_work_folder

ROOT = Path(__file__).resolve().parent.parent
SUBCOMMANDS = ["lab", "release", "check", "grade", "corpus"]


def run_module(*args, cwd=ROOT, env=None):
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_help_lists_every_subcommand_on_one_line():
    proc = run_module("--help")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    for name in SUBCOMMANDS:
        matching = [line for line in lines if line.strip().startswith(name + " ")]
        assert len(matching) == 1 and len(matching[0].split()) > 2, (name, proc.stdout)
    assert "python -m autograder" in proc.stdout


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_subcommand_help(name, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main([name, "--help"])
    assert exc.value.code == 0
    assert f"usage: course {name}" in capsys.readouterr().out


def test_lab_help_mentions_work_folder_and_options(capsys):
    with pytest.raises(SystemExit):
        cli.main(["lab", "--help"])
    out = capsys.readouterr().out
    for word in ("work/", "--port", "--no-browser", "never overwritten"):
        assert word in out, word


@pytest.mark.parametrize("argv", [
    [], ["frobnicate"], ["grade", "subs"], ["check"], ["lab", "--port", "abc"],
    ["lab", "--port", "70000"], ["release", "--bogus"], ["grade", "s", "--out", "o", "--workers", "0"],
    ["check", "nb.ipynb", "--timeout", "-1"], ["check", "nb.ipynb", "--memory-limit", "lots"],
    ["grade", "s", "--out", "o", "--memory-limit", "4Q"],
    ["grade", "s", "--out", "o", "--memory-limit", "1M"],
])
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(argv)
    assert exc.value.code == 2
    assert "usage: course" in capsys.readouterr().err


def test_usage_error_through_python_m():
    proc = run_module("grade", "submissions")
    assert proc.returncode == 2
    assert "--out" in proc.stderr


@pytest.fixture
def fake_grading(monkeypatch):
    """Stand-in for autograder.grading that records how the CLI calls it."""
    calls = []
    module = types.ModuleType("autograder.grading")
    module.check_notebook = lambda *a, **kw: calls.append(("check", a, kw)) or 3
    module.grade_class = lambda *a, **kw: calls.append(("grade", a, kw)) or 4
    monkeypatch.setitem(sys.modules, "autograder.grading", module)
    return calls


def test_check_passes_its_arguments_to_the_grader(fake_grading):
    assert cli.main(["check", "nb.ipynb"]) == 3
    assert cli.main(["check", "nb.ipynb", "--timeout", "5", "--json"]) == 3
    assert cli.main(["check", "nb.ipynb", "--memory-limit", "512M"]) == 3
    gib = 1024 ** 3
    assert fake_grading == [("check", ("nb.ipynb", 30, False), {"memory_limit": 4 * gib}),
                            ("check", ("nb.ipynb", 5.0, True), {"memory_limit": 4 * gib}),
                            ("check", ("nb.ipynb", 30, False), {"memory_limit": gib // 2})]


def test_grade_passes_its_arguments_to_the_grader(fake_grading):
    assert cli.main(["grade", "subs.zip", "--out", "out"]) == 4
    assert cli.main(["grade", "subs", "--out", "o", "--workers", "2", "--timeout", "9",
                     "--db", "postgresql://u@h/c", "--student", "ada", "--force",
                     "--memory-limit", "2G"]) == 4
    assert cli.main(["grade", "subs", "--out", "o", "--db-url", "sqlite:///x.db"]) == 4
    assert cli.main(["grade", "subs", "--out", "o", "--no-sandbox", "--scheduler", "local:2"]) == 4
    first, second, third, fourth = fake_grading
    gib = 1024 ** 3
    assert first[1:] == (("subs.zip", "out", os.cpu_count() or 1, 30, None, None, False),
                         {"memory_limit": 4 * gib, "use_sandbox": True, "scheduler": None})
    assert fourth[2] == {"memory_limit": 4 * gib, "use_sandbox": False, "scheduler": "local:2"}
    assert second[1:] == (("subs", "o", 2, 9.0, "postgresql://u@h/c", "ada", True),
                          {"memory_limit": 2 * gib, "use_sandbox": True, "scheduler": None})
    assert third[1][4] == "sqlite:///x.db"


@pytest.mark.parametrize("text, size", [("4G", 4 * 1024 ** 3), ("4GiB", 4 * 1024 ** 3),
                                        ("512M", 512 * 1024 ** 2), ("1.5g", 3 * 1024 ** 3 // 2),
                                        ("2147483648", 2 * 1024 ** 3), ("300mb", 300 * 1024 ** 2)])
def test_memory_sizes(text, size):
    assert cli.memory_size(text) == size


def test_grade_help_documents_db_and_memory_limit(capsys):
    with pytest.raises(SystemExit):
        cli.main(["grade", "--help"])
    out = capsys.readouterr().out
    assert "--db URL" in out and "--memory-limit SIZE" in out


def test_memory_limit_error_is_clear(capsys):
    with pytest.raises(SystemExit):
        cli.main(["grade", "s", "--out", "o", "--memory-limit", "lots"])
    assert "is not a memory size" in capsys.readouterr().err


@pytest.mark.parametrize("argv, words", [
    (["check", "n.ipynb", "--timeout", "nan"], "--timeout: 'nan' is not a number of seconds"),
    (["check", "n.ipynb", "--timeout", "0"], "--timeout: must be greater than 0"),
    (["grade", "s", "--out", "o", "--workers", "0"], "--workers: must be at least 1"),
    (["grade", "s", "--out", "o", "--workers", "two"], "--workers: 'two' is not a whole number"),
    (["similarity", "o", "--threshold", "1.5"], "--threshold: must be at most 1"),
    (["lab", "--port", "70000"], "--port: must be at most 65535"),
])
def test_bad_numbers_are_usage_errors_that_say_what_was_expected(argv, words, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(argv)
    assert stop.value.code == 2
    assert words in capsys.readouterr().err


# ---------------------------------------------------------------------------- course lab
def _write(path: Path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_work_folder_is_copied_once_and_never_overwritten(tmp_path):
    lessons, work = tmp_path / "lessons", tmp_path / "work"
    _write(lessons / "01_a" / "01_a.ipynb", "lesson one v1")
    _write(lessons / "01_a" / "data" / "points.csv", "1,2")
    _write(lessons / "01_a" / ".ipynb_checkpoints" / "01_a-checkpoint.ipynb", "junk")
    first = sync_work_folder(lessons, work)
    assert sorted(first.copied) == [os.path.join("01_a", "01_a.ipynb"),
                                    os.path.join("01_a", "data", "points.csv")]
    assert not (work / "01_a" / ".ipynb_checkpoints").exists()

    # The learner works; the course is updated and gains a lesson.
    _write(work / "01_a" / "01_a.ipynb", "my answers")
    _write(lessons / "01_a" / "01_a.ipynb", "lesson one v2")
    _write(lessons / "02_b" / "02_b.ipynb", "lesson two")
    second = sync_work_folder(lessons, work)
    assert second.copied == [os.path.join("02_b", "02_b.ipynb")]
    assert os.path.join("01_a", "01_a.ipynb") in second.kept
    assert (work / "01_a" / "01_a.ipynb").read_text() == "my answers"
    assert (work / "02_b" / "02_b.ipynb").read_text() == "lesson two"
    assert second.updated == [os.path.join("01_a", "01_a.ipynb")]   # told, not overwritten

    # A file the learner deleted comes back; nothing else changes.
    (work / "01_a" / "data" / "points.csv").unlink()
    third = sync_work_folder(lessons, work)
    assert third.copied == [os.path.join("01_a", "data", "points.csv")]
    assert third.updated == [os.path.join("01_a", "01_a.ipynb")]
    # Renaming the old copy brings the new version in.
    (work / "01_a" / "01_a.ipynb").rename(work / "01_a" / "01_a-mine.ipynb")
    fourth = sync_work_folder(lessons, work)
    assert fourth.copied == [os.path.join("01_a", "01_a.ipynb")] and fourth.updated == []
    assert (work / "01_a" / "01_a.ipynb").read_text() == "lesson one v2"
    assert (work / "01_a" / "01_a-mine.ipynb").read_text() == "my answers"


def test_work_folder_needs_lessons(tmp_path):
    with pytest.raises(FileNotFoundError, match="course release"):
        sync_work_folder(tmp_path / "nope", tmp_path / "work")


def test_jupyter_command_flags(tmp_path):
    cmd = jupyter_command(tmp_path, port=8899, no_browser=True, allow_root=True)
    assert cmd[:3] == [sys.executable, "-m", "jupyterlab"]
    assert f"--ServerApp.root_dir={tmp_path}" in cmd
    assert "--port=8899" in cmd and "--no-browser" in cmd and "--allow-root" in cmd
    plain = jupyter_command(tmp_path, allow_root=False)
    assert not any(a.startswith(("--port", "--no-browser", "--allow-root")) for a in plain)
    auto = jupyter_command(tmp_path)
    assert ("--allow-root" in auto) == (hasattr(os, "geteuid") and os.geteuid() == 0)


def test_lab_dry_run_sets_up_work_from_any_directory(tmp_path):
    course = tmp_path / "course"
    (course / "autograder").mkdir(parents=True)
    _write(course / "lessons" / "01_a" / "01_a.ipynb", "{}")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = dict(os.environ, COURSE_ROOT=str(course), PYTHONPATH=str(ROOT))
    proc = run_module("lab", "--dry-run", "--no-browser", "--port", "8123", cwd=elsewhere,
                      env=env)
    assert proc.returncode == 0, proc.stderr
    assert (course / "work" / "01_a" / "01_a.ipynb").exists()
    assert "--no-browser" in proc.stdout and "--port=8123" in proc.stdout
    assert f"--ServerApp.root_dir={course / 'work'}" in proc.stdout
    # Found from the current directory too (no COURSE_ROOT), inside the course folder.
    env.pop("COURSE_ROOT")
    proc = run_module("lab", "--dry-run", cwd=course / "lessons", env=env)
    assert proc.returncode == 0 and "kept your 1 existing file" in proc.stdout, proc.stdout


def test_bad_course_root_is_a_clear_error(tmp_path):
    env = dict(os.environ, COURSE_ROOT=str(tmp_path), PYTHONPATH=str(ROOT))
    proc = run_module("release", "--check", env=env)
    assert proc.returncode == 1
    assert "COURSE_ROOT" in proc.stderr and "not a course folder" in proc.stderr


def _free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_lab_starts_jupyterlab_and_stops_with_it(tmp_path):
    import signal
    import time
    import urllib.error
    import urllib.request
    course = tmp_path / "course"
    (course / "autograder").mkdir(parents=True)
    _write(course / "lessons" / "01_a" / "01_a.ipynb", "{}")
    port = _free_port()
    env = dict(os.environ, COURSE_ROOT=str(course), PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "autograder", "lab", "--no-browser",
                             "--port", str(port)], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        status = None
        for _ in range(240):
            try:
                status = urllib.request.urlopen(f"http://127.0.0.1:{port}/lab", timeout=2).status
            except urllib.error.HTTPError as exc:
                status = exc.code
            except OSError:
                time.sleep(0.5)
                continue
            break
        assert status in (200, 302, 403), status
        assert (course / "work" / "01_a" / "01_a.ipynb").exists()
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=60)
    # JupyterLab went down with `course lab`: its port is free again.
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/lab", timeout=2)
        alive = True
    except urllib.error.HTTPError:
        alive = True
    except OSError:
        alive = False
    assert not alive, "JupyterLab kept running after `course lab` was terminated"
    assert "Starting JupyterLab" in out
