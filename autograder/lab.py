"""`course lab`: the learner's own copy of the lessons, opened in JupyterLab.

``lessons/`` is generated and updated by the course; the learner works in ``work/`` (git-ignored).
Every ``course lab`` copies lesson files that ``work/`` does not have yet (new lessons, new data
files) and never overwrites a file that is already there, so pulling course updates never
collides with a learner's answers.

Students do not see nbgrader's instructor tools (the "Create Assignment" panel, Formgrader, the
Nbgrader menu and the course list): every ``course lab`` writes a Jupyter configuration folder of
its own (``work/.course-lab/jupyter``) that disables them, and puts it first on
``JUPYTER_CONFIG_PATH`` for that JupyterLab only. Nothing in the user's own Jupyter configuration
changes, and the staff, who start JupyterLab themselves (docs/INSTRUCTORS.md), keep the tools.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from autograder.nbgrader_config import RELEASE_DIRECTORY, kernel_env

SKIP = {".ipynb_checkpoints", "__pycache__"}


MANIFEST = ".course-lab.json"   # in work/: the digest of each lesson file when it was copied
STUDENT_CONFIG = Path(".course-lab") / "jupyter"   # in work/: the Jupyter config of `course lab`

# nbgrader's instructor tools: JupyterLab plugins (hidden through page_config's
# disabledExtensions) and server extensions (switched off). Students keep the assignment list
# and the Validate button.
INSTRUCTOR_LAB_PLUGINS = ("@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:formgrader",
                          "@jupyter/nbgrader:course-list", "@jupyter/nbgrader:menu")
INSTRUCTOR_SERVER_EXTENSIONS = ("nbgrader.server_extensions.formgrader",
                                "nbgrader.server_extensions.course_list")


@dataclass
class SyncReport:
    copied: list = field(default_factory=list)   # relative paths newly copied into work/
    kept: list = field(default_factory=list)     # relative paths already there (left alone)
    updated: list = field(default_factory=list)  # kept, but the course's version has changed


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sync_work_folder(lessons_dir: str | os.PathLike, work_dir: str | os.PathLike) -> SyncReport:
    """Copy every file of ``lessons_dir`` that ``work_dir`` lacks; never overwrite. Files whose
    course version changed since they were copied are listed in ``updated``."""
    lessons_dir, work_dir = Path(lessons_dir), Path(work_dir)
    if not lessons_dir.is_dir():
        raise FileNotFoundError(f"{lessons_dir} does not exist: run `course release` first")
    manifest_path = work_dir / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    report = SyncReport()
    for src in sorted(lessons_dir.rglob("*")):
        rel = src.relative_to(lessons_dir)
        if not src.is_file() or SKIP & set(rel.parts):
            continue
        key, dest = rel.as_posix(), work_dir / rel
        if dest.exists() or dest.is_symlink():
            report.kept.append(str(rel))
            if key in manifest and manifest[key] != _digest(src):
                report.updated.append(str(rel))
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest)
        manifest[key] = _digest(src)
        report.copied.append(str(rel))
    if report.copied:
        manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n",
                                 encoding="utf-8")
    return report


def jupyter_command(work_dir: Path, *, port: int | None = None, no_browser: bool = False,
                    allow_root: bool | None = None) -> list[str]:
    """The command line that starts JupyterLab on ``work_dir`` with this Python."""
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={work_dir}"]
    if port is not None:
        cmd.append(f"--port={port}")
    if no_browser:
        cmd.append("--no-browser")
    if allow_root is None:
        allow_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if allow_root:
        cmd.append("--allow-root")
    return cmd


def student_jupyter_config(config_dir: str | os.PathLike) -> Path:
    """Write the students' Jupyter configuration folder (instructor tools off) and return it."""
    config_dir = Path(config_dir)
    files = {
        config_dir / "labconfig" / "page_config.json":
            {"disabledExtensions": {plugin: True for plugin in INSTRUCTOR_LAB_PLUGINS}},
        config_dir / "jupyter_server_config.d" / "course-lab-student.json":
            {"ServerApp": {"jpserver_extensions": {ext: False
                                                   for ext in INSTRUCTOR_SERVER_EXTENSIONS}}},
    }
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return config_dir


def student_env(config_dir: str | os.PathLike, base: dict | None = None) -> dict:
    """The environment of a students' JupyterLab: the course's kernel variables, and
    ``config_dir`` first on ``JUPYTER_CONFIG_PATH`` (ahead of the environment's own
    configuration, where nbgrader enables its tools)."""
    env = kernel_env(base, headless=False)
    first = str(Path(config_dir).resolve())
    rest = [p for p in env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p and p != first]
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join([first] + rest)
    return env


def run_lab(root: Path, work_dir: Path | None = None, *, port: int | None = None,
            no_browser: bool = False, dry_run: bool = False, echo=print) -> int:
    work_dir = Path(work_dir) if work_dir else Path(root) / "work"
    report = sync_work_folder(Path(root) / RELEASE_DIRECTORY, work_dir)
    if report.copied:
        echo(f"{work_dir}: copied {len(report.copied)} new file(s) from {RELEASE_DIRECTORY}/")
        for rel in report.copied:
            echo(f"  + {rel}")
    if report.kept:
        echo(f"{work_dir}: kept your {len(report.kept)} existing file(s) unchanged")
    for rel in report.updated:
        echo(f"  note: the course has a newer {rel}; your copy was kept. To get the new "
             f"version, rename your file and run `course lab` again.")
    cmd = jupyter_command(work_dir.resolve(), port=port, no_browser=no_browser)
    env = student_env(student_jupyter_config(work_dir / STUDENT_CONFIG))
    if dry_run:
        echo(f"JUPYTER_CONFIG_PATH={env['JUPYTER_CONFIG_PATH']} " + " ".join(cmd))
        return 0
    echo(f"Starting JupyterLab in {work_dir} (stop it with Ctrl+C) ...")
    proc = subprocess.Popen(cmd, cwd=work_dir, env=env)

    def stop(signum, frame):             # `course lab` terminated: stop JupyterLab with it
        proc.terminate()

    previous = signal.signal(signal.SIGTERM, stop) if hasattr(signal, "SIGTERM") else None
    try:
        while True:
            try:
                return proc.wait()
            except KeyboardInterrupt:
                # Ctrl+C reaches JupyterLab too, which asks to confirm (or quits on a second
                # Ctrl+C); wait for it rather than leaving it running without its terminal.
                continue
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
