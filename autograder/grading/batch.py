"""The class: finding submissions, planning jobs, running them in parallel, retrying.

Everything that reads or parses happens here in the main thread (``plan``); workers only run
kernels and decide verdicts (:func:`grade_job`), and the main thread alone writes the gradebook
and the outputs. A job that fails on the grader's side (not the student's) is retried in the same
run; if it keeps failing, its row says ``grader_error`` with the command that regrades it.
"""
from __future__ import annotations

import hashlib
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from autograder import submissions as subs
from autograder.executor import KernelEnvironmentError
from autograder.grading import scoring
from autograder.grading.run import Options, run_submission
from autograder.grading.submission import NotGradeable, prepare, read_cells, recognise

STATE_FILE = ".grading-state.json"
ENGINE_VERSION = "2"
ATTEMPTS = 3


@dataclass
class Job:
    """One submission to grade: pure data, so it can go to a thread, a process or a Dask worker."""
    student: str
    lesson: str
    file: str
    submission: object              # autograder.grading.submission.Submission
    digest: str                     # decides whether an unchanged submission is skipped

    @property
    def key(self):
        return (self.student, self.lesson)


@dataclass
class Plan:
    jobs: list = field(default_factory=list)
    recorded: dict = field(default_factory=dict)   # (student, lesson or "", file) -> entry


def grade_job(job: Job, lesson, reference, options: Options) -> dict:
    """Grade one planned submission: run it, decide every test cell, score it. Raises only for
    the grader's own failures (KernelEnvironmentError when no kernel can work here)."""
    sub = job.submission
    outcome = run_submission(lesson, sub.answers, options, skip=sub.not_attempted,
                             added=sub.added)
    exercises = scoring.exercises(lesson, sub, outcome, reference, timeout=options.timeout,
                                  memory_limit=options.memory_limit)
    entry = scoring.entry(job.student, job.lesson, job.file, "graded", sub.message, exercises, lesson)
    entry["_hash"] = job.digest
    return entry


def grade_job_retrying(job: Job, lesson, reference, options: Options, attempts=ATTEMPTS) -> dict:
    """:func:`grade_job`, retried when the grader itself fails; never a blank grade."""
    last = None
    for attempt in range(attempts):
        try:
            return grade_job(job, lesson, reference, options)
        except KernelEnvironmentError:
            raise
        except Exception as exc:     # the grader's own failure: try again
            last = exc
            time.sleep(0.5 * (attempt + 1))
    return scoring.entry(job.student, job.lesson, job.file, "grader_error",
                         f"The grader failed on this submission {attempts} times "
                         f"({type(last).__name__}: {last}). Nothing is wrong with the submission as "
                         f"far as the grader knows; regrade it with `course grade SUBMISSIONS --out "
                         f"DIR --student {job.student} --force`.", lesson=lesson)


def unwrap_single_folder(base: Path, lessons) -> Path:
    """A zip often holds one wrapper folder around the class; look inside it."""
    kids = [p for p in base.iterdir() if not p.name.startswith(".") and p.name != "__MACOSX"]
    if len(kids) != 1 or not kids[0].is_dir():
        return base
    inner = [p for p in kids[0].iterdir() if not p.name.startswith(".")]
    if any(p.is_dir() and p.name in lessons for p in inner):
        return base          # kids[0] is a student's folder
    if any(p.is_file() and p.suffix == ".ipynb" and "_" not in p.stem for p in inner):
        return base
    return kids[0]


def plan(candidates, lessons: dict, *, timeout) -> Plan:
    """Read and recognise every candidate; one job per student and lesson (the newest notebook),
    one recorded entry per file that cannot be graded (main thread: this parses notebooks)."""
    result = Plan()
    groups = {}
    for c in candidates:
        if c.problem == "no_notebook":
            result.recorded[(c.student, "", c.rel)] = scoring.entry(
                c.student, "", c.rel, "no_notebook",
                "The student's folder holds no notebook (.ipynb); nothing could be graded.")
            continue
        try:
            cells = read_cells(c.path)
        except NotGradeable as exc:
            result.recorded[(c.student, c.folder_lesson or "", c.rel)] = scoring.entry(
                c.student, c.folder_lesson or "", c.rel, exc.status, f"{c.rel}: {exc.message}")
            continue
        lesson, how = recognise(cells, lessons)
        if lesson is None:
            result.recorded[(c.student, c.folder_lesson or "", c.rel)] = scoring.entry(
                c.student, c.folder_lesson or "", c.rel, "unknown_lesson",
                f"Cannot tell which lesson {c.rel} is: {how}.")
            continue
        note = ""
        if c.folder_lesson and c.folder_lesson != lesson:
            note = (f"Graded as {lesson} because of its content ({how}), although its folder or file "
                    f"name says {c.folder_lesson}.")
        groups.setdefault((c.student, lesson), []).append((c, cells, note))
    # a file that could not be graded beside a graded one is mentioned in the graded row
    extra = {}
    for key in [k for k in result.recorded if (k[0], k[1]) in groups]:
        e = result.recorded.pop(key)
        extra.setdefault((key[0], key[1]), []).append(
            f"{e['file']} was not graded ({e['status']}: {e['message']})")
    for (student, lesson), group in sorted(groups.items()):
        group = sorted(group, key=lambda g: (g[0].time, g[0].rel), reverse=True)
        c, cells, note = group[0]
        notes = [note] if note else []
        if len(group) > 1:
            notes.append(f"Several notebooks for this lesson: graded the newest, {c.rel}; not graded: "
                         f"{', '.join(g[0].rel for g in group[1:])}.")
        notes.extend(extra.get((student, lesson), []))
        les = lessons[lesson]
        sub = prepare(cells, les, student=student, file=c.rel, message=" ".join(notes))
        digest = hashlib.sha256(c.path.read_bytes() + les.digest.encode()
                                + f"|{ENGINE_VERSION}|{timeout}".encode()).hexdigest()
        result.jobs.append(Job(student, lesson, c.rel, sub, digest))
    return result


def load_state(out: Path) -> dict:
    path = out / STATE_FILE
    try:
        return json.loads(path.read_text()) if path.exists() else {}
    except (OSError, json.JSONDecodeError):
        return {}


def carried_over(state: dict, jobs, recorded: dict, files) -> dict:
    """Entries graded into DIR earlier that this run neither regrades nor records again."""
    covered = {j.key for j in jobs} | {(k[0], k[1]) for k in recorded if k[1]}
    out = {}
    for key, value in state.items():
        old = value.get("entry") if isinstance(value, dict) else None
        if not isinstance(old, dict) or "student" not in old:
            continue
        if (old["student"], old.get("lesson") or "") in covered or (old["student"], old.get("file")) in files:
            continue
        out[tuple(json.loads(key))] = old
    return out


class Progress:
    """``grading [####----] 3/10  not graded: 0  ETA 0:42`` on stdout."""

    def __init__(self, total: int, stream=None):
        self.total, self.done, self.failures = total, 0, 0
        self.start = time.monotonic()
        self.stream = stream or sys.stdout
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def update(self, failed: bool):
        self.done += 1
        self.failures += int(failed)
        elapsed = time.monotonic() - self.start
        eta = elapsed / self.done * (self.total - self.done) if self.done else 0
        width = 24
        filled = int(width * self.done / max(self.total, 1))
        line = (f"grading [{'#' * filled}{'-' * (width - filled)}] {self.done}/{self.total}"
                f"  not graded: {self.failures}  ETA {int(eta) // 60}:{int(eta) % 60:02d}")
        self.stream.write(("\r" + line + ("\n" if self.done == self.total else "")) if self.tty
                          else line + "\n")
        self.stream.flush()


def discover(sub_path: Path, unzip_dir: Path | None, lessons, out: Path, stream):
    """(base folder, candidates) of a class folder or zip (unpacked safely into ``unzip_dir``)."""
    times = {}
    if sub_path.is_file():
        times = subs.safe_unzip(sub_path, unzip_dir)
        skipped = times.pop("__skipped__", [])
        if skipped:
            print(f"note: skipped unsafe zip entries: {', '.join(skipped)}", file=stream)
        base = unwrap_single_folder(unzip_dir, lessons)
        if base != unzip_dir:
            prefix = base.relative_to(unzip_dir).as_posix() + "/"
            times = {k[len(prefix):]: v for k, v in times.items() if k.startswith(prefix)}
    else:
        base = sub_path.resolve()
    return base, subs.discover(base, times, list(lessons), exclude=[out])
