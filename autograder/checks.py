"""Comparison helpers for the lessons' test cells.

Every helper checks one thing and, when it fails, raises ``AssertionError`` with one sentence a
student can act on: the name of what was checked, then the likely mistake ("is the transpose of
the expected gradient", "off by a factor of 32, the batch size: the mean over the batch was
dropped") or, failing a diagnosis, the worst entry with both values. Nothing goes to stderr.

Tamper resistance. Test cells run in the same kernel as the student's code, so a student can
monkeypatch numpy (``np.allclose = lambda *a, **k: True``), ``np.testing`` or builtins, or return
an object whose ``__eq__`` is always true. This module therefore
- takes private references to the numpy functions it uses when it is imported, and decides with
  those; it accepts only real numpy arrays / real numbers, never look-alikes;
- when the kernel runs under the grader (``COURSE_GRADING=1``), publishes every verdict together
  with the compared values as a display output of MIME type ``RECORD_MIME``. The grader calls
  :func:`recheck` on each record in its own process, with code the student cannot reach, and a test
  cell passes only if it ran to the end and produced at least one record, all of which re-check as
  passed. Patching this module or swallowing its exceptions therefore gains nothing.
"""
from __future__ import annotations

# Builtins bound here, so a student who patches ``builtins`` in the kernel changes nothing.
from builtins import abs, bool, dict, float, int, isinstance, len, list, repr, str, tuple, type  # noqa: A004

import base64
import contextlib
import io
import json
import math
import os

import numpy as _numpy

RECORD_MIME = "application/vnd.course.check+json"

# Private references, taken before any student code can run in a grading kernel.
_ndarray = _numpy.ndarray
_generic = _numpy.generic
_floating = _numpy.floating
_integer = _numpy.integer
_bool_ = _numpy.bool_
_array = _numpy.array
_abs = _numpy.abs
_isfinite = _numpy.isfinite
_isnan = _numpy.isnan
_unravel = _numpy.unravel_index
_float64 = _numpy.float64
_save = _numpy.save
_load = _numpy.load
_errstate = _numpy.errstate

# Payloads larger than this many elements are not sent to the grader for re-checking.
_MAX_PAYLOAD_ELEMENTS = 2_000_000


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------
def _fmt(x) -> str:
    """A short, readable rendering of a number."""
    try:
        return f"{float(x):.6g}"
    except (TypeError, ValueError):
        return repr(x)


def _type_name(x) -> str:
    if type(x) is _Opaque:  # an object the kernel described by name (see _encode)
        return x.type_name
    t = type(x)
    return t.__name__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__name__}"


def _index(idx) -> str:
    return "(" + ", ".join(str(int(i)) for i in idx) + ")" if len(idx) != 1 else f"[{int(idx[0])}]"


def _close(a, e, rtol, atol):
    """Element-wise closeness as a boolean array (both arguments are real ndarrays)."""
    with _errstate(all="ignore"):
        return _abs(a - e) <= atol + rtol * _abs(e)


def _same(a, b, equal_nan=False) -> bool:
    """Exact equality of two arrays of one shape (NaN equal to NaN if asked)."""
    with _errstate(all="ignore"):
        eq = a == b
        if equal_nan:
            eq = eq | (_isnan(a) & _isnan(b))
    return bool(_array(eq).all())


def _allclose(a, e, rtol, atol) -> bool:
    return bool(_close(a, e, rtol, atol).all())


# --------------------------------------------------------------------------------------------
# Decisions: pure functions returning None (pass) or the failure sentence. Used both in the
# kernel and, on the records, by the grader.
# --------------------------------------------------------------------------------------------
def _as_real_array(name, actual):
    """Return (array, None) for an acceptable actual value, or (None, message)."""
    if isinstance(actual, _ndarray) and type(actual) is _ndarray:
        return actual, None
    if isinstance(actual, (_floating, _integer)) or type(actual) in (float, int):
        return _array(actual), None
    if isinstance(actual, (list, tuple)):
        return None, (f"{name}: expected a numpy array but got a {type(actual).__name__}; "
                      "build the result with numpy operations (or np.array(...)).")
    if actual is None:
        return None, (f"{name}: got None; did the function forget to `return` its result?")
    if isinstance(actual, _ndarray):
        return None, (f"{name}: expected a plain numpy array but got a subclass "
                      f"({_type_name(actual)}).")
    return None, f"{name}: expected a numpy array but got an object of type {_type_name(actual)}."


def _decide_array(name, actual, expected, rtol, atol, batch_size=None, gradient=False,
                  check_dtype=True):
    expected = _array(expected) if not isinstance(expected, _ndarray) else expected
    a, msg = _as_real_array(name, actual)
    if msg:
        return msg
    what = "gradient" if gradient else "result"
    # dtype kind, then precision
    if expected.dtype.kind == "f" and a.dtype.kind != "f":
        return (f"{name}: has dtype {a.dtype} but a floating-point {what} was expected; "
                "look for integer arithmetic or an array created with an integer dtype.")
    if expected.dtype.kind != "f" and a.dtype.kind != expected.dtype.kind and not (
            expected.dtype.kind in "iu" and a.dtype.kind in "iu"):
        return f"{name}: has dtype {a.dtype} but dtype {expected.dtype} was expected."
    if check_dtype and expected.dtype.kind == "f" and a.dtype != expected.dtype:
        return (f"{name}: has dtype {a.dtype} but {expected.dtype} was expected; keep the "
                "dtype of the inputs (do not create float64 arrays from float32 inputs).")
    # shape
    if a.shape != expected.shape:
        if a.ndim == 2 and expected.ndim == 2 and a.shape == expected.shape[::-1]:
            return (f"{name}: has shape {a.shape} but {expected.shape} was expected; it looks "
                    f"transposed (check the order of the factors of the matrix product).")
        if a.ndim == expected.ndim + 1 and a.shape[1:] == expected.shape:
            hint = ("the bias gradient was not summed over the batch (sum over axis 0)"
                    if gradient else "it was not summed or averaged over the batch (axis 0)")
            return f"{name}: has shape {a.shape} but {expected.shape} was expected; {hint}."
        if a.size == expected.size:
            return (f"{name}: has shape {a.shape} but {expected.shape} was expected; the values "
                    "may be right but the array was reshaped or flattened.")
        return f"{name}: has shape {a.shape} but {expected.shape} was expected."
    # finiteness
    if expected.dtype.kind == "f":
        bad = ~_isfinite(a) & _isfinite(expected)
        if bad.any():
            idx = _unravel(int(bad.argmax()), a.shape) if a.ndim else ()
            where = f" at index {_index(idx)}" if a.ndim else ""
            kind = "NaN" if _isnan(a).any() else "inf"
            return (f"{name}: contains {kind}{where} where a finite value was expected; a "
                    "numerically unstable formula overflowed (e.g. exp of a large number, "
                    "log of 0, or a softmax without subtracting the maximum).")
    if expected.dtype.kind not in "fc":
        if _same(a, expected):
            return None
        diff = a != expected
        idx = _unravel(int(diff.argmax()), a.shape) if a.ndim else ()
        return (f"{name}: differs from the expected value at index {_index(idx)}: got "
                f"{a[idx]!r}, expected {expected[idx]!r}.")
    with _errstate(all="ignore"):
        a64 = a.astype(_float64)
        e64 = expected.astype(_float64)
    if _allclose(a64, e64, rtol, atol):
        return None
    return _diagnose_values(name, a64, e64, rtol, atol, batch_size, what)


def _diagnose_values(name, a, e, rtol, atol, batch_size, what):
    """Both are float64 arrays of one shape whose values differ: name the likely mistake."""
    nonzero = bool((_abs(e) > atol).any())
    if a.ndim == 2 and a.shape[0] == a.shape[1] and a.shape[0] > 1 and _allclose(a, e.T, rtol, atol):
        return f"{name}: is the transpose of the expected {what}."
    if nonzero and _allclose(a, -e, rtol, atol):
        return f"{name}: has the wrong sign (it is the negative of the expected {what})."
    if nonzero:
        with _errstate(all="ignore"):
            factor = float((a * e).sum() / (e * e).sum())
        if math.isfinite(factor) and factor != 0 and _allclose(a, factor * e, 1e-5, atol):
            return f"{name}: {_factor_sentence(factor, batch_size)}"
    if a.ndim == 0:
        return f"{name}: got {_fmt(a)}, expected {_fmt(e)}."
    with _errstate(all="ignore"):
        excess = _abs(a - e) / (atol + rtol * _abs(e))
    idx = _unravel(int(excess.argmax()), a.shape)
    wrong = int((~_close(a, e, rtol, atol)).sum())
    return (f"{name}: {wrong} of {a.size} values differ; the worst is at index {_index(idx)}: "
            f"got {_fmt(a[idx])}, expected {_fmt(e[idx])}.")


def _factor_reason(factor, batch_size):
    """What a constant factor usually means (the batch size, a square's 2), or None."""
    def near(x, y):
        return abs(x - y) <= 1e-4 * abs(y)
    if batch_size and batch_size > 1:
        if near(factor, batch_size):
            return f"that is the batch size N={batch_size}: the mean over the batch was dropped (divide by N)."
        if near(factor, 1 / batch_size):
            return f"that is 1/N for the batch size N={batch_size}: the result was divided by N once too often."
    if near(factor, 2):
        return "a factor 2 usually comes from the derivative of a square, or from counting a term twice."
    if near(factor, 0.5):
        return "a missing factor 2 usually comes from the derivative of a square."
    return None


def _factor_sentence(factor, batch_size):
    text = f"is off by a constant factor of {factor:.4g} (every value is {factor:.4g} times the expected one)"
    reason = _factor_reason(factor, batch_size)
    return f"{text}; {reason}" if reason else text + "."


def _decide_scalar(name, actual, expected, rtol, atol, require_float=False, batch_size=None):
    if isinstance(actual, (bool, _bool_)):
        return f"{name}: expected a number but got the boolean {actual!r}."
    if isinstance(actual, _ndarray):
        return (f"{name}: expected a number but got a numpy array of shape {actual.shape}; "
                "return a Python float, e.g. `float(loss)`.")
    if not (type(actual) in (int, float) or isinstance(actual, (_floating, _integer))):
        if actual is None:
            return f"{name}: got None; did the function forget to `return` its result?"
        return f"{name}: expected a number but got an object of type {_type_name(actual)}."
    if require_float and type(actual) is not float:
        return (f"{name}: expected a Python float but got {_type_name(actual)}; "
                "convert with float(...).")
    value = float(actual)
    if not math.isfinite(value):
        return (f"{name}: is {value} where a finite number was expected; a numerically "
                "unstable formula overflowed (e.g. exp of a large number or log of 0).")
    expected = float(expected)
    if abs(value - expected) <= atol + rtol * abs(expected):
        return None
    if expected != 0 and abs(value + expected) <= atol + rtol * abs(expected):
        return f"{name}: has the wrong sign: got {_fmt(value)}, expected {_fmt(expected)}."
    if expected != 0 and value != 0:
        factor = value / expected
        if _factor_reason(factor, batch_size):   # only a factor with a known cause is worth naming
            return (f"{name}: got {_fmt(value)}, expected {_fmt(expected)}; "
                    f"it {_factor_sentence(factor, batch_size)}")
    return f"{name}: got {_fmt(value)}, expected {_fmt(expected)}."


_PLAIN = (int, float, str, bool, type(None))


def _plain(value, depth=0):
    """Convert to plain Python data (ints, floats, strings, bools, None, lists, tuples, dicts).
    Returns (value, None) or (None, type name that is not allowed)."""
    if depth > 20:
        return None, "deeply nested data"
    if type(value) in _PLAIN:
        return value, None
    if isinstance(value, _bool_):
        return bool(value), None
    if isinstance(value, _integer):
        return int(value), None
    if isinstance(value, _floating):
        return float(value), None
    if type(value) in (list, tuple):
        items = []
        for item in value:
            item, bad = _plain(item, depth + 1)
            if bad:
                return None, bad
            items.append(item)
        return type(value)(items), None
    if type(value) is dict:
        out = {}
        for k, v in value.items():
            k, bad = _plain(k, depth + 1)
            if bad:
                return None, bad
            v, bad = _plain(v, depth + 1)
            if bad:
                return None, bad
            out[k] = v
        return out, None
    return None, _type_name(value)


def _decide_equal(name, actual, expected):
    exp, bad = _plain(expected)
    if bad:
        raise TypeError(f"check_equal: the expected value contains a {bad}")
    act, bad = _plain(actual)
    if bad:
        return f"{name}: expected {exp!r} but got an object of type {bad}."
    if type(act) is not type(exp) and not (type(exp) in (int, float) and type(act) in (int, float)):
        return f"{name}: expected a {type(exp).__name__} ({exp!r}) but got a {type(act).__name__} ({act!r})."
    if act == exp and repr(act) == repr(exp) or (type(exp) in (int, float) and act == exp):
        return None
    return f"{name}: got {act!r}, expected {exp!r}."


def _decide_not_mutated(name, before, after):
    if not (type(before) is _ndarray and type(after) is _ndarray):
        return f"{name}: could not be compared (not a numpy array)."
    if before.shape != after.shape or before.dtype != after.dtype:
        return (f"{name}: was changed by your function (its shape or dtype changed); "
                "never modify an input in place.")
    if _same(before, after, equal_nan=before.dtype.kind in "fc"):
        return None
    with _errstate(all="ignore"):
        diff = ~((before == after) | (_isnan(before) & _isnan(after)) if before.dtype.kind in "fc"
                 else before == after)
    idx = _unravel(int(diff.argmax()), before.shape) if before.ndim else ()
    where = f" (first change at index {_index(idx)})" if before.ndim else ""
    return (f"{name}: was modified in place by your function{where}; work on new arrays "
            "(e.g. `z = z * mask` rather than `z *= mask`, or make a copy first).")


# --------------------------------------------------------------------------------------------
# Records for the grader
# --------------------------------------------------------------------------------------------
def _encode(value):
    if isinstance(value, _ndarray) and type(value) is _ndarray:
        if value.size > _MAX_PAYLOAD_ELEMENTS or value.dtype.kind not in "biufc":
            return {"type": "omitted"}
        buf = io.BytesIO()
        _save(buf, value, allow_pickle=False)
        return {"type": "ndarray", "npy": base64.b64encode(buf.getvalue()).decode("ascii")}
    if type(value) is float or isinstance(value, _floating):
        # as text: Jupyter's message JSON has no NaN or infinity
        return {"type": "float", "repr": repr(float(value)), "numpy": type(value) is not float}
    plain, bad = _plain(value)
    if bad is None:
        try:
            json.dumps(plain, allow_nan=True)
            return {"type": "plain", "value": plain,
                    "tuple": type(plain) is tuple}
        except (TypeError, ValueError):
            pass
    return {"type": "other", "type_name": _type_name(value)}


class _Opaque:
    """Stands in, in the grader, for an object the kernel could not serialise."""

    def __init__(self, type_name):
        self.type_name = type_name


def _decode(enc):
    kind = enc.get("type")
    if kind == "ndarray":
        return _load(io.BytesIO(base64.b64decode(enc["npy"])), allow_pickle=False)
    if kind == "float":
        value = float(enc["repr"])
        return _float64(value) if enc.get("numpy") else value
    if kind == "plain":
        value = enc["value"]
        return tuple(value) if enc.get("tuple") else value
    if kind == "omitted":
        raise _Omitted()
    return _Opaque(enc.get("type_name", "object"))


class _Omitted(Exception):
    pass


def _warnings_to_stdout():
    """Show Python warnings on stdout from now on. nbgrader's Validate (and its autograde)
    count any test cell that writes to stderr as failed; a harmless warning raised while the
    tests run (a library's DeprecationWarning, say) must never cost a student points
    (COURSE_SPEC §8). Warnings that code records with ``warnings.catch_warnings`` are
    unaffected."""
    import sys
    import warnings

    def show(message, category, filename, lineno, file=None, line=None):
        sys.stdout.write(warnings.formatwarning(message, category, filename, lineno, line))

    warnings.showwarning = show


_warnings_to_stdout()


def _grading() -> bool:
    return os.environ.get("COURSE_GRADING") == "1"


try:  # captured now, so later patching of IPython in the kernel cannot redirect records
    from IPython.display import publish_display_data as _publish
except Exception:  # pragma: no cover - IPython is always installed with the course
    _publish = None


def _report(kind, name, message, **payload):
    """Publish the verdict for the grader, then raise if it failed."""
    if _grading() and _publish is not None:
        record = {"kind": kind, "name": str(name), "passed": message is None,
                  "message": message or ""}
        for key, value in payload.items():
            record[key] = _encode(value) if key in ("actual", "expected", "before", "after") else value
        try:
            _publish({RECORD_MIME: record, "text/plain": f"check {name}: "
                      + ("passed" if message is None else "failed")})
        except Exception:
            pass
    if message is not None:
        raise AssertionError(message)


def recheck(record):
    """Re-decide a record in the grader's process. Returns ``(passed, message)``.

    Records of checks whose inputs can be re-examined (arrays, numbers, plain data, mutation)
    are decided again from their values; the others (``check_true``, ``check_raises``) keep
    the kernel's verdict. A malformed record fails."""
    try:
        kind = record["kind"]
        name = record["name"]
        if kind in ("array", "gradient"):
            msg = _decide_array(name, _decode(record["actual"]), _decode(record["expected"]),
                                record["rtol"], record["atol"], record.get("batch_size"),
                                gradient=kind == "gradient", check_dtype=record.get("check_dtype", True))
        elif kind == "scalar":
            msg = _decide_scalar(name, _decode(record["actual"]), _decode(record["expected"]),
                                 record["rtol"], record["atol"], record.get("require_float", False),
                                 record.get("batch_size"))
        elif kind == "equal":
            msg = _decide_equal(name, _decode(record["actual"]), _decode(record["expected"]))
        elif kind == "not_mutated":
            msg = _decide_not_mutated(name, _decode(record["before"]), _decode(record["after"]))
        elif kind in ("true", "raises"):
            msg = None if record["passed"] is True else (record.get("message") or f"{name}: failed")
        else:
            return False, f"unknown check kind {kind!r}"
    except _Omitted:
        msg = None if record.get("passed") is True else (record.get("message") or "failed")
    except Exception as exc:  # a forged or truncated record
        return False, f"the check's record could not be read ({type(exc).__name__})"
    return msg is None, msg or ""


# --------------------------------------------------------------------------------------------
# Public helpers for test cells
# --------------------------------------------------------------------------------------------
def check_array(name, actual, expected, *, rtol=1e-6, atol=1e-9, batch_size=None, check_dtype=True):
    """Check that ``actual`` is a numpy array like ``expected`` (dtype, shape, finite, values).

    ``batch_size`` lets the message recognise a factor of N (a dropped or doubled mean)."""
    msg = _decide_array(name, actual, expected, rtol, atol, batch_size, False, check_dtype)
    _report("array", name, msg, actual=actual, expected=_array(expected), rtol=rtol, atol=atol,
            batch_size=batch_size, check_dtype=check_dtype)


def check_gradient(name, actual, expected, *, rtol=1e-6, atol=1e-9, batch_size=None, check_dtype=True):
    """Like :func:`check_array`, with messages worded for gradients (e.g. a bias gradient that
    was not summed over the batch)."""
    msg = _decide_array(name, actual, expected, rtol, atol, batch_size, True, check_dtype)
    _report("gradient", name, msg, actual=actual, expected=_array(expected), rtol=rtol, atol=atol,
            batch_size=batch_size, check_dtype=check_dtype)


def check_scalar(name, actual, expected, *, rtol=1e-7, atol=1e-12, require_float=False, batch_size=None):
    """Check that ``actual`` is a finite real number close to ``expected``.

    ``require_float=True`` demands a Python ``float`` (as the losses return)."""
    msg = _decide_scalar(name, actual, expected, rtol, atol, require_float, batch_size)
    _report("scalar", name, msg, actual=actual, expected=float(expected), rtol=rtol, atol=atol,
            require_float=require_float, batch_size=batch_size)


def check_equal(name, actual, expected):
    """Exact equality of plain data: ints, bools, strings, None, tuples/lists/dicts of those."""
    msg = _decide_equal(name, actual, expected)
    _report("equal", name, msg, actual=actual, expected=expected)


def check_true(condition, message):
    """Pass when ``condition`` is exactly True (a bool or numpy bool); else fail with ``message``."""
    ok = isinstance(condition, (bool, _bool_)) and bool(condition) is True
    _report("true", message, None if ok else message)


def check_not_mutated(name, before, after):
    """Check that an input array is unchanged after a call (``before`` is your own copy)."""
    msg = _decide_not_mutated(name, before, after)
    _report("not_mutated", name, msg, before=before, after=after)


def check_raises(exception_type, function, *args, **kwargs):
    """Check that ``function(*args, **kwargs)`` raises ``exception_type``."""
    fname = getattr(function, "__name__", "the function")
    try:
        function(*args, **kwargs)
    except exception_type:
        msg = None
    except Exception as exc:  # noqa: BLE001 - reporting which exception was raised instead
        msg = (f"{fname}: raised {type(exc).__name__} ({exc}) but {exception_type.__name__} "
               "was expected for this input.")
    else:
        msg = f"{fname}: should raise {exception_type.__name__} for this input, but returned normally."
    _report("raises", f"{fname} raises {exception_type.__name__}", msg)


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
    try:
        a = _array(mine, dtype=_float64)
        b = _array(reference, dtype=_float64)
        if a.shape != b.shape:
            verdict = f"shape {a.shape} vs expected {b.shape}"
        else:
            exact = _same(a, b)
            approx = _allclose(a, b, 1e-6, 1e-9)
            with _errstate(all="ignore"):
                maxdiff = float(_abs(a - b).max()) if a.size else 0.0
            verdict = f"exact: {str(exact):5} | approximate: {str(approx):5} | max difference: {maxdiff:.2e}"
    except Exception as exc:  # noqa: BLE001 - a friendly printout must never break a lesson
        verdict = f"could not compare ({type(exc).__name__}: {exc})"
    print(f"{name:<20} | {verdict}")
