"""The wrong-answer corpus: run realistic alternative answers against a lesson's test cells.

``tests/corpus/LESSON/GRADE_ID__slug.py`` replaces the answer cell ``GRADE_ID`` of
``solutions/LESSON/LESSON.ipynb``. Its first line is ``# expect: fail | reason`` or
``# expect: pass | reason``. A ``fail`` entry must fail at least one of that exercise's test cells
(visible or hidden); a ``pass`` entry must pass all of them.

One kernel per lesson: the solution's non-test code cells run once, in order; then, for each
entry, the entry's source runs in place of the answer cell, every test cell of that exercise runs,
and the solution's answer cell runs again to restore the state.

Command line (for lesson authors)::

    python -m autograder.corpus 05_backward_pass            # the whole lesson's corpus
    python -m autograder.corpus 05_backward_pass -k dense   # only entries whose file name has 'dense'
    python -m autograder.corpus --list                      # lessons and their corpus counts
"""
from __future__ import annotations

import argparse
import os
import queue
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

REPO_ROOT = Path(__file__).resolve().parent.parent
EXPECT_LINE = re.compile(r"^# expect: (fail|pass) \| (\S.*)$")
TEST_ID = re.compile(r"^(?P<name>.+)_tests(?:_(?P<k>\d+))?$")
MIN_FAIL, MIN_PASS = 3, 1


# --------------------------------------------------------------------------------------------
# Reading a source notebook
# --------------------------------------------------------------------------------------------
def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def is_answer_cell(cell) -> bool:
    """An autograded answer cell: code, ``solution: true``, ``grade: false``."""
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and bool(meta.get("solution")) and not meta.get("grade")


def is_test_cell(cell) -> bool:
    """An autograder tests cell: code, ``grade: true``, ``solution: false``."""
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def is_manual_cell(cell) -> bool:
    meta = nbgrader_meta(cell)
    return bool(meta.get("grade")) and bool(meta.get("solution"))


def owner_of_test(test_id: str, function_names) -> str | None:
    """The graded function a test cell belongs to: the longest name ``N`` with
    ``test_id == N + "_tests"`` or ``test_id == N + "_tests_K"``."""
    best = None
    for name in function_names:
        rest = test_id[len(name):] if test_id.startswith(name) else None
        if rest is None or not re.fullmatch(r"_tests(?:_\d+)?", rest):
            continue
        if best is None or len(name) > len(best):
            best = name
    return best


@dataclass
class Lesson:
    name: str
    notebook_path: Path
    notebook: nbformat.NotebookNode
    answers: dict = field(default_factory=dict)       # grade_id -> source
    tests: dict = field(default_factory=dict)         # function -> [(test grade_id, source)]
    orphan_tests: list = field(default_factory=list)  # test grade_ids with no function

    @property
    def functions(self) -> list[str]:
        return list(self.answers)


def solution_notebook(lesson: str, root: Path = REPO_ROOT) -> Path:
    return Path(root) / "solutions" / lesson / f"{lesson}.ipynb"


def load_lesson(lesson: str, root: Path = REPO_ROOT) -> Lesson:
    path = solution_notebook(lesson, root)
    if not path.exists():
        raise FileNotFoundError(f"no solution notebook {path}")
    nb = nbformat.read(path, as_version=4)
    info = Lesson(lesson, path, nb)
    for cell in nb.cells:
        if is_answer_cell(cell):
            info.answers[nbgrader_meta(cell)["grade_id"]] = cell.source
    for cell in nb.cells:
        if is_test_cell(cell):
            tid = nbgrader_meta(cell)["grade_id"]
            owner = owner_of_test(tid, info.answers)
            if owner is None:
                info.orphan_tests.append(tid)
            else:
                info.tests.setdefault(owner, []).append((tid, cell.source))
    return info


def lessons_in(root: Path = REPO_ROOT) -> list[str]:
    """Lesson folders of ``solutions/`` that hold their notebook, sorted."""
    sol = Path(root) / "solutions"
    if not sol.is_dir():
        return []
    return sorted(p.name for p in sol.iterdir()
                  if p.is_dir() and (p / f"{p.name}.ipynb").exists())


# --------------------------------------------------------------------------------------------
# Corpus files
# --------------------------------------------------------------------------------------------
@dataclass
class Entry:
    path: Path
    grade_id: str
    slug: str
    expect: str | None   # "fail" / "pass", None when the first line is malformed
    reason: str
    source: str


def corpus_dir(lesson: str, root: Path = REPO_ROOT) -> Path:
    return Path(root) / "tests" / "corpus" / lesson


def load_entries(lesson: str, root: Path = REPO_ROOT) -> list[Entry]:
    folder = corpus_dir(lesson, root)
    entries = []
    if not folder.is_dir():
        return entries
    for path in sorted(folder.glob("*.py")):
        grade_id, _, slug = path.stem.partition("__")
        source = path.read_text(encoding="utf-8")
        first = source.splitlines()[0] if source.strip() else ""
        m = EXPECT_LINE.match(first.rstrip())
        entries.append(Entry(path, grade_id, slug, m.group(1) if m else None,
                             m.group(2).strip() if m else "", source))
    return entries


def corpus_problems(lesson: Lesson, entries: list[Entry]) -> list[str]:
    """Everything wrong with the corpus itself (not with how entries run)."""
    problems = []
    folder = corpus_dir(lesson.name, lesson.notebook_path.parent.parent.parent)
    for e in entries:
        rel = f"{folder.name}/{e.path.name}"
        if not e.slug:
            problems.append(f"{rel}: file name must be GRADE_ID__slug.py")
        if e.grade_id not in lesson.answers:
            problems.append(f"{rel}: names grade_id {e.grade_id!r}, which is not an answer cell of "
                            f"{lesson.name} (answer cells: {', '.join(lesson.functions)})")
        if e.expect is None:
            problems.append(f"{rel}: first line must read '# expect: fail | reason' or "
                            f"'# expect: pass | reason'")
    for name in lesson.functions:
        n_fail = sum(1 for e in entries if e.grade_id == name and e.expect == "fail")
        n_pass = sum(1 for e in entries if e.grade_id == name and e.expect == "pass")
        if n_fail < MIN_FAIL or n_pass < MIN_PASS:
            problems.append(f"{name}: has {n_fail} 'fail' and {n_pass} 'pass' corpus entries "
                            f"(needs >= {MIN_FAIL} and >= {MIN_PASS})")
        if name not in lesson.tests:
            problems.append(f"{name}: has no test cell ({name}_tests)")
    for tid in lesson.orphan_tests:
        problems.append(f"test cell {tid!r} belongs to no answer cell")
    return problems


# --------------------------------------------------------------------------------------------
# A kernel that runs code strings
# --------------------------------------------------------------------------------------------
def kernel_env(extra: dict | None = None) -> dict:
    """The environment for corpus kernels: headless, quiet TensorFlow, the repo importable,
    and not in grading mode (checks decide locally)."""
    from autograder.nbgrader_config import kernel_env as course_kernel_env
    env = course_kernel_env(headless=True)
    env.pop("COURSE_GRADING", None)
    env.update(extra or {})
    return env


def ipc_kernel_manager(folder: str | Path):
    """A python3 KernelManager on IPC sockets in ``folder`` (a temporary folder the caller
    removes): no TCP port is opened, and no unencrypted-TCP warning is printed. The socket path
    is made absolute: the kernel runs in another working folder (a lesson's), where a relative
    one (jupyter_client's default is ``kernel-ipc``) would leave ``kernel-ipc-N`` files."""
    from jupyter_client import KernelManager
    km = KernelManager(kernel_name="python3", transport="ipc",
                       ip=os.path.join(os.path.abspath(str(folder)), "kernel"))
    return km


@dataclass
class RunResult:
    ok: bool
    error: str = ""       # "ExceptionName: message" (or "timeout" / "kernel died")
    output: str = ""      # stdout/stderr text
    seconds: float = 0.0


class Kernel:
    """One IPython kernel that runs code strings and reports ok / the error line."""

    def __init__(self, cwd: str | Path, timeout: float = 30.0, env: dict | None = None):
        self.cwd, self.timeout, self.env = str(cwd), timeout, env or kernel_env()
        self.km = self.kc = None
        self.replay: list[str] = []   # code to rerun after a restart
        self._start()

    def _start(self):
        from autograder.executor import ipc_socket_dir
        self._ipc_dir = str(ipc_socket_dir())
        try:
            self.km = ipc_kernel_manager(self._ipc_dir)
            self.km.start_kernel(cwd=self.cwd, env=self.env)
            self.kc = self.km.client()
            self.kc.start_channels()
            self.kc.wait_for_ready(timeout=60)
        except BaseException:
            self.shutdown()    # no kernel and no socket folder left behind
            raise

    def restart(self):
        self.shutdown()
        self._start()
        for code in self.replay:
            self.run(code)

    def run(self, code: str, timeout: float | None = None) -> RunResult:
        timeout = self.timeout if timeout is None else timeout
        out: list[str] = []

        def hook(msg):
            kind, content = msg["header"]["msg_type"], msg["content"]
            if kind == "stream":
                out.append(content["text"])
            elif kind == "error":
                out.append("\n".join(content.get("traceback", [])))

        start = time.monotonic()
        try:
            reply = self.kc.execute_interactive(code, timeout=timeout, output_hook=hook,
                                                allow_stdin=False, stop_on_error=False)
        except (TimeoutError, queue.Empty):
            seconds = time.monotonic() - start
            self.restart()
            return RunResult(False, f"timeout after {timeout:g} s (kernel restarted)",
                             "".join(out), seconds)
        seconds = time.monotonic() - start
        if not self.km.is_alive():
            self.restart()
            return RunResult(False, "kernel died (restarted)", "".join(out), seconds)
        content = reply["content"]
        if content.get("status") == "ok":
            return RunResult(True, "", "".join(out), seconds)
        error = f"{content.get('ename', 'Error')}: {content.get('evalue', '')}".strip()
        return RunResult(False, error, "".join(out), seconds)

    def shutdown(self):
        if self.kc is not None:
            self.kc.stop_channels()
        if self.km is not None and self.km.has_kernel:
            self.km.shutdown_kernel(now=True)
            self.km.cleanup_resources()
        if getattr(self, "_ipc_dir", None):
            shutil.rmtree(self._ipc_dir, ignore_errors=True)
        self.kc = self.km = None


# --------------------------------------------------------------------------------------------
# Running the corpus
# --------------------------------------------------------------------------------------------
@dataclass
class EntryResult:
    entry: Entry
    tests: list = field(default_factory=list)   # [(test grade_id, RunResult)]
    entry_error: str = ""

    @property
    def failed_any(self) -> bool:
        return any(not r.ok for _, r in self.tests)

    @property
    def correct(self) -> bool:
        """Whether the entry behaved as its first line says."""
        if self.entry_error or not self.tests:
            return False
        return self.failed_any if self.entry.expect == "fail" else not self.failed_any

    def verdict(self) -> str:
        if self.entry_error:
            return f"entry itself raised {self.entry_error}"
        if not self.tests:
            return "exercise has no test cells"
        if self.entry.expect == "fail" and not self.failed_any:
            return "WRONG: passed every test cell but should fail one"
        if self.entry.expect == "pass" and self.failed_any:
            bad = [f"{tid}: {r.error}" for tid, r in self.tests if not r.ok]
            return "WRONG: should pass, failed " + "; ".join(bad)
        return "ok"


@dataclass
class LessonReport:
    lesson: str
    setup_errors: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    results: list = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.setup_errors and not self.problems and all(r.correct for r in self.results)

    def table(self) -> str:
        lines = [f"== corpus {self.lesson}: {len(self.results)} entries, {self.seconds:.1f} s =="]
        width = max([len(r.entry.path.name) for r in self.results] + [10])
        for r in self.results:
            marks = " ".join(f"{tid}={'pass' if res.ok else 'FAIL'}" for tid, res in r.tests)
            flag = "ok " if r.correct else "BAD"
            lines.append(f"{flag} {r.entry.path.name:<{width}} expect={r.entry.expect or '?':<4} "
                         f"{marks}")
            if r.entry.expect == "fail" and r.correct:
                first = next(res for _, res in r.tests if not res.ok)
                lines.append(f"      -> {_one_line(first.error)}")
            elif not r.correct:
                lines.append(f"      -> {r.verdict()}")
        for err in self.setup_errors:
            lines.append(f"SETUP ERROR: {err}")
        for p in self.problems:
            lines.append(f"CORPUS PROBLEM: {p}")
        lines.append("RESULT: " + ("ok" if self.ok else "FAILED"))
        return "\n".join(lines)


def _one_line(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def copy_lesson_folder(src: str | Path, dst: str | Path) -> None:
    """Copy a lesson folder's regular files (no sockets, checkpoints or caches) to ``dst``."""
    from autograder.nbgrader_config import IGNORE
    skip = shutil.ignore_patterns(*IGNORE)

    def ignore(folder, names):
        return set(skip(folder, names)) | {
            n for n in names if not (os.path.isfile(os.path.join(folder, n))
                                     or os.path.isdir(os.path.join(folder, n)))}
    shutil.copytree(src, dst, ignore=ignore)


def run_lesson_corpus(lesson: str, root: Path = REPO_ROOT, select: str | None = None,
                      timeout: float = 60.0, echo=None) -> LessonReport:
    """Run the corpus of one lesson; ``select`` keeps entries whose file name contains it.
    ``echo`` (e.g. ``print``) receives one line per entry as it finishes."""
    started = time.monotonic()
    info = load_lesson(lesson, root)
    entries = load_entries(lesson, root)
    report = LessonReport(lesson)
    report.problems = corpus_problems(info, entries)
    if select:
        entries = [e for e in entries if select in e.path.name]
    runnable = [e for e in entries if e.grade_id in info.answers and e.expect]
    with tempfile.TemporaryDirectory(prefix=f"corpus-{lesson}-") as tmp:
        # Lessons may write files: run them in a copy of the lesson folder, never in solutions/.
        work = Path(tmp) / lesson
        copy_lesson_folder(info.notebook_path.parent, work)
        kernel = Kernel(work, timeout=timeout)
        try:
            for cell in info.notebook.cells:
                if cell.cell_type != "code" or is_test_cell(cell):
                    continue
                res = kernel.run(cell.source)
                kernel.replay.append(cell.source)
                if not res.ok:
                    gid = nbgrader_meta(cell).get("grade_id") or cell.source.splitlines()[0][:60]
                    report.setup_errors.append(f"solution cell {gid!r} raised {res.error}")
            for entry in runnable:
                result = EntryResult(entry)
                # A definition that fails must not leave the solution's function in place.
                kernel.run(f"globals().pop({entry.grade_id!r}, None)")
                res = kernel.run(entry.source)
                if not res.ok:
                    result.entry_error = res.error
                for tid, source in info.tests.get(entry.grade_id, []):
                    result.tests.append((tid, kernel.run(source)))
                restore = kernel.run(info.answers[entry.grade_id])
                if not restore.ok:
                    report.setup_errors.append(f"restoring {entry.grade_id} raised {restore.error}")
                report.results.append(result)
                if echo:
                    flag = "ok " if result.correct else "BAD"
                    echo(f"{flag} {entry.path.name}: {result.verdict()}")
        finally:
            kernel.shutdown()
    report.seconds = time.monotonic() - started
    return report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m autograder.corpus",
        description="Run the wrong-answer corpus (tests/corpus/LESSON/) against a lesson's tests.")
    parser.add_argument("lessons", nargs="*", metavar="LESSON",
                        help="lesson folder name(s), e.g. 05_backward_pass (default: all)")
    parser.add_argument("-k", dest="select", metavar="TEXT",
                        help="only entries whose file name contains TEXT")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds per cell (default 60)")
    parser.add_argument("--list", action="store_true", help="list lessons and corpus counts")
    args = parser.parse_args(argv)
    from autograder.nbgrader_config import repo_root
    try:
        root = repo_root()
    except FileNotFoundError as exc:
        parser.exit(1, f"{parser.prog}: {exc}\n")
    known = lessons_in(root)
    if args.list:
        for name in known:
            print(f"{name}: {len(load_entries(name, root))} corpus entries")
        return 0
    wanted = args.lessons or known
    unknown = [w for w in wanted if w not in known]
    if unknown:
        parser.error(f"no such lesson: {', '.join(unknown)} (lessons: {', '.join(known) or 'none'})")
    status = 0
    for name in wanted:
        report = run_lesson_corpus(name, root, select=args.select, timeout=args.timeout,
                                   echo=print)
        print(report.table())
        status |= 0 if report.ok else 1
    return status


if __name__ == "__main__":
    sys.exit(main())
