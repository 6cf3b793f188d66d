"""The grader behind ``course check`` and ``course grade`` (COURSE_SPEC §6, §8-§11).

A pipeline of small stages, one module each, in this order:

1. ``lessons``     the source notebook: exercises, points, test cells and their rewritten,
                   expected-free versions (``transform``)
2. ``submission``  the submitted notebook: lesson recognised, answers picked out, tampering noted
3. ``reference``   the grader's own run of the solution: the expected values and the list of
                   checks of every test cell (cached)
4. ``run``         the submission in a fresh sandboxed kernel, cell by cell, with the monitor
                   guarding nn_lib's reference implementations (``autograder.monitor``)
5. ``verdict``     each test cell decided in the grader's process, label for label
6. ``scoring``     exercise scores and the results.json entry
7. ``gradebook``   nbgrader's gradebook (one writer)
8. ``outputs``     results.json, grades.csv, feedback pages, autograded notebooks, summary.html

``batch`` plans a class and runs its jobs in parallel. Stages 1-3 (which parse Python) run in the
main thread; workers run stages 4-6 only.

Public API (the CLI calls these)::

    check_notebook(path, timeout=30, as_json=False) -> exit code
    grade_notebook(path, timeout=30) -> dict     # one results.json entry
    grade_class(submissions, out_dir, workers=None, timeout=30, db_url=None, student=None,
                force=False, ...) -> exit code
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from autograder import sandbox
from autograder.executor import KernelEnvironmentError, KernelSession
from autograder.grading import batch, outputs, reference, scoring
from autograder.grading.lessons import load_lessons, require_gradeable
from autograder.grading.run import Options
from autograder.grading.submission import NotGradeable, prepare, read_cells, recognise
from autograder.grading.transform import AuthoringError


def find_course_root(root=None) -> Path:
    if root is not None:
        return Path(root).resolve()
    from autograder.nbgrader_config import repo_root
    return Path(repo_root())


def hidden_paths(root: Path, *extra) -> list:
    """What the sandbox hides from student code: the solutions and hidden tests, the history,
    the reference records, the corpus, and whatever the run adds (gradebook, class, outputs)."""
    cache = reference.default_cache_dir(root).parent
    return [root / "solutions", root / ".git", root / "tests", cache, *extra]


def _options(root, *, timeout, budget=None, memory_limit=sandbox.DEFAULT_MEMORY_LIMIT,
             kernel_env=None, kernel_python=None, use_sandbox=True, work_root=None, hidden=()):
    return Options(timeout=float(timeout), budget=budget, memory_limit=memory_limit,
                   hidden=tuple(hidden_paths(root, *hidden)), kernel_env=kernel_env,
                   kernel_python=kernel_python, use_sandbox=use_sandbox, work_root=work_root)


# --------------------------------------------------------------------------------------------
# One notebook: course check
# --------------------------------------------------------------------------------------------
def grade_notebook(path, timeout=30, *, course_root=None, lesson_hint=None, student=None,
                   file=None, manual_scores=None, **option_kwargs) -> dict:
    """Grade one notebook (stages 1-6); returns its results.json entry.
    Raises KernelEnvironmentError when the kernel cannot work, AuthoringError for a broken lesson."""
    root = find_course_root(course_root)
    path = Path(path)
    student = student or path.stem.split("_", 1)[0]
    file = file or path.name
    lessons = load_lessons(root)                                            # 1
    try:
        cells = read_cells(path)                                            # 2
    except NotGradeable as exc:
        return scoring.entry(student, lesson_hint, file, exc.status, exc.message)
    name, how = recognise(cells, lessons)
    if name is None:
        return scoring.entry(student, lesson_hint, file, "unknown_lesson",
                             f"Cannot tell which lesson this notebook is: {how}.")
    message = ""
    if lesson_hint and lesson_hint != name:
        message = (f"Graded as {name} because of its content ({how}), although its folder or file "
                   f"name says {lesson_hint}.")
    lesson = require_gradeable(lessons[name])
    sub = prepare(cells, lesson, student=student, file=file, message=message)
    options = _options(root, timeout=timeout, **option_kwargs)
    ref = reference.reference_for(lesson, options, reference.default_cache_dir(root))  # 3
    job = batch.Job(student, name, file, sub, "")
    entry = batch.grade_job(job, lesson, ref, options)                      # 4-6
    if manual_scores:
        scoring.apply_manual(entry, manual_scores.get(name, {}))
    return entry


def format_entry(entry: dict) -> str:
    """The terminal form of one entry, for ``course check``."""
    number = lambda x: "-" if x is None else outputs.number(x)   # noqa: E731
    lines = [f"{entry.get('lesson') or '?'}: {entry['file']}"]
    if entry.get("message"):
        lines.append(f"  note: {entry['message']}")
    if entry["status"] != "graded":
        lines.append(f"  not graded ({entry['status']})")
        return "\n".join(lines)
    width = max([len(e["grade_id"]) for e in entry["exercises"]] + [8])
    for ex in entry["exercises"]:
        max_s = ex["max_score"] if ex["max_score"] is not None else ex.get("manual_max_score")
        flag = "  (test cells changed; originals used)" if ex.get("tampered") else ""
        lines.append(f"  {ex['grade_id']:<{width}}  {number(ex['score']) + '/' + number(max_s):>9}  "
                     f"{ex['status']}{flag}")
        if ex["status"] not in ("passed", "manual") and ex.get("feedback"):
            lines.extend(f"      {line}" for line in ex["feedback"].splitlines())
    total = f"Total: {number(entry['score'])} / {number(entry['max_score'])}"
    if entry.get("manual_max_score"):
        total += f" (+ {number(entry['manual_max_score'])} graded by hand)"
    lines.append(total)
    return "\n".join(lines)


def check_notebook(path, timeout=30, as_json=False, *, course_root=None, use_sandbox=None,
                   **kwargs) -> int:
    """``course check NOTEBOOK``: grade one notebook with the full test set and print the result.
    Never modifies the notebook. The learner's own notebook needs no sandbox: it is used when it
    works, silently. Exit code 0 graded, 1 not gradeable, 2 usage or no hidden tests here."""
    path = Path(path)
    if not path.is_file():
        print(f"course check: no such notebook: {path}", file=sys.stderr)
        return 2
    root = find_course_root(course_root)
    if not load_lessons_or_none(root):
        print(f"course check: the hidden tests (solutions/) are not in this copy of the course "
              f"({root}), so `course check` cannot grade here. Only the visible tests can be run: "
              f"open the notebook in Jupyter and run all its cells. Self-paced learners: use the "
              f"full repository (with solutions/) and run `course check` there; students of a "
              f"class: your instructor grades the hidden tests.", file=sys.stderr)
        return 2
    if use_sandbox is None:
        use_sandbox = sandbox.sandbox_available()[0]
    try:
        entry = grade_notebook(path, timeout=timeout, course_root=root, use_sandbox=use_sandbox,
                               **kwargs)
    except (KernelEnvironmentError, AuthoringError) as exc:
        print(f"course check: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(scoring.public(entry), indent=2) if as_json else format_entry(entry))
    return 0 if entry["status"] == "graded" else 1


def load_lessons_or_none(root: Path) -> dict:
    return load_lessons(root) if (root / "solutions").is_dir() else {}


# --------------------------------------------------------------------------------------------
# A class: course grade
# --------------------------------------------------------------------------------------------
def grade_class(submissions, out_dir, workers=None, timeout=30, db_url=None, student=None,
                force=False, *, course_root=None, budget=None,
                memory_limit=sandbox.DEFAULT_MEMORY_LIMIT, kernel_env=None, kernel_python=None,
                use_sandbox=True, stream=None, scheduler=None) -> int:
    """``course grade SUBMISSIONS --out DIR``; returns the exit code (0 done, 1 environment
    problem, 2 usage error). See COURSE_SPEC §6, §8, §9 and §11."""
    from autograder.grading.classrun import ClassRun

    stream = stream or sys.stdout
    root = find_course_root(course_root)
    sub_path = Path(submissions)
    if not sub_path.exists():
        print(f"course grade: no such file or folder: {sub_path}", file=sys.stderr)
        return 2
    if sub_path.is_file() and sub_path.suffix.lower() != ".zip":
        print(f"course grade: {sub_path} is neither a folder nor a .zip file", file=sys.stderr)
        return 2
    if use_sandbox and not scheduler:    # on a cluster, every worker's sandbox is checked instead
        ok, why = sandbox.sandbox_available()
        if not ok:
            print(sandbox.refusal_text(why), file=sys.stderr)
            return 1
    lessons = load_lessons_or_none(root)
    if not lessons:
        print(f"course grade: no lessons found in {root / 'solutions'}", file=sys.stderr)
        return 2
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    work = out / ".work"
    work.mkdir(exist_ok=True)
    db_url = db_url or f"sqlite:///{out / 'gradebook.db'}"
    unzip_dir = Path(tempfile.mkdtemp(prefix="unzipped-", dir=work)) if sub_path.is_file() else None
    extra_hidden = [out, sub_path.resolve()] + ([unzip_dir] if unzip_dir else [])
    if db_url.startswith("sqlite:///"):
        extra_hidden.append(Path(db_url[len("sqlite:///"):]))
    options = _options(root, timeout=timeout, budget=budget, memory_limit=memory_limit,
                       kernel_env=kernel_env, kernel_python=kernel_python, use_sandbox=use_sandbox,
                       work_root=str(work), hidden=extra_hidden)
    run = ClassRun(root, lessons, out, options, db_url=db_url, stream=stream, scheduler=scheduler,
                   workers=max(1, int(workers or os.cpu_count() or 1)))
    try:
        return run.grade(sub_path, unzip_dir, student=student, force=force)
    finally:
        if unzip_dir is not None:
            shutil.rmtree(unzip_dir, ignore_errors=True)


def probe_environment(options: Options):
    """Start one kernel and stop it: raises KernelEnvironmentError when grading cannot work."""
    session = KernelSession(hidden=options.hidden, memory_limit=options.memory_limit,
                            env=options.kernel_env, python=options.kernel_python,
                            use_sandbox=options.use_sandbox, work_root=options.work_root)
    try:
        session.start()
    finally:
        session.shutdown()
