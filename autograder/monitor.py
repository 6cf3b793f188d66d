"""The grading kernel's integrity monitor (COURSE_SPEC §9), installed before any student code runs.

Verdicts are decided in the grader's process against its own run of the solution, and the test
cells a submission runs hold no expected values (:mod:`autograder.grading.transform`). What is
left for the kernel is to make sure that, while an exercise's tests run, **nn_lib's own
implementation of that exercise cannot answer**, however it is reached: ``from nn_lib import``,
``__import__`` with a built name, ``importlib``, ``getattr``, a reference saved earlier, a later
composite that contains it, a copied ``__code__`` or ``exec`` of nn_lib's source.

How:

- Every nn_lib function or method whose body starts with ``reference("NAME", ...)`` (see
  ``nn_lib/_reference.py``) gets, in place, a new ``__code__``: a guard that announces the names
  with ``sys.audit`` and only then runs the original code. The guard keeps everything it needs
  in its code constants (no globals, no closure cells), so patching nn_lib's modules changes
  nothing, and because the function objects themselves are changed, every reference to them
  (saved, re-exported, bound in a dict) is guarded too.
- An audit hook (it cannot be removed) hears the announcement and reads which exercise is under
  test from a *state file* the grader writes before each test cell. Under the sandbox that file
  is mounted read-only, so the student's code can read it but never change it. If the exercise
  under test is announced, the call is refused with :class:`ReferenceRefused` and a line is
  appended to the *flags file* (the grader reads it to name the delegation in the feedback).
- The hook also refuses what would let code get around the guard: creating a function from
  nn_lib's original code objects (a copied ``__code__``; the source ``exec``-ed again gives equal
  code objects), cloning them, replacing ``__code__``/``__defaults__`` of nn_lib's or the
  grader's functions, trace and profile functions (they can rewrite a running frame), more audit
  hooks, the garbage collector's object lists, and ctypes' access to the interpreter's C API or to
  raw memory addresses. A copy of nn_lib's source ``exec``-ed by the student still starts with
  its ``reference(...)`` line, so it is refused like the original.
- It vouches for check records (in a student's kernel). ``checks._check`` announces every record
  with ``sys.audit(RECORD_EVENT, [kind, label, value])``; the hook appends a keyed code
  (:func:`record_code`: the test cell's nonce, the record's position, kind, label and value)
  only when the caller is the genuine ``_check``, called by a genuine helper, called by code of
  the running test cell (the statements IPython's ``run_code`` executed since the last full
  reset), and when the modules a record is made with are as they were at start-up. The key
  comes from a file the grader writes and the monitor deletes after reading it; the grader
  recomputes the code and marks any record without it forged. A cell run from inside a test,
  a test cell's code run again, and code made to pose as a test cell are refused.
- It performs the grader's resets: the grader evaluates the string literal
  ``'course:reset:light'`` or ``'course:reset:full'`` as a user expression; compiling it reaches
  the hook, which restores IPython's input transformers and hooks (light), and the pristine numpy,
  builtins, nn_lib and checks modules and the names the notebook bound to them (full).

The monitor holds no secret: reading its code or state gives a student nothing. Where the
guarantee ends (docs/AUTHORING.md): source of nn_lib copied *and edited* to drop its
``reference(...)`` line is the student's own code as far as any guard can tell (the similarity
report shows such copies), and code that writes the interpreter's memory through ctypes could
defeat any in-process guard (ctypes' routes to the C API and to raw addresses are refused).
"""
from __future__ import annotations

import hashlib
import marshal
import os
import sys
import types

from autograder import kernel_state
from autograder.notebook import RECORD_EVENT  # audited by checks._check for every record
from autograder.guards import EVENT, functions_of, guard_code, reference_functions
RESET_LIGHT = "'course:reset:light'"
RESET_FULL = "'course:reset:full'"      # sent as 'course:reset:full:NONCE' (see reset_expression)
GUARD_ALL = "*"                 # in the state file: refuse every reference implementation

_BLOCKED_EVENTS = frozenset({
    "sys.settrace", "sys.setprofile", "sys.addaudithook", "gc.get_objects", "gc.get_referrers",
    "gc.get_referents", "ctypes.cdata", "ctypes.dlopen",
})
_HANDLED_EVENTS = _BLOCKED_EVENTS | frozenset({
    EVENT, "function.__new__", "code.__new__", "exec", "object.__setattr__", "ctypes.dlsym",
    "compile", RECORD_EVENT})


def reset_expression(level: str, nonce: str = "") -> str:
    """The user expression that makes the monitor reset (``light`` or ``full``); a full reset
    starts a test cell, and its ``nonce`` binds the cell's records to it."""
    return RESET_LIGHT if level != "full" else f"'course:reset:full:{nonce}'"


def record_code(key: bytes, nonce: str, index: int, kind, label, actual) -> str:
    """The authentication code of a check record: the grader's (and the monitor's) keyed hash of
    the test cell's nonce, the record's position in it, and its kind, label and value."""
    message = marshal.dumps((nonce, index, kind, label, actual), 0)
    return hashlib.blake2b(message, key=key, digest_size=32).hexdigest()


class ReferenceRefused(RuntimeError):
    """nn_lib's own implementation was asked to answer the exercise whose tests are running."""


class GradingRestriction(PermissionError):
    """An operation that grading does not allow (it could get around the monitor)."""


# --------------------------------------------------------------------------------------------
# The hook
# --------------------------------------------------------------------------------------------
def _flag_writer(flags_path):
    def flag(names, _open=os.open, _write=os.write, _close=os.close,
             _AP=os.O_WRONLY | os.O_APPEND | os.O_CREAT):
        """Append ``delegation:NAME`` lines for the grader (best effort)."""
        try:
            fd = _open(flags_path, _AP, 0o600)
            try:
                _write(fd, "".join(f"delegation:{n}\n" for n in names).encode())
            finally:
                _close(fd)
        except OSError:
            pass
    return flag


def _make_hook(state_path, flags_path, protected, originals, guards, snapshot, records=None):
    """The audit hook. Everything it uses is bound as a positional default (an immutable tuple:
    the hook is called with two arguments, and replacing ``__defaults__`` is refused); the
    mutable things (the last reading of the state file, the running test cell) are objects only
    the hook can reach. ``records``: what authenticating check records needs (see
    :func:`_record_setup`), or None in the grader's reference run."""
    original_bytes = frozenset(c.co_code for c in originals) | frozenset(c.co_code for c in guards)
    code_names = types.MappingProxyType(dict(originals))
    guard_names = types.MappingProxyType({g: originals[c] for g in guards for c in g.co_consts
                                          if type(c) is types.CodeType and c in originals})
    ctypes_module = sys.modules.get("ctypes")
    ctypes_file = getattr(ctypes_module, "__file__", None)
    cell = (set(), set(), ["", 0])      # the running test cell: its code, its files, its records

    def inside_cell(frame, _codes=cell[0]):
        """Is a frame of the running cell's own code on the stack at or above ``frame``?"""
        while frame is not None:
            if frame.f_code in _codes:
                return True
            frame = frame.f_back
        return False

    def hook(event, args, _type=type, _str=str, _tuple=tuple, _bytes=bytes,
             _handled=_HANDLED_EVENTS, _blocked=_BLOCKED_EVENTS, _state=state_path,
             _open=os.open, _read=os.read, _close=os.close, _stat=os.stat, _RD=os.O_RDONLY,
             _last=[None, ""], _flag=_flag_writer(flags_path), _getframe=sys._getframe,
             _Func=types.FunctionType, _Code=types.CodeType, _protected=frozenset(protected),
             _originals=frozenset(originals), _guards=frozenset(guards), _bytecodes=original_bytes,
             _names=code_names, _guard_names=guard_names, _reset=kernel_state.reset, _snapshot=snapshot,
             _Refused=ReferenceRefused, _Restricted=GradingRestriction, _ctypes_file=ctypes_file,
             _ALL=GUARD_ALL, _EVENT=EVENT, _RECORD=RECORD_EVENT, _rec=records,
             _cell=cell, _inside=inside_cell, _list=list, _len=len, _dumps=marshal.dumps,
             _blake=hashlib.blake2b, _MISSING=object()):
        if _type(event) is not _str or event not in _handled:
            return
        flag = _flag
        codes, files, seq = _cell

        if event == _RECORD:
            box = args[0] if args else None
            if _rec is None or _type(box) is not _list or _len(box) != 3:
                return
            index, seq[1] = seq[1], seq[1] + 1
            check_code, helpers, intact = _rec[1], _rec[2], _rec[3]
            caller = _getframe(1)                  # must be checks._check, called by a helper
            helper = caller.f_back
            if caller.f_code is not check_code or helper is None or helper.f_code not in helpers:
                return
            frame = helper.f_back                  # ... called by the test cell's own code
            while frame is not None and frame.f_code not in codes:
                if frame.f_code.co_filename not in files:
                    return
                frame = frame.f_back
            if frame is None:
                return
            for namespace, saved, exact in intact:   # nothing a record is made with was changed
                if exact and _len(namespace) != _len(saved):
                    return
                for key, value in saved:
                    if namespace.get(key, _MISSING) is not value:
                        return
            message = _dumps((seq[0], index, box[0], box[1], box[2]), 0)
            box.append(_blake(message, key=_rec[0], digest_size=32).hexdigest())
            return

        if event == _EVENT:
            names = args[0] if args else ()
            if _type(names) is not _tuple:
                return
            try:     # the grader replaces the file (a new inode) to change it: read on change
                st = _stat(_state)
                stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
                if stamp != _last[0]:
                    fd = _open(_state, _RD)
                    try:
                        _last[1] = _read(fd, 4096).decode("utf-8", "replace").strip()
                    finally:
                        _close(fd)
                    _last[0] = stamp
                guarded = _last[1]
            except OSError:
                guarded = _ALL                     # cannot tell: refuse (fail closed)
            if guarded and (guarded == _ALL or guarded in names):
                refused = names if guarded == _ALL else (guarded,)
                flag(refused)
                raise _Refused(
                    f"nn_lib's own {names[0]} cannot be used while {refused[0]} is being graded: "
                    f"write {refused[0]} yourself (nn_lib's other building blocks are fine).")
            return
        if event in _blocked:
            what = event.replace("ctypes.cdata", "ctypes' from_address").replace("ctypes.dlopen",
                                                                                "ctypes' library loading")
            raise _Restricted(f"{what} is not allowed while a notebook is graded.")
        if event == "compile":
            source = args[0] if args else None
            if _type(source) is _bytes:
                source = source.decode("utf-8", "replace")
            if _type(source) is not _str:
                return
            if source.startswith("'course:reset:") and source.endswith("'"):
                level, _, nonce = source[14:-1].partition(":")
                if level in ("light", "full"):
                    codes.clear()
                    files.clear()
                    if level == "full":
                        seq[0], seq[1] = nonce, 0
                    try:
                        _reset(level, _snapshot)
                    except Exception:
                        pass
                return
            filename = args[1] if _len(args) > 1 else None
            if _rec is not None and filename in files and _inside(_getframe(1)):
                raise _Restricted("compiling code as a test cell is not allowed while a notebook "
                                  "is graded.")
            return
        if event == "function.__new__":
            code = args[0] if args else None
            if _rec is not None and _type(code) is _Code and code.co_filename in files:
                raise _Restricted("making a function from a test cell's code is not allowed while "
                                  "a notebook is graded.")
            if _type(code) is _Code and (code in _originals or code in _guards):
                caller = _getframe(1).f_code
                if code in _originals and caller in _guards:
                    return
                flag(_names.get(code) or _guard_names.get(code, ()))
                raise _Restricted("making a function from nn_lib's own code is not allowed while "
                                  "a notebook is graded.")
            return
        if event == "code.__new__":
            if _rec is not None and _len(args) > 1 and args[1] in files:
                raise _Restricted("making code that poses as a test cell is not allowed while a "
                                  "notebook is graded.")
            if args and _type(args[0]) is _bytes and args[0] in _bytecodes:
                raise _Restricted("copying nn_lib's own code is not allowed while a notebook is graded.")
            return
        if event == "exec":
            code = args[0] if args else None
            if _type(code) is _Code and (code in _originals or code in _guards
                                         or (_ctypes_file and code.co_filename == _ctypes_file)):
                raise _Restricted("running nn_lib's own code or reloading ctypes is not allowed "
                                  "while a notebook is graded.")
            if _rec is not None and _type(code) is _Code:
                caller = _getframe(1)
                if caller.f_code in _rec[4]:       # IPython runs a statement of the cell
                    if _inside(caller):
                        raise _Restricted("running a cell from inside a test is not allowed "
                                          "while a notebook is graded.")
                    codes.add(code)
                    files.add(code.co_filename)
                elif code in codes:
                    raise _Restricted("running a test cell's code again is not allowed while a "
                                      "notebook is graded.")
            return
        if event == "object.__setattr__":
            if len(args) >= 2 and _type(args[0]) is _Func and args[0] in _protected and \
                    _type(args[1]) is _str and args[1] in ("__code__", "__defaults__", "__kwdefaults__"):
                raise _Restricted(f"replacing {args[1]} of a course function is not allowed while "
                                  "a notebook is graded.")
            return
        if event == "ctypes.dlsym":
            name = args[1] if len(args) > 1 else None
            if _type(name) is _str and name.startswith(("Py", "_Py")):
                raise _Restricted("calling the Python C API through ctypes is not allowed while a "
                                  "notebook is graded.")
            return

    return hook


_BUILTINS_THAT_CHANGE = frozenset({"_", "__", "___", "exit", "quit", "get_ipython", "display", "input",
                                   "copyright", "credits", "license", "help"})


def _record_setup(key_path):
    """What the hook needs to authenticate check records: the key (read from ``key_path``, which
    is then deleted, so no later code can read it), the code of ``checks._check`` and of the
    helpers that may call it, the modules a record is made with as they are now, and the code of
    IPython's ``run_code`` (which runs each statement of a cell)."""
    import autograder.checks as checks
    from IPython.core.interactiveshell import InteractiveShell

    with open(key_path, "rb") as f:
        key = f.read()
    os.unlink(key_path)
    if len(key) < 16:
        raise RuntimeError("the grader's record key is missing")
    helpers = frozenset(getattr(checks, name).__code__ for name in checks.__all__
                        if type(getattr(checks, name)) is types.FunctionType)
    intact = []
    for names, exact in ((kernel_state.RECORD_MODULES_EXACT, True),
                         (kernel_state.RECORD_MODULES_KEPT, False)):
        for name in names:
            module = sys.modules.get(name)
            if module is None:
                continue
            namespace = vars(module)
            saved = tuple((k, v) for k, v in namespace.items()
                          if not (name == "builtins" and k in _BUILTINS_THAT_CHANGE))
            intact.append((namespace, saved, exact))
    run_codes = {InteractiveShell.run_code.__code__}
    shell_run_code = getattr(type(InteractiveShell.instance()), "run_code", None)
    if type(shell_run_code) is types.FunctionType:
        run_codes.add(shell_run_code.__code__)
    return (key, checks._check.__code__, helpers, tuple(intact), frozenset(run_codes))


def install(state_path: str, flags_path: str, key_path: str | None = None) -> dict:
    """Guard nn_lib's reference implementations and add the audit hook (once per kernel, before
    any student code). With ``key_path`` (a student's kernel), check records are authenticated.
    Returns {exercise name: number of guarded functions} for the grader."""
    import numpy  # noqa: F401 - snapshotted below
    import ctypes  # imported now, so the hook knows its file (reloading it is refused)

    import autograder.checks  # noqa: F401 - its pristine functions are protected and restored
    import autograder.decisions  # noqa: F401
    import autograder.properties  # noqa: F401

    found = reference_functions("nn_lib")
    audit = sys.audit
    originals, guards = {}, []
    for func, names in found.items():
        originals[func.__code__] = names
        guard = guard_code(func, names, audit)
        guards.append(guard)
        func.__code__ = guard
    protected = set(found)
    for name in kernel_state.course_modules():
        for obj in list(vars(sys.modules[name]).values()):
            protected.update(f for f in functions_of(obj) if f.__module__.split(".")[0] == "autograder")
    for name in ("memmove", "memset"):
        if hasattr(ctypes, name):
            setattr(ctypes, name, _refused_ctypes(name))
    records = _record_setup(key_path) if key_path else None
    sys.addaudithook(_make_hook(state_path, flags_path, protected, originals, guards, kernel_state.snapshot(),
                                records))
    counts = {}
    for names in found.values():
        for n in names:
            counts[n] = counts.get(n, 0) + 1
    return counts


def _refused_ctypes(name):
    def refused(*args, **kwargs):
        raise GradingRestriction(f"ctypes.{name} is not allowed while a notebook is graded.")
    return refused
