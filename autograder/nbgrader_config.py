"""The course's nbgrader configuration, shared by `course release` and the grader.

    from autograder.nbgrader_config import course_config, repo_root
    config = course_config(repo_root())      # a traitlets Config

nbgrader's course directory is the repository: ``solutions/`` is the source directory (the
single source of truth), ``lessons/`` the release directory. ``course release`` needs no
gradebook database (``database=False``: nbgrader's ``--no-db``, i.e. ``SaveCells`` disabled and
``GenerateAssignment.no_database``).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from traitlets.config import Config

from autograder.notebook import RELEASE_DIRECTORY, SOURCE_DIRECTORY  # noqa: E402,F401 - re-exported
CELL_TIMEOUT = 30          # seconds per cell (course grade --timeout overrides it)
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
TEXT_STUB = "YOUR ANSWER HERE"

# Never released or copied along with a lesson: editor/Jupyter leftovers and the socket files
# of kernels started on the IPC transport inside a lesson folder.
IGNORE = (".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.nbtext", ".DS_Store",
          "kernel-ipc-*", "*.sock")

# Environment for every kernel that runs lesson code: no TensorFlow start-up noise.
# Figures render inline as in JupyterLab, even when the parent process uses Agg (tests do).
KERNEL_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
}


def _looks_like_root(path: Path) -> bool:
    return (path / "autograder").is_dir() and (
        (path / SOURCE_DIRECTORY).is_dir() or (path / RELEASE_DIRECTORY).is_dir())


def repo_root(start: str | os.PathLike | None = None) -> Path:
    """The course folder: ``$COURSE_ROOT`` if set; else the first folder at or above ``start``
    (default: the current directory) that holds ``autograder/`` and ``solutions/`` or
    ``lessons/``; else the checkout this package is installed from (editable install)."""
    if os.environ.get("COURSE_ROOT"):
        root = Path(os.environ["COURSE_ROOT"]).resolve()
        if not _looks_like_root(root):
            raise FileNotFoundError(f"COURSE_ROOT={root} is not a course folder "
                                    f"(no autograder/ with {SOURCE_DIRECTORY}/ or "
                                    f"{RELEASE_DIRECTORY}/)")
        return root
    begin = Path(start or os.getcwd()).resolve()
    for candidate in [begin, *begin.parents]:
        if _looks_like_root(candidate):
            return candidate
    here = Path(__file__).resolve().parent.parent
    if _looks_like_root(here):
        return here
    raise FileNotFoundError(
        f"cannot find the course folder (one with autograder/ and {SOURCE_DIRECTORY}/ or "
        f"{RELEASE_DIRECTORY}/) at or above {begin}; run the command inside your copy of the "
        f"course, or set COURSE_ROOT")


def kernel_env(base: dict | None = None, *, headless: bool = True) -> dict:
    """``base`` (default ``os.environ``) plus the course's kernel variables, with the repository
    first on ``PYTHONPATH`` so that ``nn_lib`` and ``autograder`` import even without an install.
    ``headless`` sets ``COURSE_HEADLESS=1`` (no widgets: grading, tests, CI)."""
    env = dict(os.environ if base is None else base)
    env.update(KERNEL_ENV)
    if headless:
        env["COURSE_HEADLESS"] = "1"
    root = str(Path(__file__).resolve().parent.parent)
    parts = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join([root] + [p for p in parts if p != root])
    # The environment's own scripts first on PATH, even when it was not activated: nbgrader runs
    # `alembic` from there to create a gradebook (Formgrader), and `!pip` in a lesson means this pip.
    scripts = os.path.dirname(sys.executable)
    paths = [p for p in env.get("PATH", "").split(os.pathsep) if p]
    env["PATH"] = os.pathsep.join([scripts] + [p for p in paths if p != scripts])
    return env


def course_config(root: str | os.PathLike | None = None, *, release_directory: str | None = None,
                  timeout: int = CELL_TIMEOUT, database: bool = True) -> Config:
    """nbgrader configuration for the course rooted at ``root`` (default: ``repo_root()``).

    ``release_directory`` may be an absolute path (``course release --check`` releases into a
    temporary folder). ``database=False`` releases without touching a gradebook (what
    ``course release`` does); nbgrader's own apps and Formgrader keep the default, so that
    their generate/autograde steps record the lessons in the gradebook as usual."""
    root = Path(root) if root is not None else repo_root()
    c = Config()
    c.CourseDirectory.root = str(root.resolve())
    c.CourseDirectory.source_directory = SOURCE_DIRECTORY
    c.CourseDirectory.release_directory = release_directory or RELEASE_DIRECTORY
    c.CourseDirectory.ignore = list(IGNORE)
    # Release: solutions become stubs, hidden tests go, outputs are cleared; no database needed.
    c.ClearSolutions.code_stub = {"python": CODE_STUB}
    c.ClearSolutions.text_stub = TEXT_STUB
    c.ClearSolutions.enforce_metadata = True
    c.ClearHiddenTests.begin_test_delimeter = "BEGIN HIDDEN TESTS"
    c.ClearHiddenTests.end_test_delimeter = "END HIDDEN TESTS"
    c.ClearOutput.enabled = True
    c.GenerateAssignment.create_assignment = True
    if not database:
        c.GenerateAssignment.no_database = True
        c.SaveCells.enabled = False
    # Grading: a per-cell timeout, interrupt then kill a runaway kernel, keep going on errors.
    c.Execute.timeout = timeout
    c.Execute.interrupt_on_timeout = True
    c.Execute.allow_errors = True
    c.Execute.raise_on_iopub_timeout = False
    return c
