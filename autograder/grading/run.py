"""Stage 4: run one submission in a fresh, sandboxed kernel, cell by cell (the worker's job).

The kernel runs the lesson's source notebook in order, with the student's answer cells put in
(:mod:`autograder.grading.submission`) and the test cells rewritten so that they hold no expected
values (:mod:`autograder.grading.transform`). Before each test cell the grader tells the kernel's
monitor which exercise is under test (nn_lib's own implementation of it then refuses to answer)
and resets what earlier cells did to the kernel; after it, the monitor's flags are collected.

A crash (``os._exit``, a segfault, the memory limit) or a timeout costs only the cell it happened
in: the kernel is restarted and the earlier non-test cells are replayed. Nothing here decides a
verdict: the outcome of each cell (its check records, error, status) goes to
:mod:`autograder.grading.verdict`. No parsing happens here, so this runs in worker threads.

``reference=True`` runs the solution itself (the grader's reference run): the test cells run as
written, and the check helpers publish expected values (:mod:`autograder.grading.reference`).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from autograder import feedback as fb
from autograder import notebook as nb
from autograder import sandbox
from autograder.executor import KernelEnvironmentError, KernelSession
from autograder.grading.submission import added_after

MAX_RESTARTS = 12
LESSON_CELL_FACTOR = 4          # the lesson's set-up cells may take this many cell timeouts


@dataclass
class Options:
    timeout: float = 30.0                       # seconds per cell
    budget: float | None = None                 # seconds for the whole submission
    memory_limit: int = sandbox.DEFAULT_MEMORY_LIMIT
    hidden: tuple = ()                          # paths the sandbox hides
    kernel_env: dict | None = None
    kernel_python: str | None = None
    use_sandbox: bool = True
    work_root: str | None = None

    def total_budget(self) -> float:
        return self.budget if self.budget is not None else max(300.0, 20.0 * float(self.timeout))


@dataclass
class CellOutcome:
    """How one test cell ended: ``ok``, ``error``, ``timeout``, ``crashed`` or ``skipped``."""
    status: str
    records: list = field(default_factory=list)
    ename: str = ""
    evalue: str = ""
    frames: list = field(default_factory=list)     # traceback lines of the student's answer cells
    flags: list = field(default_factory=list)      # what the monitor refused (delegation:NAME)
    too_many_records: bool = False
    reason: str = ""    # why a cell did not run to the end: budget, earlier, restart, or the
    #                     cell clock's cpu / idle / wall (autograder.cellclock.CellClock)


@dataclass
class RunOutcome:
    tests: dict = field(default_factory=dict)            # test id -> CellOutcome
    answer_problems: dict = field(default_factory=dict)  # grade_id -> (status, sentence)
    answer_errors: dict = field(default_factory=dict)    # grade_id -> sentence
    flags: list = field(default_factory=list)            # flags raised outside test cells
    lesson_problems: list = field(default_factory=list)  # the lesson's own cells that failed
    seconds: float = 0.0


class _Runner:
    def __init__(self, lesson, answers: dict, skip: set, options: Options, reference: bool,
                 added=()):
        self.lesson, self.answers, self.skip, self.options = lesson, answers, skip, options
        self.added = added_after(added)   # lesson cell index -> the student's own cells after it
        self.reference = reference
        self.outcome = RunOutcome()
        self.replay = []              # (grade_id or None, source) of earlier non-test cells
        self.answer_counts = {}       # execution count -> answer grade_id (for tracebacks)
        self.answer_ran = False       # the lesson's cells after this may call student code
        self.restarts = 0
        self.dead = False
        self.start = time.monotonic()
        env = dict(options.kernel_env or {})
        env["COURSE_GRADING"] = "reference" if reference else "1"
        self.session = KernelSession(hidden=options.hidden, memory_limit=options.memory_limit,
                                     env=env, python=options.kernel_python,
                                     use_sandbox=options.use_sandbox, work_root=options.work_root,
                                     authenticate_records=not reference)

    # -- time ------------------------------------------------------------------------------
    def left(self) -> float:
        return self.options.total_budget() - (time.monotonic() - self.start)

    def cell_timeout(self) -> float:
        return max(0.1, min(self.options.timeout, self.left()))

    # -- the kernel ------------------------------------------------------------------------
    def recover(self) -> bool:
        """Restart after a crash or a kill and replay the earlier non-test cells."""
        while not self.dead:
            self.restarts += 1
            if self.restarts > MAX_RESTARTS:
                self.dead = True
                break
            try:
                self.session.restart()
            except KernelEnvironmentError:
                self.dead = True
                break
            healthy = True
            for item in list(self.replay):
                if self.left() <= 0:
                    self.dead = True
                    return False
                gid, src = item
                self.session.reset("light", self.cell_timeout())
                r = self.session.execute(src, timeout=self.cell_timeout())
                if gid is not None and r.execution_count is not None:
                    self.answer_counts[r.execution_count] = gid
                if r.status in ("crashed", "timeout"):
                    self.replay.remove(item)
                    if not self.session.alive():
                        healthy = False
                        break
            if healthy:
                return True
        return False

    def ensure_alive(self):
        if not self.dead and not self.session.alive():
            self.recover()

    # -- cells -----------------------------------------------------------------------------
    def run(self) -> RunOutcome:
        self.session.start()          # raises KernelEnvironmentError: grading cannot work here
        try:
            self.run_added(-1)
            for index, cell in enumerate(self.lesson.cells):
                if cell.get("cell_type") == "code":
                    gid = nb.grade_id(cell)
                    if gid in self.lesson.tests and nb.is_test_cell(cell):
                        self.run_test(self.lesson.tests[gid])
                    elif gid in self.lesson.answers and nb.is_answer_cell(cell):
                        self.run_answer(gid)
                    else:
                        self.run_code(cell["source"])
                self.run_added(index)
            self.outcome.flags.extend(self.session.take_flags())
        finally:
            self.session.shutdown()
        self.outcome.seconds = time.monotonic() - self.start
        return self.outcome

    def run_code(self, src: str, gid: str | None = None, label: str | None = None):
        if self.dead or self.left() <= 0:
            if gid is not None:
                self.outcome.answer_problems.setdefault(gid, (
                    "timeout", "The submission used up its overall time budget before this answer "
                               "could run."))
            return None
        self.session.reset("light", self.cell_timeout())
        self.ensure_alive()
        if self.dead:
            return None
        # the lesson's set-up cells (imports, data: before any student code) get more time: a slow
        # import must not cost every later exercise its names; later cells may call student code
        lesson_cell = gid is None and label is None
        limit = self.cell_timeout() if not lesson_cell or self.answer_ran else max(0.1, min(
            LESSON_CELL_FACTOR * self.options.timeout, self.left()))
        r = self.session.execute(src, timeout=limit)
        if not lesson_cell and r.execution_count is not None:
            self.answer_counts[r.execution_count] = gid or label
            self.answer_ran = self.answer_ran or gid is not None
        if r.status not in ("crashed", "timeout"):
            self.replay.append((gid or label, src))
        elif lesson_cell:            # (the student's own cell is only dropped from the replay)
            self.outcome.lesson_problems.append(
                f"A cell of the lesson ({src.strip().splitlines()[0][:60] if src.strip() else ''}...) "
                f"{'crashed the kernel' if r.status == 'crashed' else 'did not finish in time'}, so "
                "the names it defines were missing for the tests after it.")
        self.outcome.flags.extend(self.session.take_flags())
        if not self.session.alive():
            self.recover()
        return r

    def run_added(self, anchor: int):
        """The student's own cells that follow lesson cell ``anchor`` (helpers the answers need,
        see ``submission._added``); an error in one costs nothing by itself."""
        for src, label in self.added.get(anchor, ()):
            self.run_code(src, label=label)

    def run_answer(self, gid: str):
        src = self.answers.get(gid, self.lesson.stubs[gid])
        r = self.run_code(src, gid)
        if r is None or gid not in self.answers or gid in self.skip:
            return
        if r.status in ("crashed", "timeout"):
            what = ("crashed the kernel" if r.status == "crashed"
                    else fb.stopped_because(r.timeout_reason, self.options.timeout))
            self.outcome.answer_problems[gid] = (r.status, f"Running your answer cell `{gid}` {what}; "
                                                           "its tests were not run.")
        elif r.status == "error":
            frames = fb.student_traceback(r.traceback, self.answer_counts)
            self.outcome.answer_errors[gid] = (f"Your answer cell `{gid}` raised {r.ename}: {r.evalue}"
                                               + ("\n" + "\n".join(frames) if frames else ""))

    def run_test(self, test):
        owner = test.owner
        if owner in self.skip or owner in self.outcome.answer_problems:
            self.outcome.tests[test.id] = CellOutcome("skipped")
            return
        earlier = [o for t, o in self.outcome.tests.items()
                   if self.lesson.tests[t].owner == owner and o.status in ("timeout", "crashed")]
        if earlier:      # the exercise is already charged; do not pay the time again
            self.outcome.tests[test.id] = CellOutcome(earlier[0].status, reason="earlier")
            return
        if self.dead or self.left() <= 0:
            self.outcome.tests[test.id] = CellOutcome("timeout", reason="budget")
            return
        reset = self.session.reset("full", self.cell_timeout())
        if reset.status in ("timeout", "crashed") or not self.session.alive():
            self.session.kill()
            if not self.recover():
                self.outcome.tests[test.id] = CellOutcome("crashed", reason="restart")
                return
        left = self.left()
        outcome = run_test_cell(self.session, test, self.answer_counts, self.cell_timeout(),
                                reference=self.reference, reset=False)
        if outcome.status == "timeout" and left < self.options.timeout:
            outcome.reason = "budget"
        self.outcome.tests[test.id] = outcome
        if not self.session.alive():
            self.recover()


def run_test_cell(session, test, answer_counts: dict, timeout: float, *, reference=False,
                  reset=True) -> CellOutcome:
    """Run one test cell with nn_lib's implementation of its exercise refused (not in the
    reference run), and collect what the grader needs to decide it."""
    session.guard("" if reference else test.owner)
    if reset:
        session.reset("full", timeout)
    try:
        r = session.execute(test.source if reference else test.student_source, timeout=timeout,
                            store_history=False)
    finally:
        session.guard("")
    return CellOutcome(r.status, list(r.records), r.ename, r.evalue,
                       fb.student_traceback(r.traceback, answer_counts), session.take_flags(),
                       r.too_many_records, reason=r.timeout_reason if r.status == "timeout" else "")


def run_submission(lesson, answers: dict, options: Options, *, skip=(), reference=False,
                   added=()) -> RunOutcome:
    """Run ``lesson``'s source notebook with ``answers`` (grade_id -> source) in place of its
    answer cells. ``skip``: exercises whose tests need not run (not attempted). Raises
    KernelEnvironmentError when no kernel can work here."""
    return _Runner(lesson, dict(answers), set(skip), options, reference, added).run()
