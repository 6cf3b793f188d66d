"""Check helpers for the lessons' test cells.

Every helper checks one thing and, when it fails, says so in one sentence a student can act on:
the label of what was checked, then the likely mistake ("is the transpose of the expected
gradient", "off by a factor of 32, the batch size: the mean over the batch was dropped") or,
failing a diagnosis, the worst entry with both values (see :mod:`autograder.decisions`).

A helper runs in one of three modes, set by the environment variable ``COURSE_GRADING`` when
the kernel starts:

- **local** (unset): a student runs the notebook. The helper decides at once and raises
  ``AssertionError`` with the sentence when the check fails.
- **reference** (``reference``): the grader runs the *solution*. The helper decides (the
  solution must pass) and publishes a record with the label, the expected value and every
  parameter (tolerances, listed mistakes, ...). These records are the only source of expected
  values the grader ever uses.
- **student** (``1``): the grader runs a *submission*. The grader has removed every expected
  value from the test cells (:mod:`autograder.grading.transform`), so the helper only publishes
  the label and the value the student's code produced (``actual``), and never raises. The grader
  decides each check in its own process against the reference record with the same position and
  label (COURSE_SPEC §9).

Which argument of a helper is the label, which the student's value and which the expected side is
declared by the parameter names below: ``label``; the actual side is ``actual`` (``condition``,
``after``, ``batches``, ``pair``, ``samples``, ``params``, and for :func:`check_raises` the call);
everything else is the expected side (``ACTUAL_PARAMETERS``).

Test-cell conventions that keep the grade beyond doubt (docs/AUTHORING.md):
pass the student's *raw* output as ``actual`` (let :func:`check_statistic`, :func:`check_batches`
or :func:`check_accuracy` compute derived numbers); compute expected values inside the expected
argument or in variables named ``_expected...``; labels never contain outputs.
"""
from __future__ import annotations

# Builtins bound here, so a student who patches ``builtins`` in the kernel changes nothing.
from builtins import bool, dict, isinstance, list, repr, str, tuple, type  # noqa: A004

import contextlib
import os
import sys

from autograder import decisions as _decisions
from autograder import payload as _payload
from autograder.notebook import RECORD_EVENT, RECORD_MIME

__all__ = ["check_array", "check_gradient", "check_scalar", "check_equal", "check_true",
           "check_not_mutated", "check_raises", "check_batches", "check_relation",
           "check_statistic", "check_accuracy", "reference_helpers", "cmp"]


def _mode_from_environment() -> str:
    value = os.environ.get("COURSE_GRADING", "")
    if value in ("", "0"):
        return "local"
    return "reference" if value == "reference" else "student"


MODE = _mode_from_environment()

# The parameter of each helper that holds the student's value (the rest, but ``label``, is the
# expected side, removed from test cells before a submission runs them).
ACTUAL_PARAMETERS = {
    "check_array": ("actual",), "check_gradient": ("actual",), "check_scalar": ("actual",),
    "check_equal": ("actual",), "check_true": ("condition",), "check_not_mutated": ("after",),
    "check_raises": ("function", "args", "kwargs"), "check_batches": ("batches",),
    "check_relation": ("pair",), "check_statistic": ("samples",), "check_accuracy": ("params",),
}

_decide, _encode = _decisions.decide, _payload.encode
_environ_get = os.environ.get
_audit = sys.audit

try:  # captured now, so later patching of IPython in the kernel cannot redirect records
    from IPython.display import publish_display_data as _publish
except Exception:  # pragma: no cover - IPython is always installed with the course
    _publish = None


def _warnings_to_stdout():
    """Show Python warnings on stdout from now on. nbgrader's Validate counts any test cell that
    writes to stderr as failed; a harmless warning must never cost points (COURSE_SPEC §8).
    Warnings that code records with ``warnings.catch_warnings`` are unaffected."""
    import sys
    import warnings

    def show(message, category, filename, lineno, file=None, line=None):
        sys.stdout.write(warnings.formatwarning(message, category, filename, lineno, line))

    warnings.showwarning = show


_warnings_to_stdout()


def _mistakes(mistakes):
    """``[(wrong value, sentence), ...]`` as a list of pairs (a dict sentence -> value is accepted)."""
    if isinstance(mistakes, dict):
        return [(value, str(sentence)) for sentence, value in mistakes.items()]
    return [(value, str(sentence)) for value, sentence in mistakes]


def _check(kind, label, actual, expected=None, params=None, _mode=MODE, _type=type, _str=str,
           _len=len, _encode=_payload.encode, _audit=_audit, _publish=_publish, _mime=RECORD_MIME,
           _event=RECORD_EVENT):
    """Decide (local, reference) or record (student) one check. Everything it uses in student
    mode is bound as a positional default when the kernel starts (replacing ``__defaults__`` is
    refused by the grader's monitor), so names rebound later change nothing here."""
    label = label if _type(label) is _str else _str(label)
    if _mode == "student":
        encoded = _encode(actual)
        # The grader's monitor (autograder.monitor) authenticates the record here when the call
        # came straight from a test cell through a genuine helper and nothing the record depends
        # on was changed: it appends a code that only it and the grader can compute.
        box = [kind, label, encoded]
        _audit(_event, box)
        record = {"v": 2, "kind": kind, "label": label, "actual": encoded,
                  "mac": box[3] if _len(box) > 3 and _type(box[3]) is _str else ""}
        if _publish is not None:
            _publish({_mime: record, "text/plain": f"check: {label}"})
        return
    message = _decide(kind, label, actual, expected, params)
    if _mode == "reference" and _publish is not None:
        record = {"v": 2, "kind": kind, "label": label, "actual": _encode(actual),
                  "expected": _encode(expected), "params": _encode(dict(params or {})),
                  "passed": message is None, "message": message or ""}
        _publish({_mime: record, "text/plain": f"check: {label}"})
    if message is not None:
        raise AssertionError(message)


# --------------------------------------------------------------------------------------------
# The helpers
# --------------------------------------------------------------------------------------------
def check_array(label, actual, expected, *, rtol=1e-6, atol=1e-9, batch_size=None,
                check_dtype=True, mistakes=()):
    """``actual`` is a numpy array like ``expected``: dtype, shape, finite, values.

    ``batch_size`` lets the sentence recognise a factor of N (a dropped or doubled mean);
    ``mistakes`` lists ``(the value a known mistake gives, the sentence that names it)``."""
    _check("array", label, actual, expected,
           dict(rtol=rtol, atol=atol, batch_size=batch_size, check_dtype=check_dtype,
                mistakes=_mistakes(mistakes)))


def check_gradient(label, actual, expected, *, rtol=1e-6, atol=1e-9, batch_size=None,
                   check_dtype=True, mistakes=()):
    """Like :func:`check_array`, with sentences worded for gradients (e.g. a bias gradient that
    was not summed over the batch)."""
    _check("gradient", label, actual, expected,
           dict(rtol=rtol, atol=atol, batch_size=batch_size, check_dtype=check_dtype,
                mistakes=_mistakes(mistakes)))


def check_scalar(label, actual, expected, *, rtol=1e-7, atol=1e-12, batch_size=None, mistakes=()):
    """``actual`` is a finite real number close to ``expected``: a Python float or int, a numpy
    scalar or a 0-d array are all accepted (COURSE_SPEC §8)."""
    _check("scalar", label, actual, expected,
           dict(rtol=rtol, atol=atol, batch_size=batch_size, mistakes=_mistakes(mistakes)))


def check_equal(label, actual, expected, *, mistakes=()):
    """Exact equality of plain data: numbers, bools, strings, None, lists/tuples/dicts of those
    (numpy scalars count as the numbers they hold)."""
    _check("equal", label, actual, expected, dict(mistakes=_mistakes(mistakes)))


def check_true(condition, label):
    """Pass when ``condition`` is exactly True (a bool or numpy bool); else fail with ``label``.
    For structure only: a property of the student's output belongs in the other helpers."""
    _check("true", label, condition)


def check_not_mutated(label, before, after):
    """An input array is unchanged by a call (``before`` is the test's own copy, made before)."""
    _check("not_mutated", label, after, before)


def check_raises(label, exception_type, function, *args, **kwargs):
    """``function(*args, **kwargs)`` raises ``exception_type`` (or a subclass)."""
    try:
        function(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - recording which exception came out
        outcome = {"raised": [c.__name__ for c in type(exc).__mro__],
                   "message": str(exc)[:300]}
    else:
        outcome = {"raised": None, "message": ""}
    _check("raises", label, outcome,
           None if exception_type is None else exception_type.__name__)


def check_batches(label, batches, X, y, batch_size, *, shuffled):
    """``batches`` (the list of ``(Xb, yb)`` one call yielded) covers every example of ``X``/``y``
    exactly once, pairs kept, sizes ``batch_size`` but a short last one, in order unless
    ``shuffled``. Rows of ``X`` must be distinct (make the first column an index)."""
    _check("batches", label, batches, (X, y), dict(batch_size=batch_size, shuffled=shuffled))


def check_relation(label, pair, relation):
    """Two outputs of the student's code relate as asked: ``"equal"`` or ``"different"``."""
    _check("relation", label, tuple(pair) if isinstance(pair, list) else pair,
           None, dict(relation=relation))


def check_statistic(label, samples, statistic, *, threshold=None, equals=None, at_most=None,
                    at_least=None, rtol=0.0, atol=0.0, mistakes=()):
    """A statistic of the array ``samples`` ("mean", "std", "max_abs", "min", "max",
    "fraction_abs_above" / "fraction_abs_at_most" ``threshold``), computed by the check itself,
    equals ``equals`` (within ``atol + rtol * |equals|``) or is at most / at least a bound.
    ``mistakes``: ``(the statistic a known mistake gives, its sentence)``."""
    _check("statistic", label, samples, None,
           dict(name=statistic, threshold=threshold, equals=equals, at_most=at_most,
                at_least=at_least, rtol=rtol, atol=atol, mistakes=_mistakes(mistakes)))


def check_accuracy(label, params, X, y, *, at_least):
    """The ReLU MLP with the trained ``params`` classifies (X, y) with at least this accuracy,
    measured by the check itself from the weights."""
    _check("accuracy", label, params, (X, y), dict(at_least=at_least))


_UNSET = object()


@contextlib.contextmanager
def reference_helpers(namespace, *names):
    """Temporarily bind nn_lib's reference versions of ``names`` in ``namespace`` (usually
    ``globals()``), so that a test of a composite function charges a bug to the function under
    test, not to the helpers it calls (COURSE_SPEC §8, "one mistake costs one exercise")."""
    import nn_lib

    saved = {}
    for name in names:
        if not hasattr(nn_lib, name):
            raise ValueError(f"reference_helpers: nn_lib has no {name!r}")
        saved[name] = namespace.get(name, _UNSET)
        namespace[name] = getattr(nn_lib, name)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is _UNSET:
                namespace.pop(name, None)
            else:
                namespace[name] = value


def cmp(name, mine, reference):
    """Print a one-line verdict comparing ``mine`` with ``reference`` (never raises)."""
    import numpy as np
    try:
        a = np.array(mine, dtype=np.float64)
        b = np.array(reference, dtype=np.float64)
        if a.shape != b.shape:
            verdict = f"shape {a.shape} vs expected {b.shape}"
        else:
            with np.errstate(all="ignore"):
                exact = bool(np.array_equal(a, b))
                approx = bool(np.allclose(a, b, rtol=1e-6, atol=1e-9))
                maxdiff = float(np.abs(a - b).max()) if a.size else 0.0
            verdict = (f"exact: {str(exact):5} | approximate: {str(approx):5} | "
                       f"max difference: {maxdiff:.2e}")
    except Exception as exc:  # noqa: BLE001 - a friendly printout must never break a lesson
        verdict = f"could not compare ({type(exc).__name__}: {exc})"
    print(f"{name:<20} | {verdict}")
