"""`course release`: regenerate ``lessons/`` from ``solutions/`` through nbgrader.

Every lesson is first generated into a temporary folder with nbgrader's ``GenerateAssignment``
(in process, no database); then either compared with ``lessons/`` (``--check``) or copied over it
(only files whose bytes differ are written). Generation is deterministic, so releasing twice gives
byte-identical files and ``--check`` can compare bytes.
"""
from __future__ import annotations

import filecmp
import fnmatch
import logging
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from autograder.notebook import lesson_names
from autograder.nbgrader_config import (IGNORE, RELEASE_DIRECTORY, SOURCE_DIRECTORY,
                                        course_config, repo_root)


class ReleaseError(Exception):
    """A lesson cannot be released (the message says which and why)."""


def source_lessons(root: Path) -> list[str]:
    """Lesson folders of ``solutions/`` that hold ``NAME/NAME.ipynb`` (autograder.notebook)."""
    return lesson_names(root, SOURCE_DIRECTORY)


def released_lessons(root: Path) -> list[str]:
    rel = Path(root) / RELEASE_DIRECTORY
    if not rel.is_dir():
        return []
    return sorted(p.name for p in rel.iterdir() if p.is_dir() and not p.name.startswith("."))


class _Collect(logging.Handler):
    """Keeps nbgrader's warnings and errors, without its tracebacks and boilerplate."""
    BOILERPLATE = ("Traceback (most recent call last)", "There was an error processing",
                   "Please see the", "Removing failed assignment")

    def __init__(self, messages: list):
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record):
        text = record.getMessage().strip()
        if "Traceback (most recent call last)" in text:
            text = text.splitlines()[-1]      # keep only the exception line
        elif record.exc_info and record.exc_info[1] is not None:
            text = f"{text} ({type(record.exc_info[1]).__name__}: {record.exc_info[1]})"
        if text and not any(b in text for b in self.BOILERPLATE) and text not in self.messages:
            self.messages.append(text)


def _generate(root: Path, lesson: str, out_dir: Path) -> None:
    """Run nbgrader's GenerateAssignment for one lesson into ``out_dir/LESSON``."""
    from nbgrader.converters import GenerateAssignment, NbGraderException
    from nbgrader.coursedir import CourseDirectory

    config = course_config(root, release_directory=str(out_dir), database=False)
    messages: list[str] = []
    handler = _Collect(messages)
    logger = logging.getLogger(f"course.release.{lesson}")
    logger.propagate = False
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        coursedir = CourseDirectory(config=config, log=logger)
        coursedir.assignment_id = lesson
        converter = GenerateAssignment(coursedir=coursedir, config=config, log=logger)
        converter.force = True
        converter.start()
    except (NbGraderException, ValueError, RuntimeError, KeyError) as exc:
        last = [] if messages and isinstance(exc, NbGraderException) else [
            f"{type(exc).__name__}: {exc}"]
        details = "\n".join(messages + last)
        raise ReleaseError(f"{SOURCE_DIRECTORY}/{lesson}: nbgrader could not release it:\n"
                           f"{details}") from exc
    finally:
        logger.removeHandler(handler)
    if not (out_dir / lesson / f"{lesson}.ipynb").is_file():
        raise ReleaseError(f"{SOURCE_DIRECTORY}/{lesson}: nbgrader produced no notebook"
                           + "".join(f"\n{m}" for m in messages))


def generate(root: Path, lessons: list[str], out_dir: Path) -> None:
    for lesson in lessons:
        _generate(root, lesson, out_dir)


def _ignored(rel: Path) -> bool:
    return any(fnmatch.fnmatch(part, pattern) for part in rel.parts for pattern in IGNORE)


def _files(folder: Path) -> set[str]:
    """Regular files of a lesson folder (relative), without checkpoints, caches and sockets."""
    return {str(p.relative_to(folder)) for p in folder.rglob("*")
            if p.is_file() and not _ignored(p.relative_to(folder))}


def differences(expected: Path, actual: Path) -> list[str]:
    """Relative paths that differ between two lesson folders (missing, extra, changed)."""
    want, have = _files(expected), _files(actual) if actual.is_dir() else set()
    out = [f"missing {f}" for f in sorted(want - have)]
    out += [f"extra {f}" for f in sorted(have - want)]
    out += [f"changed {f}" for f in sorted(want & have)
            if not filecmp.cmp(expected / f, actual / f, shallow=False)]
    return out


@dataclass
class CheckReport:
    stale: dict = field(default_factory=dict)     # lesson -> [differences]
    missing: list = field(default_factory=list)   # in solutions/, not in lessons/
    extra: list = field(default_factory=list)     # in lessons/, not in solutions/

    @property
    def ok(self) -> bool:
        return not (self.stale or self.missing or self.extra)

    def lines(self) -> list[str]:
        out = []
        for lesson in self.missing:
            out.append(f"missing: {RELEASE_DIRECTORY}/{lesson} (run `course release {lesson}`)")
        for lesson, diffs in self.stale.items():
            out.append(f"stale: {RELEASE_DIRECTORY}/{lesson} ({'; '.join(diffs[:5])}"
                       f"{'; ...' if len(diffs) > 5 else ''}) (run `course release {lesson}`)")
        for lesson in self.extra:
            out.append(f"extra: {RELEASE_DIRECTORY}/{lesson} has no source in "
                       f"{SOURCE_DIRECTORY}/ (run `course release` to remove it)")
        return out


def _select(root: Path, lessons: list[str] | None) -> list[str]:
    known = source_lessons(root)
    if not lessons:
        return known
    names = [Path(x.rstrip("/\\")).name for x in lessons]  # accept solutions/01_x or lessons/01_x
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ReleaseError(f"no such lesson in {SOURCE_DIRECTORY}/: {', '.join(unknown)} "
                           f"(lessons: {', '.join(known) or 'none'})")
    return names


def check(root: Path | None = None, lessons: list[str] | None = None) -> CheckReport:
    """Regenerate into a temporary folder and compare with ``lessons/``."""
    root = Path(root) if root else repo_root()
    names = _select(root, lessons)
    report = CheckReport()
    with tempfile.TemporaryDirectory(prefix="course-release-") as tmp:
        out = Path(tmp)
        generate(root, names, out)
        for lesson in names:
            dest = root / RELEASE_DIRECTORY / lesson
            if not dest.is_dir():
                report.missing.append(lesson)
                continue
            diffs = differences(out / lesson, dest)
            if diffs:
                report.stale[lesson] = diffs
    if not lessons:
        report.extra = [x for x in released_lessons(root) if x not in names]
    return report


def release(root: Path | None = None, lessons: list[str] | None = None, echo=print) -> list[str]:
    """Regenerate ``lessons/`` (all lessons, or the named ones); returns the lessons whose files
    changed. Without names, lesson folders that no longer have a source are removed."""
    root = Path(root) if root else repo_root()
    names = _select(root, lessons)
    changed = []
    with tempfile.TemporaryDirectory(prefix="course-release-") as tmp:
        out = Path(tmp)
        generate(root, names, out)
        for lesson in names:
            fresh, dest = out / lesson, root / RELEASE_DIRECTORY / lesson
            diffs = differences(fresh, dest)
            if not diffs:
                echo(f"{RELEASE_DIRECTORY}/{lesson}: up to date")
                continue
            dest.mkdir(parents=True, exist_ok=True)
            for rel in _files(fresh):
                target = dest / rel
                if target.is_file() and filecmp.cmp(fresh / rel, target, shallow=False):
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(fresh / rel, target)
            for rel in _files(dest) - _files(fresh):
                (dest / rel).unlink()
            changed.append(lesson)
            echo(f"{RELEASE_DIRECTORY}/{lesson}: released ({len(diffs)} file(s) changed)")
    if not lessons:
        for lesson in released_lessons(root):
            if lesson not in names:
                shutil.rmtree(root / RELEASE_DIRECTORY / lesson)
                echo(f"{RELEASE_DIRECTORY}/{lesson}: removed (no source in {SOURCE_DIRECTORY}/)")
                changed.append(lesson)
    return changed
