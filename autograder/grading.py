"""The grading engine behind ``course check`` and ``course grade`` (COURSE_SPEC §6, §8).

The notebook that is run is built from the SOURCE notebook (``solutions/LESSON/LESSON.ipynb``:
full solutions, visible and hidden tests) with the student's answer cells put in by grade_id, so
deleted, moved, copied or edited test cells are restored (and edits are flagged ``tampered``).
It runs cell by cell in a fresh, sandboxed kernel (:mod:`autograder.executor`); every check in a
test cell publishes a record that :func:`autograder.checks.recheck` re-decides here, in the
grader's process. Feedback is built only from those verdicts and from traceback frames of the
student's own answer cells, never from raw outputs.

Public API (the CLI calls these lazily)::

    check_notebook(path, timeout=30, as_json=False) -> exit code
    grade_class(submissions, out_dir, workers=None, timeout=30, db_url=None, student=None,
                force=False) -> exit code
    grade_notebook(path, timeout=30) -> dict      # one results.json submission entry
"""
from __future__ import annotations

import ast
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from autograder import feedback as fb
from autograder.corpus import owner_of_test  # the one ownership rule (COURSE_SPEC §4)
from autograder import sandbox
from autograder.executor import (LIGHT_RESET_CODE, RESET_CODE, KernelEnvironmentError,
                                 KernelSession)

STATUS_RANK = {"passed": 0, "failed": 1, "error": 2, "timeout": 3, "crashed": 4}
TEST_ID = re.compile(r"^(?P<name>.+)_tests(?:_\d+)?$")
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
SOLUTION_BEGIN, SOLUTION_END = "### BEGIN SOLUTION", "### END SOLUTION"
MAX_RESTARTS = 12
FEEDBACK_CAP = 3000     # characters of feedback per test cell


def _course_root(root=None) -> Path:
    if root is not None:
        return Path(root).resolve()
    try:
        from autograder.nbgrader_config import repo_root
        return Path(repo_root())
    except Exception:
        return Path(__file__).resolve().parent.parent


def default_budget(timeout: float) -> float:
    """Overall seconds one submission may use (all its cells, restarts included)."""
    return max(300.0, 20.0 * float(timeout))


# --------------------------------------------------------------------------------------------
# Source lessons
# --------------------------------------------------------------------------------------------
def _meta(cell) -> dict:
    return (cell.get("metadata", {}) or {}).get("nbgrader", {}) or {}


def _src(cell) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else str(s)


def _is_answer(cell) -> bool:
    m = _meta(cell)
    return cell.get("cell_type") == "code" and bool(m.get("solution")) and not m.get("grade")


def _is_test(cell) -> bool:
    m = _meta(cell)
    return cell.get("cell_type") == "code" and bool(m.get("grade")) and not m.get("solution")


def _is_manual(cell) -> bool:
    m = _meta(cell)
    return bool(m.get("grade")) and bool(m.get("solution"))


def _normalise(src: str) -> str:
    return "\n".join(line.rstrip() for line in src.strip().splitlines())


def _replace_regions(src: str, begin: str, end: str, replacement=lambda indent: []) -> str:
    """``src`` with every region from a ``begin`` line to an ``end`` line (markers included)
    replaced by ``replacement(indent of the begin line)``, a list of lines."""
    out, inside = [], False
    for line in src.splitlines():
        if line.strip() == begin:
            inside = True
            out.extend(replacement(line[:len(line) - len(line.lstrip())]))
            continue
        if line.strip() == end:
            inside = False
            continue
        if not inside:
            out.append(line)
    return "\n".join(out)


def strip_hidden(src: str) -> str:
    """A test cell as released: the hidden-tests region removed (as nbgrader does)."""
    return _replace_regions(src, HIDDEN_BEGIN, HIDDEN_END)


def stub_answer(src: str) -> str:
    """An answer cell as released: the solution region replaced by ``raise NotImplementedError()``."""
    return _replace_regions(src, SOLUTION_BEGIN, SOLUTION_END,
                            lambda indent: [f"{indent}# YOUR CODE HERE",
                                            f"{indent}raise NotImplementedError()"])


def _defined_names(src: str) -> list:
    """Top-level ``def``/``class`` names of a cell (regex fallback when it does not parse)."""
    try:
        tree = ast.parse(src)
        return [n.name for n in tree.body
                if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    except (SyntaxError, ValueError):
        return re.findall(r"^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)", src, flags=re.M)


@dataclass
class SourceLesson:
    name: str
    path: Path
    cells: list                                     # source notebook cells
    answers: dict = field(default_factory=dict)     # grade_id -> solution source
    stubs: dict = field(default_factory=dict)       # grade_id -> released answer source
    tests: dict = field(default_factory=dict)       # test id -> full source (with hidden)
    released_tests: dict = field(default_factory=dict)  # test id -> released source
    accepted_tests: dict = field(default_factory=dict)  # test id -> {normalised sources}
    points: dict = field(default_factory=dict)      # test id / manual id -> points
    owner: dict = field(default_factory=dict)       # test id -> function grade_id
    manual: dict = field(default_factory=dict)      # manual grade_id -> points
    digest: str = ""

    @property
    def exercises(self) -> list:
        """Exercise grade_ids in notebook order (functions, then manual answers in place)."""
        order = []
        for cell in self.cells:
            gid = _meta(cell).get("grade_id")
            if gid in self.answers or gid in self.manual:
                order.append(gid)
        return order


_LESSON_CACHE: dict = {}


def load_lesson(root: Path, name: str) -> SourceLesson:
    import hashlib

    import nbformat

    path = root / "solutions" / name / f"{name}.ipynb"
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    key = (str(path), digest)
    if key in _LESSON_CACHE:
        return _LESSON_CACHE[key]
    nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
    les = SourceLesson(name, path, list(nb.cells), digest=digest)
    for cell in nb.cells:
        m = _meta(cell)
        gid = m.get("grade_id")
        if not gid:
            continue
        if _is_answer(cell):
            les.answers[gid] = _src(cell)
            les.stubs[gid] = stub_answer(_src(cell))
        elif _is_manual(cell):
            les.manual[gid] = float(m.get("points", 0) or 0)
    for cell in nb.cells:
        m = _meta(cell)
        gid = m.get("grade_id")
        if gid and _is_test(cell):
            les.tests[gid] = _src(cell)
            les.released_tests[gid] = strip_hidden(_src(cell))
            # a copy released from this source, or from the committed lessons/ (which may lag),
            # or the source cell itself (a solution notebook checked as it is)
            les.accepted_tests[gid] = {_normalise(les.released_tests[gid]),
                                       _normalise(les.tests[gid])}
            les.points[gid] = float(m.get("points", 0) or 0)
            les.owner[gid] = owner_of_test(gid, les.answers)
    # the committed release is the authority for what students received, when it exists
    released = root / "lessons" / name / f"{name}.ipynb"
    if released.exists():
        try:
            rel_nb = nbformat.read(str(released), as_version=4)
            for cell in rel_nb.cells:
                gid = _meta(cell).get("grade_id")
                if gid in les.tests and cell.get("cell_type") == "code":
                    les.released_tests[gid] = _src(cell)
                    les.accepted_tests.setdefault(gid, set()).add(_normalise(_src(cell)))
                elif gid in les.answers and cell.get("cell_type") == "code":
                    les.stubs[gid] = _src(cell)
        except Exception:
            pass
    _LESSON_CACHE[key] = les
    return les


def source_lessons(root: Path) -> dict:
    sol = root / "solutions"
    if not sol.is_dir():
        return {}
    out = {}
    for d in sorted(sol.iterdir()):
        if d.is_dir() and (d / f"{d.name}.ipynb").exists():
            try:
                out[d.name] = load_lesson(root, d.name)
            except Exception:
                continue
    return out


# --------------------------------------------------------------------------------------------
# Reading a submission
# --------------------------------------------------------------------------------------------
class NotGradeable(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status, self.message = status, message


def read_submission(path: Path) -> list:
    """The submission's cells (dicts); NotGradeable('invalid_notebook') when it is not one."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise NotGradeable("invalid_notebook", f"cannot read the file ({exc.strerror})") from exc
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotGradeable("invalid_notebook",
                           f"the file is not a Jupyter notebook: it is not valid JSON ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise NotGradeable("invalid_notebook",
                           "the file is JSON but not a Jupyter notebook (it has no list of cells)")
    cells = []
    for c in data["cells"]:
        if not isinstance(c, dict) or c.get("cell_type") not in ("code", "markdown", "raw"):
            continue
        src = c.get("source", "")
        if isinstance(src, list):
            src = "".join(s for s in src if isinstance(s, str))
        elif not isinstance(src, str):
            src = ""
        meta = c.get("metadata") if isinstance(c.get("metadata"), dict) else {}
        cells.append({"cell_type": c["cell_type"], "source": src, "metadata": meta})
    if not cells:
        raise NotGradeable("invalid_notebook", "the notebook has no cells")
    return cells


def recognise(cells: list, lessons: dict) -> tuple:
    """(lesson name or None, how): by answer grade_ids, else by ``def``/``class`` names."""
    ids = {_meta(c).get("grade_id") for c in cells} - {None}
    scores = {name: len(ids & set(les.answers)) for name, les in lessons.items()}
    how = "grade_ids"
    if not scores or max(scores.values()) == 0:
        names = set()
        for c in cells:
            if c["cell_type"] == "code":
                names.update(_defined_names(_src(c)))
        scores = {name: len(names & set(les.answers)) for name, les in lessons.items()}
        how = "def/class names"
    if not scores or max(scores.values()) == 0:
        return None, "no answer cell or function of any lesson was found"
    best = max(scores.values())
    winners = sorted(n for n, s in scores.items() if s == best)
    if len(winners) > 1:
        return None, (f"the notebook matches several lessons equally ({', '.join(winners)}, by "
                      f"{how})")
    return winners[0], how


def _student_answers(cells: list, les: SourceLesson) -> dict:
    """grade_id -> the student's answer source (last cell carrying that grade_id; without
    metadata, the last code cell defining that name at top level)."""
    found = {}
    for c in cells:
        gid = _meta(c).get("grade_id")
        if gid in les.answers and c["cell_type"] == "code":
            found[gid] = _src(c)
    for gid in les.answers:
        if gid in found:
            continue
        for c in cells:
            if c["cell_type"] != "code" or _meta(c).get("grade_id") in les.tests:
                continue
            if gid in _defined_names(_src(c)) and not any(
                    _normalise(_src(c)) in want for want in les.accepted_tests.values()):
                found[gid] = _src(c)
    return found


def _tampered_tests(cells: list, les: SourceLesson) -> set:
    """Test ids whose submitted copy is missing, duplicated, not code, or edited."""
    tampered = set()
    has_meta = any(_meta(c).get("grade_id") for c in cells)
    for tid in les.released_tests:
        want = les.accepted_tests[tid]
        copies = [c for c in cells if _meta(c).get("grade_id") == tid]
        if not copies and not has_meta:
            copies = [c for c in cells if _normalise(_src(c)) in want]
        if len(copies) != 1:
            tampered.add(tid)
            continue
        c = copies[0]
        if c["cell_type"] != "code" or _normalise(_src(c)) not in want:
            tampered.add(tid)
    return tampered


# --------------------------------------------------------------------------------------------
# Handing back nn_lib's implementation
# --------------------------------------------------------------------------------------------
def _nn_lib_import_nodes(sources):
    """Every ``import nn_lib...`` and ``from nn_lib... import ...`` statement in ``sources``."""
    for src in sources:
        try:
            tree = ast.parse(src)
        except (SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "nn_lib":
                yield node
            elif isinstance(node, ast.Import) and any(
                    a.name == "nn_lib" or a.name.startswith("nn_lib.") for a in node.names):
                yield node


def _nn_lib_submodules() -> set:
    """The names of nn_lib's modules (``layers``, ``losses``, ...), read from the package."""
    import importlib.util
    import pkgutil

    spec = importlib.util.find_spec("nn_lib")
    return {m.name for m in pkgutil.iter_modules(spec.submodule_search_locations or [])}


def _nn_lib_aliases(sources) -> set:
    """Names bound to nn_lib or one of its modules by imports in ``sources``."""
    aliases = {"nn_lib"}
    submodules = _nn_lib_submodules()
    for node in _nn_lib_import_nodes(sources):
        for a in node.names:
            if isinstance(node, ast.Import):
                if a.name == "nn_lib" or a.name.startswith("nn_lib."):
                    aliases.add(a.asname or a.name.split(".")[0])
            elif a.name in submodules:   # ``from nn_lib import layers`` binds a module
                aliases.add(a.asname or a.name)
    return aliases


def _root_name(node):
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def hands_back_reference(answer_src: str, name: str, context_sources=()) -> bool:
    """True when the answer cell for ``name`` uses nn_lib's own ``name`` (imported, assigned,
    wrapped, subclassed or fetched with getattr). Using other nn_lib functions is fine."""
    try:
        tree = ast.parse(answer_src)
    except (SyntaxError, ValueError):
        return False
    aliases = _nn_lib_aliases([*context_sources, answer_src])
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "nn_lib":
            if any(a.name in (name, "*") for a in node.names):
                return True
        elif isinstance(node, ast.Import):
            if any(a.name.split(".")[-1] == name and a.name.startswith("nn_lib") for a in node.names):
                return True
        elif isinstance(node, ast.Attribute) and node.attr == name:
            if _root_name(node) in aliases:
                return True
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr":
            args = node.args
            if (len(args) >= 2 and isinstance(args[1], ast.Constant) and args[1].value == name
                    and _root_name(args[0]) in aliases):
                return True
        elif isinstance(node, ast.Constant) and node.value == f"nn_lib.{name}":
            return True
    return False


def _names_imported_from_nn_lib(sources) -> set:
    """Names that ``from nn_lib... import NAME`` binds in ``sources`` (the lesson's own cells)."""
    return {a.asname or a.name for node in _nn_lib_import_nodes(sources)
            if isinstance(node, ast.ImportFrom) for a in node.names}


def _runtime_reference_expr(name: str) -> str:
    """A user expression: is the kernel's ``name`` nn_lib's own object (or a partial of it)?"""
    return (f"(lambda f: (getattr(f, '__module__', None) or getattr(getattr(f, 'func', None), "
            f"'__module__', None) or '').split('.')[0] == 'nn_lib')(globals().get({name!r}))")


# --------------------------------------------------------------------------------------------
# Running one submission
# --------------------------------------------------------------------------------------------
def _verdict(result, answer_counts, les_name, func, timeout, memory_limit):
    """(status, message) for one test cell run."""
    from autograder.checks import recheck

    if result.status == "crashed":
        gib = (memory_limit or 0) / 1024 ** 3
        return "crashed", (f"The kernel crashed while {func} was being tested (os._exit, a "
                           f"segfault, sys.exit in a subprocess, or more than {gib:g} GiB of memory); "
                           "the tests after it ran in a fresh kernel.")
    if result.status == "timeout":
        return "timeout", (f"{func}'s tests did not finish within {timeout:g} s and were stopped "
                           "(an infinite loop, or far too slow?).")
    if result.too_many_records:
        return "failed", (f"The tests of {func} received more check results than any test makes; "
                          "they count as failed.")
    failing = None
    for record in result.records:
        if not isinstance(record, dict):
            failing = "a check record could not be read"
            break
        try:
            ok, message = recheck(record)
        except Exception as exc:  # never trust a record
            ok, message = False, f"a check record could not be read ({type(exc).__name__})"
        if not ok:
            failing = message or "a check failed"
            break
    if failing is not None:
        return "failed", failing
    if result.status == "error":
        head = f"{result.ename}: {result.evalue}".strip().rstrip(":")
        frames = fb.student_traceback(result.traceback, answer_counts)
        if frames:
            head += "\n" + "\n".join(frames)
        return "error", head
    if not result.records:
        return "failed", (f"The tests of {func} made no check (the test cell did not run its "
                          "checks to the end); it counts as failed.")
    return "passed", ""


def _entry(student, lesson, file, status, message, exercises=None, les=None):
    exercises = exercises or []
    auto = [e for e in exercises if e["status"] != "manual" or e["score"] is not None]
    score = round(sum(e["score"] or 0 for e in auto), 2) if status == "graded" else None
    max_score = round(sum(e["max_score"] or 0 for e in auto), 2) if status == "graded" else None
    if status != "graded" and les is not None:
        max_score = round(sum(les.points.values()), 2)
    manual_max = round(sum(e.get("manual_max_score") or 0 for e in exercises
                           if e["status"] == "manual" and e["score"] is None), 2)
    out = {"student": student, "lesson": lesson, "file": file, "status": status,
           "message": message, "score": score, "max_score": max_score,
           "exercises": exercises}
    if manual_max:
        out["manual_max_score"] = manual_max
    return out


def grade_cells(cells: list, les: SourceLesson, *, timeout=30.0, budget=None,
                memory_limit=sandbox.DEFAULT_MEMORY_LIMIT, hidden=(), kernel_env=None,
                kernel_python=None, use_sandbox=True, work_root=None, manual_scores=None) -> list:
    """Run the lesson's source notebook with the student's answers; returns the exercise list.
    Raises KernelEnvironmentError when the kernel cannot work at all."""
    budget = default_budget(timeout) if budget is None else budget
    answers = _student_answers(cells, les)
    tampered = _tampered_tests(cells, les)
    context = [_src(c) for c in les.cells
               if c.get("cell_type") == "code" and not _is_answer(c) and not _is_test(c)]
    cheats = {gid for gid, src in answers.items() if hands_back_reference(src, gid, context)}
    lesson_binds = _names_imported_from_nn_lib(context)

    # per exercise: list of (test id, status, message)
    verdicts = {gid: [] for gid in les.answers}
    answer_problem = {}   # gid -> (status, message) when the answer cell itself crashed / timed out
    answer_error = {}     # gid -> message when the answer cell raised
    answer_counts = {}    # execution count -> answer grade_id
    replay = []           # (kind, gid, source) of earlier non-test cells to replay after a restart
    restarts = 0
    secrets = fb.secret_lines(les.tests.values())
    start = time.monotonic()

    session = KernelSession(hidden=hidden, memory_limit=memory_limit, env=kernel_env,
                            python=kernel_python, use_sandbox=use_sandbox, work_root=work_root)
    try:
        session.start()   # raises KernelEnvironmentError

        def recover():
            """Restart after a crash / kill, replaying the earlier non-test cells."""
            nonlocal restarts
            while True:
                restarts += 1
                if restarts > MAX_RESTARTS:
                    return False
                try:
                    session.restart()
                except KernelEnvironmentError:
                    return False
                ok = True
                for kind, gid, src in list(replay):
                    left = budget - (time.monotonic() - start)
                    if left <= 0:
                        return False
                    session.reset(LIGHT_RESET_CODE, timeout=min(timeout, left))
                    r = session.execute(src, timeout=min(timeout, left))
                    if kind == "answer" and r.execution_count is not None:
                        answer_counts[r.execution_count] = gid
                    if r.status in ("crashed", "timeout"):
                        replay.remove((kind, gid, src))
                        if not session.alive():
                            ok = False
                            break
                if ok:
                    return True

        dead = False
        for cell in les.cells:
            if cell.get("cell_type") != "code":
                continue
            meta = _meta(cell)
            gid = meta.get("grade_id")
            left = budget - (time.monotonic() - start)
            if _is_test(cell) and gid in les.tests:
                func = les.owner.get(gid)
                if func is None:
                    continue
                if func in cheats or func in answer_problem:
                    continue
                earlier = [v for v in verdicts[func] if v[1] in ("timeout", "crashed")]
                if earlier:   # the exercise is already charged; do not pay the time again
                    verdicts[func].append((gid, earlier[0][1], earlier[0][2]))
                    continue
                if dead or left <= 0:
                    verdicts[func].append((gid, "timeout", "The submission used up its overall time "
                                           "budget before these tests could run."))
                    continue
                reset = session.reset(RESET_CODE, timeout=min(timeout, left))
                if reset.status in ("timeout", "crashed") or not session.alive():
                    session.kill()
                    dead = not recover()
                    if dead:
                        verdicts[func].append((gid, "crashed", "The kernel could not be restarted."))
                        continue
                    reset = session.reset(RESET_CODE, timeout=min(timeout, left))
                if reset.status != "ok":
                    verdicts[func].append((gid, "failed", (
                        "The kernel was changed by the submission so that the grader could not "
                        "prepare it for the tests; the tests count as failed.")))
                    continue
                if func in answers and func not in lesson_binds:
                    probe = session.execute("", timeout=min(timeout, 10), store_history=False,
                                            silent=True, user_expressions={
                                                "ref": _runtime_reference_expr(func)})
                    got = probe.user_expressions.get("ref", {})
                    if got.get("data", {}).get("text/plain") == "True":
                        cheats.add(func)
                        continue
                left = budget - (time.monotonic() - start)
                r = session.execute(les.tests[gid], timeout=min(timeout, max(left, 0.1)))
                status, message = _verdict(r, answer_counts, les.name, func, timeout, memory_limit)
                if status == "timeout" and left < timeout:
                    message = "The submission used up its overall time budget during these tests."
                if status != "passed" and func in answer_error and status in ("error", "failed"):
                    message = answer_error[func] + ("\n" + message if message else "")
                verdicts[func].append((gid, status, fb.redact(message, secrets)[:FEEDBACK_CAP]))
                if not session.alive():
                    dead = not recover()
                continue
            if dead or left <= 0:
                if _is_answer(cell) and gid in les.answers:
                    answer_problem.setdefault(gid, ("timeout", "The submission used up its overall "
                                                    "time budget before this answer could run."))
                continue
            session.reset(LIGHT_RESET_CODE, timeout=min(timeout, left))
            if not session.alive():
                dead = not recover()
                if dead:
                    continue
            if _is_answer(cell) and gid in les.answers:
                src = answers.get(gid, les.stubs[gid])
                r = session.execute(src, timeout=min(timeout, left))
                if r.execution_count is not None:
                    answer_counts[r.execution_count] = gid
                if r.status in ("crashed", "timeout"):
                    what = ("crashed the kernel" if r.status == "crashed" else
                            f"did not finish within {timeout:g} s")
                    answer_problem[gid] = (r.status, f"Running your answer cell `{gid}` {what}; "
                                           "its tests were not run.")
                elif r.status == "error" and gid in answers:
                    frames = fb.student_traceback(r.traceback, answer_counts)
                    answer_error[gid] = fb.redact(
                        f"Your answer cell `{gid}` raised {r.ename}: {r.evalue}"
                        + ("\n" + "\n".join(frames) if frames else ""), secrets)
                    replay.append(("answer", gid, src))
                else:
                    replay.append(("answer", gid, src))
            else:
                src = _src(cell)
                r = session.execute(src, timeout=min(timeout, left))
                if r.status not in ("crashed", "timeout"):
                    replay.append(("code", None, src))
            if not session.alive():
                dead = not recover()
    finally:
        session.shutdown()

    exercises = []
    manual_scores = manual_scores or {}
    for gid in les.exercises:
        if gid in les.manual:
            got = manual_scores.get(gid)
            exercises.append({"grade_id": gid, "score": got, "max_score": les.manual[gid] if got is not None else None,
                              "manual_max_score": les.manual[gid], "status": "manual",
                              "feedback": "" if got is not None else "Graded by hand.",
                              "tampered": False})
            continue
        tids = [t for t, o in les.owner.items() if o == gid]
        max_score = round(sum(les.points[t] for t in tids), 2)
        ex = {"grade_id": gid, "score": 0.0, "max_score": max_score, "status": "failed",
              "feedback": "", "tampered": any(t in tampered for t in tids), "_tests": tids}
        if gid in cheats:
            ex["feedback"] = (f"`{gid}` hands back nn_lib's own implementation instead of "
                              "computing the result itself; write the function yourself (using "
                              "nn_lib's other building blocks is fine). No points for this exercise.")
        elif gid not in answers:
            ex["status"] = "missing"
            ex["feedback"] = (f"No answer cell for `{gid}` was found in the submission "
                              "(the cell is missing or no longer defines the function).")
        elif gid in answer_problem:
            ex["status"], ex["feedback"] = answer_problem[gid]
        else:
            vs = verdicts.get(gid, [])
            score = sum(les.points[t] for t, s, _ in vs if s == "passed")
            ex["_cells"] = {t: (les.points[t] if s == "passed" else 0.0) for t, s, _ in vs}
            if vs:
                ex["status"] = max((s for _, s, _ in vs), key=STATUS_RANK.get)
            ex["score"] = round(score, 2)
            msgs = [m for _, s, m in vs if s != "passed" and m]
            ex["feedback"] = msgs[0] if msgs else ""
        if ex["tampered"]:
            note = ("A test cell of this exercise was changed, moved, copied or deleted in the "
                    "submission; the original tests were used.")
            ex["feedback"] = (ex["feedback"] + "\n" + note).strip()
        exercises.append(ex)
    # manual answers whose scores someone entered keep score
    return exercises


def grade_notebook(path, timeout=30, *, course_root=None, lesson_hint=None, student=None,
                   file=None, budget=None, memory_limit=sandbox.DEFAULT_MEMORY_LIMIT,
                   hidden=None, kernel_env=None, kernel_python=None, use_sandbox=True,
                   work_root=None, manual_scores=None) -> dict:
    """Grade one notebook; returns its results.json submission entry.

    Raises KernelEnvironmentError when the kernel cannot import the course's packages."""
    root = _course_root(course_root)
    path = Path(path)
    student = student or path.stem.split("_", 1)[0]
    file = file or path.name
    lessons = source_lessons(root)
    try:
        cells = read_submission(path)
    except NotGradeable as exc:
        return _entry(student, lesson_hint, file, exc.status, exc.message)
    lesson, how = recognise(cells, lessons)
    if lesson is None:
        return _entry(student, lesson_hint, file, "unknown_lesson",
                      f"Cannot tell which lesson this notebook is: {how}.")
    message = ""
    if lesson_hint and lesson_hint != lesson:
        message = (f"Graded as {lesson} because of its content ({how}), although its folder or "
                   f"file name says {lesson_hint}.")
    les = lessons[lesson]
    if hidden is None:
        hidden = [root / "solutions", root / ".git"]
    exercises = grade_cells(cells, les, timeout=timeout, budget=budget, memory_limit=memory_limit,
                            hidden=hidden, kernel_env=kernel_env, kernel_python=kernel_python,
                            use_sandbox=use_sandbox, work_root=work_root,
                            manual_scores=(manual_scores or {}).get(lesson) if manual_scores else None)
    return _entry(student, lesson, file, "graded", message, exercises, les)


# --------------------------------------------------------------------------------------------
# course check
# --------------------------------------------------------------------------------------------
def _fmt(x):
    if x is None:
        return "-"
    return f"{x:.2f}".rstrip("0").rstrip(".")


def format_entry(entry: dict) -> str:
    lines = []
    head = f"{entry.get('lesson') or '?'}: {entry['file']}"
    lines.append(head)
    if entry.get("message"):
        lines.append(f"  note: {entry['message']}")
    if entry["status"] != "graded":
        lines.append(f"  not graded ({entry['status']})")
        return "\n".join(lines)
    width = max([len(e["grade_id"]) for e in entry["exercises"]] + [8])
    for ex in entry["exercises"]:
        max_s = ex["max_score"] if ex["max_score"] is not None else ex.get("manual_max_score")
        score = f"{_fmt(ex['score'])}/{_fmt(max_s)}"
        flag = "  (test cells changed; originals used)" if ex.get("tampered") else ""
        lines.append(f"  {ex['grade_id']:<{width}}  {score:>9}  {ex['status']}{flag}")
        if ex["status"] not in ("passed",) and ex.get("feedback"):
            for fl in ex["feedback"].splitlines():
                lines.append(f"      {fl}")
    total = f"Total: {_fmt(entry['score'])} / {_fmt(entry['max_score'])}"
    if entry.get("manual_max_score"):
        total += f" (+ {_fmt(entry['manual_max_score'])} graded by hand)"
    lines.append(total)
    return "\n".join(lines)


def check_notebook(path, timeout=30, as_json=False, *, course_root=None, **kwargs) -> int:
    """``course check NOTEBOOK``: grade one notebook with the full test set and print the
    result. Never modifies the notebook. Exit code: 0 graded, 1 not gradeable, 2 usage (or a
    copy of the course without solutions/, i.e. without the hidden tests)."""
    path = Path(path)
    if not path.is_file():
        print(f"course check: no such notebook: {path}", file=sys.stderr)
        return 2
    root = _course_root(course_root)
    if not source_lessons(root):
        print(f"course check: the hidden tests (solutions/) are not in this copy of the course "
              f"({root}), so `course check` cannot grade here. Only the visible tests can be run: "
              f"open the notebook in Jupyter and run all its cells. Self-paced learners: use the "
              f"full repository (with solutions/) and run `course check` there; students of a "
              f"class: your instructor grades the hidden tests.", file=sys.stderr)
        return 2
    warn = sandbox.warning_text() if kwargs.get("use_sandbox", True) else None
    if warn:
        print(warn, file=sys.stderr)
    try:
        entry = grade_notebook(path, timeout=timeout, course_root=course_root, **kwargs)
    except KernelEnvironmentError as exc:
        print(f"course check: {exc}", file=sys.stderr)
        return 1
    if as_json:   # exactly the results.json entry
        print(json.dumps(_public(entry), indent=2))
    else:
        print(format_entry(entry))
    return 0 if entry["status"] == "graded" else 1


# --------------------------------------------------------------------------------------------
# course grade
# --------------------------------------------------------------------------------------------
STATE_FILE = ".grading-state.json"
ENGINE_VERSION = "1"


def _num(x) -> str:
    if x is None:
        return ""
    return f"{round(float(x), 2):.2f}".rstrip("0").rstrip(".")


def _atomic_write(path: Path, text: str):
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _public(entry: dict) -> dict:
    """The results.json form of an entry (internal keys dropped)."""
    out = {k: v for k, v in entry.items() if not k.startswith("_")}
    out["exercises"] = [{k: v for k, v in ex.items() if not k.startswith("_")}
                        for ex in entry.get("exercises", [])]
    return out


def _totals(entry: dict):
    if entry["status"] != "graded":
        return
    counted = [e for e in entry["exercises"] if e["score"] is not None]
    entry["score"] = round(sum(e["score"] for e in counted), 2)
    entry["max_score"] = round(sum(e["max_score"] or 0 for e in counted), 2)
    manual = round(sum(e.get("manual_max_score") or 0 for e in entry["exercises"]
                       if e["status"] == "manual" and e["score"] is None), 2)
    if manual:
        entry["manual_max_score"] = manual
    else:
        entry.pop("manual_max_score", None)


class _Progress:
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
        if self.tty:
            self.stream.write("\r" + line + ("\n" if self.done == self.total else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def _fast_alembic_head(api):
    """nbgrader asks a subprocess (``alembic heads``, found on PATH) for the schema's head
    revision each time a Gradebook opens; read it in-process instead (same answer, no PATH
    dependence, seconds faster)."""
    if getattr(api.get_alembic_version, "_course_fast", False):
        return
    try:
        from alembic.config import Config as AlembicConfig
        from alembic.script import ScriptDirectory

        with api._temp_alembic_ini("sqlite:////tmp/gradebook.db") as ini:
            head = ScriptDirectory.from_config(AlembicConfig(ini)).get_current_head()
    except Exception:
        bindir = str(Path(sys.executable).parent)   # fall back to the command, beside us
        if bindir not in os.environ.get("PATH", "").split(os.pathsep):
            os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")
        return

    def get_alembic_version():
        return head
    get_alembic_version._course_fast = True
    api.get_alembic_version = get_alembic_version


class _GradebookWriter:
    """The one writer of nbgrader's gradebook (main process only)."""

    def __init__(self, db_url: str, lessons: dict):
        from nbgrader import api

        _fast_alembic_head(api)
        import warnings
        warnings.filterwarnings("ignore", module=r"nbgrader\.api")
        warnings.filterwarnings("ignore", message=r".*not in session.*")
        self.gb = api.Gradebook(db_url)
        self.lessons = lessons
        self.ready = set()

    def _ensure_lesson(self, les: SourceLesson):
        if les.name in self.ready:
            return
        gb = self.gb
        gb.update_or_create_assignment(les.name)
        gb.update_or_create_notebook(les.name, les.name)
        for tid, pts in les.points.items():
            gb.update_or_create_grade_cell(tid, les.name, les.name, max_score=pts, cell_type="code")
        for gid, pts in les.manual.items():
            gb.update_or_create_grade_cell(gid, les.name, les.name, max_score=pts,
                                           cell_type="markdown")
            gb.update_or_create_solution_cell(gid, les.name, les.name)
        for gid in les.answers:
            gb.update_or_create_solution_cell(gid, les.name, les.name)
        self.ready.add(les.name)

    def record(self, entry: dict):
        from nbgrader.api import MissingEntry
        les = self.lessons.get(entry.get("lesson"))
        if entry["status"] != "graded" or les is None:
            return
        self._ensure_lesson(les)
        gb = self.gb
        gb.update_or_create_student(entry["student"])
        try:
            gb.find_submission(les.name, entry["student"])
        except MissingEntry:
            gb.add_submission(les.name, entry["student"])
        for ex in entry["exercises"]:
            cells = ex.get("_cells", {})
            tids = [t for t, o in les.owner.items() if o == ex["grade_id"]]
            for tid in tids:
                try:
                    grade = gb.find_grade(tid, les.name, les.name, entry["student"])
                except MissingEntry:
                    continue
                grade.auto_score = float(cells.get(tid, 0.0))
                grade.needs_manual_grade = False
        for gid in les.manual:
            try:
                grade = gb.find_grade(gid, les.name, les.name, entry["student"])
            except MissingEntry:
                continue
            grade.needs_manual_grade = grade.manual_score is None
        gb.db.commit()

    def manual_scores(self, entry: dict) -> dict:
        """{grade cell id: score} for what a person graded (or overrode) in Formgrader."""
        from nbgrader.api import MissingEntry
        les = self.lessons.get(entry.get("lesson"))
        out = {}
        if les is None or entry["status"] != "graded":
            return out
        for gid in [*les.manual, *les.points]:
            try:
                grade = self.gb.find_grade(gid, les.name, les.name, entry["student"])
            except MissingEntry:
                continue
            if grade.manual_score is not None:
                out[gid] = float(grade.manual_score)
        return out

    def close(self):
        try:
            self.gb.close()
        except Exception:
            pass


def _apply_manual(entry: dict, scores: dict):
    for ex in entry.get("exercises", []):
        if ex["status"] != "manual":
            if "_tests" in ex:   # automatic points, unless a person overrode a test cell's
                cells = ex.get("_cells", {})
                ex["score"] = round(sum(scores.get(t, cells.get(t, 0.0)) for t in ex["_tests"]), 2)
            continue
        got = scores.get(ex["grade_id"])
        ex["score"] = got
        ex["max_score"] = ex["manual_max_score"] if got is not None else None
        ex["feedback"] = "" if got is not None else "Graded by hand."
    _totals(entry)


def _unwrap_single_folder(base: Path, lessons) -> Path:
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


def _write_outputs(out: Path, entries: dict, lessons: dict, pages_for=None):
    """results.json, grades.csv and the feedback pages (all of them, or only ``pages_for``)."""
    ordered = sorted(entries.values(), key=lambda e: (e["student"], e.get("lesson") or "", e["file"]))
    _atomic_write(out / "results.json",
                  json.dumps({"submissions": [_public(e) for e in ordered]}, indent=2))
    columns = [gid for les in lessons.values() for gid in les.exercises]
    import csv
    import io
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["student", "lesson", "score", "max_score", *columns])
    for e in ordered:
        by_id = {ex["grade_id"]: ex for ex in e.get("exercises", [])}
        w.writerow([e["student"], e.get("lesson") or "", _num(e.get("score")), _num(e.get("max_score")),
                    *[_num(by_id[c]["score"]) if c in by_id else "" for c in columns]])
    _atomic_write(out / "grades.csv", buf.getvalue())
    fb_root = out / "feedback"
    for e in (ordered if pages_for is None else pages_for):
        if e["status"] != "graded":
            continue
        page = fb_root / _safe_name(e["student"]) / f"{_safe_name(e['lesson'])}.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(page, fb.render_html(_public(e)))


def autograded_notebook(cells: list, les: SourceLesson) -> dict:
    """The notebook that was graded, for nbgrader's Formgrader (``DIR/autograded/STUDENT/
    LESSON/LESSON.ipynb``): the source notebook's cells (hidden tests included: the folder is
    the instructor's) with the student's answers and written answers put in."""
    import copy

    answers = _student_answers(cells, les)
    written = {}
    for c in cells:
        gid = _meta(c).get("grade_id")
        if gid in les.manual:
            written[gid] = _src(c)
    out = []
    for cell in les.cells:
        cell = copy.deepcopy(dict(cell))
        gid = _meta(cell).get("grade_id")
        if gid in les.answers:
            cell["source"] = answers.get(gid, les.stubs[gid])
        elif gid in les.manual:
            cell["source"] = written.get(gid, "(no answer found in the submission)")
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
        out.append(cell)
    return {"cells": out, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                      "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def _safe_name(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._@+-]", "_", str(name)).lstrip(".")
    return cleaned or "_"


def probe_environment(**session_kwargs):
    """Start one kernel and stop it: raises KernelEnvironmentError when grading cannot work."""
    session = KernelSession(**session_kwargs)
    try:
        session.start()
    finally:
        session.shutdown()


def grade_class(submissions, out_dir, workers=None, timeout=30, db_url=None, student=None,
                force=False, *, course_root=None, budget=None,
                memory_limit=sandbox.DEFAULT_MEMORY_LIMIT, kernel_env=None, kernel_python=None,
                use_sandbox=True, stream=None) -> int:
    """``course grade SUBMISSIONS --out DIR``; returns the exit code (0 done, 1 environment
    problem, 2 usage error). See COURSE_SPEC §6 and §8."""
    import concurrent.futures as cf
    import hashlib
    import shutil
    import tempfile

    from autograder import submissions as subs

    stream = stream or sys.stdout
    root = _course_root(course_root)
    sub_path = Path(submissions)
    if not sub_path.exists():
        print(f"course grade: no such file or folder: {sub_path}", file=sys.stderr)
        return 2
    if sub_path.is_file() and sub_path.suffix.lower() != ".zip":
        print(f"course grade: {sub_path} is neither a folder nor a .zip file", file=sys.stderr)
        return 2
    lessons = source_lessons(root)
    if not lessons:
        print(f"course grade: no lessons found in {root / 'solutions'}", file=sys.stderr)
        return 2
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    work = out / ".work"
    work.mkdir(exist_ok=True)
    db_url = db_url or f"sqlite:///{out / 'gradebook.db'}"
    workers = max(1, int(workers or os.cpu_count() or 1))

    warn = sandbox.warning_text() if use_sandbox else None
    if warn:
        print(warn, file=sys.stderr)

    unzip_dir = None
    times = {}
    try:
        if sub_path.is_file():
            unzip_dir = Path(tempfile.mkdtemp(prefix="unzipped-", dir=work))
            try:
                times = subs.safe_unzip(sub_path, unzip_dir)
            except subs.SubmissionsError as exc:
                print(f"course grade: {exc}", file=sys.stderr)
                return 2
            skipped = times.pop("__skipped__", [])
            if skipped:
                print(f"note: skipped unsafe zip entries: {', '.join(skipped)}", file=stream)
            base = _unwrap_single_folder(unzip_dir, lessons)
            if base != unzip_dir:
                prefix = base.relative_to(unzip_dir).as_posix() + "/"
                times = {k[len(prefix):]: v for k, v in times.items() if k.startswith(prefix)}
        else:
            base = sub_path.resolve()
        cands = subs.discover(base, times, list(lessons), exclude=[out])
        if student is not None:
            cands = [c for c in cands if c.student == student]
            if not cands:
                print(f"course grade: no submission for student {student!r} in {sub_path}",
                      file=sys.stderr)
                return 2

        # classify every candidate (cheap, in this process), then group by student and lesson
        plan = {}      # key -> list of (candidate, cells or None, lesson, message/problem)
        entries_now = {}
        for c in cands:
            if c.problem == "no_notebook":
                key = (c.student, "", c.rel)
                entries_now[key] = _entry(c.student, "", c.rel, "no_notebook",
                                          "The student's folder holds no notebook (.ipynb).")
                continue
            try:
                cells = read_submission(c.path)
            except NotGradeable as exc:
                key = (c.student, c.folder_lesson or "", c.rel)
                entries_now[key] = _entry(c.student, c.folder_lesson or "", c.rel, exc.status,
                                          exc.message)
                continue
            lesson, how = recognise(cells, lessons)
            if lesson is None:
                key = (c.student, c.folder_lesson or "", c.rel)
                entries_now[key] = _entry(c.student, c.folder_lesson or "", c.rel,
                                          "unknown_lesson",
                                          f"Cannot tell which lesson this notebook is: {how}.")
                continue
            note = ""
            if c.folder_lesson and c.folder_lesson != lesson:
                note = (f"Graded as {lesson} because of its content ({how}), although its folder "
                        f"or file name says {c.folder_lesson}.")
            plan.setdefault((c.student, lesson), []).append((c, cells, note))

        extra_notes = {}
        for key in [k for k in entries_now if (k[0], k[1]) in plan]:
            e = entries_now.pop(key)
            extra_notes.setdefault((key[0], key[1]), []).append(
                f"{e['file']} was not graded ({e['status']}: {e['message']})")
        jobs = []
        for (stu, lesson), group in plan.items():
            group.sort(key=lambda g: (g[0].time, g[0].rel), reverse=True)
            c, cells, note = group[0]
            if len(group) > 1:
                others = ", ".join(g[0].rel for g in group[1:])
                note = (note + " " if note else "") + (f"Several notebooks for this lesson: graded "
                                                       f"the newest, {c.rel}; not graded: {others}.")
            if extra_notes.get((stu, lesson)):
                note = (note + " " if note else "") + " ".join(extra_notes[(stu, lesson)])
            digest = hashlib.sha256(c.path.read_bytes() + lessons[lesson].digest.encode()
                                    + f"|{ENGINE_VERSION}|{timeout}".encode()).hexdigest()
            jobs.append(((stu, lesson, ""), c, cells, note, digest))

        state_path = out / STATE_FILE
        try:
            state = json.loads(state_path.read_text()) if state_path.exists() else {}
        except (OSError, json.JSONDecodeError):
            state = {}
        # DIR is one gradebook: every (student, lesson) graded into it before stays, unless
        # this run grades or records that student and lesson (or that very file) again
        covered = {(k[0][0], k[0][1]) for k in jobs} | {(k[0], k[1]) for k in entries_now if k[1]}
        files = {(c.student, c.rel) for c in cands}
        entries = {}
        for k, v in state.items():
            old = v.get("entry") if isinstance(v, dict) else None
            if not isinstance(old, dict) or "student" not in old:
                continue
            if ((old["student"], old.get("lesson") or "") in covered
                    or (old["student"], old.get("file")) in files):
                continue
            entries[tuple(json.loads(k))] = old
        entries.update(entries_now)

        to_run = []
        for key, c, cells, note, digest in jobs:
            old = state.get(json.dumps(list(key)))
            if not force and old and old.get("hash") == digest and old.get("entry", {}).get(
                    "file") == c.rel:
                entries[key] = old["entry"]
            else:
                to_run.append((key, c, cells, note, digest))
        to_run.sort(key=lambda j: j[0])

        writer = _GradebookWriter(db_url, lessons)
        hidden = [root / "solutions", root / ".git", out, sub_path.resolve(), base]
        if db_url.startswith("sqlite:///"):
            hidden.append(Path(db_url[len("sqlite:///"):]))

        def finish(new_entry=None):
            """Save everything so far (after each submission: an interrupted run loses nothing)."""
            for e in (entries.values() if new_entry is None else [new_entry]):
                _apply_manual(e, writer.manual_scores(e))
            new_state = {json.dumps(list(k)): {"hash": e.get("_hash"), "entry": e}
                         for k, e in entries.items()}
            _atomic_write(state_path, json.dumps(new_state))
            _write_outputs(out, entries, lessons, None if new_entry is None else [new_entry])

        session_kwargs = dict(hidden=hidden, memory_limit=memory_limit, env=kernel_env,
                              python=kernel_python, use_sandbox=use_sandbox, work_root=work)
        if to_run:
            try:
                probe_environment(**session_kwargs)
            except KernelEnvironmentError as exc:
                print(f"course grade: stopped before grading anyone: {exc}", file=sys.stderr)
                print(f"course grade: stopped: {exc}", file=stream)
                writer.close()
                return 1
        print(f"{len(to_run)} submission(s) to grade, {len(jobs) - len(to_run)} unchanged "
              f"(skipped; --force regrades), {len(entries_now)} recorded with a reason; "
              f"{workers} worker(s)", file=stream)

        def run_one(job):
            key, c, cells, note, digest = job
            exercises = grade_cells(cells, lessons[key[1]], timeout=timeout, budget=budget,
                                    memory_limit=memory_limit, hidden=hidden,
                                    kernel_env=kernel_env, kernel_python=kernel_python,
                                    use_sandbox=use_sandbox, work_root=work)
            e = _entry(key[0], key[1], c.rel, "graded", note, exercises, lessons[key[1]])
            e["_hash"] = digest
            return e

        progress = _Progress(len(to_run), stream)
        pool = cf.ThreadPoolExecutor(max_workers=workers)
        try:
            futures = {pool.submit(run_one, job): job for job in to_run}
            for fut in cf.as_completed(futures):
                key = futures[fut][0]
                try:
                    e = fut.result()
                except Exception as exc:  # a grader bug or a kernel that would not start
                    # (the environment itself was checked before grading anyone): this
                    # submission is retried on the next run, the others go on
                    job = futures[fut]
                    e = _entry(key[0], key[1], job[1].rel, "grader_error",
                               f"The grader failed on this submission ({type(exc).__name__}: "
                               f"{exc}); it will be retried on the next run.")
                entries[key] = e
                if e["status"] == "graded":
                    job = futures[fut]
                    nb_path = (out / "autograded" / _safe_name(key[0]) / _safe_name(key[1])
                               / f"{_safe_name(key[1])}.ipynb")
                    nb_path.parent.mkdir(parents=True, exist_ok=True)
                    _atomic_write(nb_path, json.dumps(autograded_notebook(job[2], lessons[key[1]]),
                                                      indent=1))
                writer.record(e)
                progress.update(e["status"] != "graded")
                finish(e)
        except KeyboardInterrupt:
            pool.shutdown(wait=False, cancel_futures=True)
            finish()
            writer.close()
            print("\ninterrupted: results so far are saved; run again to continue", file=stream)
            return 130
        pool.shutdown(wait=True, cancel_futures=True)
        finish()
        writer.close()
        summary = fb.item_analysis([_public(e) for e in sorted(
            entries.values(), key=lambda e: (e["student"], e.get("lesson") or ""))])
        _atomic_write(out / "summary.md", summary)
        print(summary, file=stream)
        print(f"wrote {out / 'grades.csv'}, {out / 'results.json'}, {out / 'feedback'}/, "
              f"{out / 'summary.md'}", file=stream)
        return 0
    finally:
        if unzip_dir is not None:
            shutil.rmtree(unzip_dir, ignore_errors=True)
