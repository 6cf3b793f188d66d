"""The answer corpus: realistic answers graded by the grader itself, each with its verdict.

``tests/corpus/LESSON/GRADE_ID__slug.py`` replaces the answer cell ``GRADE_ID`` of the lesson's
source notebook. Its first line says what must happen, the second (for a wrong answer) which
mistake the feedback must name (COURSE_SPEC §10)::

    # expect: fail | the ReLU mask taken from dout instead of the cache z
    # diagnosis: mask was taken from dout

    # expect: pass | a loop over the rows instead of one matrix product

A ``fail`` entry must lose points on its own exercise and its feedback must contain the diagnosis
(case-insensitive); a ``pass`` entry must keep full marks. The grading is the real one: test
cells rewritten without expected values, nn_lib's implementation refused while its exercise is
tested, every check re-decided against the reference run (:mod:`autograder.grading`). To be quick,
one kernel per lesson runs the solution's cells once; then each entry replaces its answer cell,
that exercise's test cells run, and the solution's answer comes back.

Command line (for lesson authors)::

    python -m autograder.corpus 05_backward_pass            # the whole lesson's corpus
    python -m autograder.corpus 05_backward_pass -k dense   # only entries whose file name has 'dense'
    python -m autograder.corpus --list                      # lessons and their corpus counts
"""
from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from autograder import notebook as nb
from autograder.executor import KernelSession
from autograder.grading import reference as references
from autograder.grading import scoring
from autograder.grading.lessons import load_lesson
from autograder.grading.run import Options, RunOutcome, run_test_cell
from autograder.grading.submission import Submission

REPO_ROOT = Path(__file__).resolve().parent.parent
EXPECT_LINE = re.compile(r"^# expect: (fail|pass) \| (\S.*)$")
DIAGNOSIS_LINE = re.compile(r"^# diagnosis: (\S.*)$")
MIN_FAIL, MIN_PASS = 3, 3


@dataclass
class Entry:
    path: Path
    grade_id: str
    slug: str
    expect: str | None     # "fail" / "pass", None when the first line is malformed
    reason: str
    diagnosis: str         # what the feedback of a wrong answer must contain ("" if none)
    source: str


def corpus_dir(lesson: str, root: Path = REPO_ROOT) -> Path:
    return Path(root) / "tests" / "corpus" / lesson


def load_entries(lesson: str, root: Path = REPO_ROOT) -> list:
    entries = []
    folder = corpus_dir(lesson, root)
    for path in sorted(folder.glob("*.py")) if folder.is_dir() else []:
        grade_id, _, slug = path.stem.partition("__")
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines() + ["", ""]
        m = EXPECT_LINE.match(lines[0].rstrip())
        d = DIAGNOSIS_LINE.match(lines[1].rstrip())
        entries.append(Entry(path, grade_id, slug, m.group(1) if m else None,
                             m.group(2).strip() if m else "", d.group(1).strip() if d else "", source))
    return entries


def corpus_problems(lesson, entries: list) -> list:
    """Everything wrong with the corpus itself (not with how entries are graded)."""
    problems = []
    for e in entries:
        rel = f"{lesson.name}/{e.path.name}"
        if not e.slug:
            problems.append(f"{rel}: file name must be GRADE_ID__slug.py")
        if e.grade_id not in lesson.answers:
            problems.append(f"{rel}: names grade_id {e.grade_id!r}, which is not an answer cell of "
                            f"{lesson.name} (answer cells: {', '.join(lesson.answers)})")
        if e.expect is None:
            problems.append(f"{rel}: first line must read '# expect: fail | reason' or "
                            "'# expect: pass | reason'")
        elif e.expect == "fail" and not e.diagnosis:
            problems.append(f"{rel}: second line must read '# diagnosis: <words the feedback must contain>'")
    for name in lesson.answers:
        n_fail = sum(1 for e in entries if e.grade_id == name and e.expect == "fail")
        n_pass = sum(1 for e in entries if e.grade_id == name and e.expect == "pass")
        if n_fail < MIN_FAIL or n_pass < MIN_PASS:
            problems.append(f"{name}: has {n_fail} 'fail' and {n_pass} 'pass' corpus entries "
                            f"(needs >= {MIN_FAIL} and >= {MIN_PASS})")
    return problems


@dataclass
class EntryResult:
    entry: Entry
    status: str = ""
    score: float = 0.0
    max_score: float = 0.0
    feedback: str = ""

    @property
    def correct(self) -> bool:
        """Whether the entry was graded as its first line says."""
        if self.entry.expect == "pass":
            return self.status == "passed" and self.score == self.max_score
        return self.score < self.max_score

    @property
    def named(self) -> bool:
        """A wrong answer whose feedback names its mistake (its diagnosis line)."""
        d = self.entry.diagnosis.lower()
        return bool(d) and d in self.feedback.lower()

    def verdict(self) -> str:
        if not self.correct:
            return ("WRONG: kept full marks but should lose points" if self.entry.expect == "fail"
                    else f"WRONG: should keep full marks, got {self.score:g}/{self.max_score:g} "
                         f"({self.status}): {_one_line(self.feedback)}")
        if self.entry.expect == "fail" and not self.named:
            return f"feedback does not name {self.entry.diagnosis!r}: {_one_line(self.feedback)}"
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

    @property
    def wrong_answers(self) -> list:
        return [r for r in self.results if r.entry.expect == "fail"]

    def table(self) -> str:
        lines = [f"== corpus {self.lesson}: {len(self.results)} entries, {self.seconds:.1f} s =="]
        width = max([len(r.entry.path.name) for r in self.results] + [10])
        for r in self.results:
            flag = "ok " if r.correct else "BAD"
            mark = "" if r.entry.expect == "pass" else (" named" if r.named else " UNNAMED")
            lines.append(f"{flag} {r.entry.path.name:<{width}} expect={r.entry.expect or '?':<4} "
                         f"{r.score:g}/{r.max_score:g} {r.status}{mark}")
            if r.verdict() != "ok" or r.entry.expect == "fail":
                lines.append(f"      -> {_one_line(r.feedback) if r.verdict() == 'ok' else r.verdict()}")
        lines += [f"SETUP ERROR: {e}" for e in self.setup_errors]
        lines += [f"CORPUS PROBLEM: {p}" for p in self.problems]
        wrong = self.wrong_answers
        if wrong:
            lines.append(f"named mistakes: {sum(r.named for r in wrong)}/{len(wrong)}")
        lines.append("RESULT: " + ("ok" if self.ok else "FAILED"))
        return "\n".join(lines)


def _one_line(text: str, limit: int = 200) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def copy_lesson_folder(src, dst) -> None:
    """Copy a lesson folder's regular files (no sockets, checkpoints or caches) to ``dst``."""
    import os

    from autograder.nbgrader_config import IGNORE
    skip = shutil.ignore_patterns(*IGNORE)

    def ignore(folder, names):
        return set(skip(folder, names)) | {
            n for n in names if not (os.path.isfile(os.path.join(folder, n))
                                     or os.path.isdir(os.path.join(folder, n)))}
    shutil.copytree(src, dst, ignore=ignore)


class _LessonKernel:
    """One grading kernel holding the lesson's solution, restartable."""

    def __init__(self, lesson, timeout, work):
        self.lesson, self.timeout = lesson, timeout
        self.session = KernelSession(hidden=[], use_sandbox=False, work_root=str(work),
                                     env={"COURSE_GRADING": "1"})
        self.counts = {}
        self.setup_errors = []
        self.start()

    def start(self):
        self.session.start()
        self.counts.clear()
        for cell in self.lesson.cells:
            if cell.get("cell_type") != "code" or nb.is_test_cell(cell):
                continue
            self.session.reset("light", self.timeout)
            r = self.session.execute(cell["source"], timeout=self.timeout)
            gid = nb.grade_id(cell)
            if gid and r.execution_count is not None:
                self.counts[r.execution_count] = gid
            if r.status != "ok":
                self.setup_errors.append(f"solution cell {gid or cell['source'][:50]!r}: {r.status} "
                                         f"{r.ename}: {r.evalue}")
        self.session.take_flags()

    def ensure_alive(self, entry: Entry | None = None):
        """Restart a dead kernel with the solution, and the entry under test in place again."""
        if not self.session.alive():
            self.session.restart()
            self.start()
            if entry is not None:
                self.session.execute(entry.source, timeout=self.timeout)

    def grade(self, entry: Entry, ref) -> EntryResult:
        lesson, gid = self.lesson, entry.grade_id
        outcome = RunOutcome()
        self.session.reset("light", self.timeout)
        self.session.execute(f"globals().pop({gid!r}, None)", timeout=self.timeout, store_history=False)
        r = self.session.execute(entry.source, timeout=self.timeout)
        if r.execution_count is not None:
            self.counts[r.execution_count] = gid
        if r.status in ("crashed", "timeout"):
            outcome.answer_problems[gid] = (r.status, f"Running your answer cell `{gid}` "
                                                      f"{'crashed the kernel' if r.status == 'crashed' else 'timed out'}.")
        elif r.status == "error":
            outcome.answer_errors[gid] = f"Your answer cell `{gid}` raised {r.ename}: {r.evalue}"
        for test in lesson.tests_of(gid):
            self.ensure_alive(entry)
            if gid in outcome.answer_problems:
                break
            outcome.tests[test.id] = run_test_cell(self.session, test, self.counts, self.timeout)
        outcome.flags = self.session.take_flags() if self.session.alive() else []
        stub = nb.normalise(entry.source) == nb.normalise(lesson.stubs[gid])
        sub = Submission("corpus", lesson.name, entry.path.name, {gid: entry.source},
                         not_attempted={gid} if stub else set())
        ex = next(e for e in scoring.exercises(lesson, sub, outcome, ref, timeout=self.timeout,
                                               memory_limit=0) if e["grade_id"] == gid)
        self.ensure_alive()
        self.session.execute(lesson.answers[gid], timeout=self.timeout)     # the solution back
        return EntryResult(entry, ex["status"], ex["score"], ex["max_score"], ex["feedback"])

    def close(self):
        self.session.shutdown()


def run_lesson_corpus(name: str, root: Path = REPO_ROOT, select: str | None = None,
                      timeout: float = 60.0, echo=None) -> LessonReport:
    """Grade the corpus of one lesson; ``select`` keeps entries whose file name contains it.
    ``echo`` (e.g. ``print``) receives one line per entry as it finishes."""
    started = time.monotonic()
    lesson = load_lesson(root, name)
    entries = load_entries(name, root)
    report = LessonReport(name, problems=corpus_problems(lesson, entries))
    if select:
        entries = [e for e in entries if select in e.path.name]
    runnable = [e for e in entries if e.grade_id in lesson.answers and e.expect]
    with tempfile.TemporaryDirectory(prefix=f"corpus-{name}-") as tmp:
        options = Options(timeout=timeout, work_root=tmp, use_sandbox=False)
        ref = references.reference_for(lesson, options, references.default_cache_dir(root))
        kernel = _LessonKernel(lesson, timeout, tmp)
        report.setup_errors = kernel.setup_errors
        try:
            for entry in runnable:
                result = kernel.grade(entry, ref)
                report.results.append(result)
                if echo:
                    echo(f"{'ok ' if result.correct else 'BAD'} {entry.path.name}: {result.verdict()}")
        finally:
            kernel.close()
    report.seconds = time.monotonic() - started
    return report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m autograder.corpus",
        description="Grade the answer corpus (tests/corpus/LESSON/) with the real grader.")
    parser.add_argument("lessons", nargs="*", metavar="LESSON",
                        help="lesson folder name(s), e.g. 05_backward_pass (default: all)")
    parser.add_argument("-k", dest="select", metavar="TEXT",
                        help="only entries whose file name contains TEXT")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per cell (default 60)")
    parser.add_argument("--list", action="store_true", help="list lessons and corpus counts")
    args = parser.parse_args(argv)
    from autograder.nbgrader_config import repo_root
    try:
        root = repo_root()
    except FileNotFoundError as exc:
        parser.exit(1, f"{parser.prog}: {exc}\n")
    known = nb.lesson_names(root)
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
        report = run_lesson_corpus(name, root, select=args.select, timeout=args.timeout, echo=print)
        print(report.table())
        status |= 0 if report.ok else 1
    return status


if __name__ == "__main__":
    sys.exit(main())
