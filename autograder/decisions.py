"""Verdicts of single checks: pure functions of (actual, expected, parameters).

``decide(kind, label, actual, expected, params)`` returns ``None`` when the check passes, else
one sentence that starts with the check's label and names what is wrong, as specifically as the
evidence allows: a mistake the test author listed for these inputs (``mistakes``), then the
generic diagnoses (type, dtype, shape, non-finite values, transpose, sign, a factor of the batch
size or of 2), then the worst entry with both values.

The same functions decide a visible check in a student's notebook and re-decide every check in
the grader's own process, where ``actual`` is what the student's code produced and ``expected``
and ``params`` come from the grader's run of the solution (COURSE_SPEC §9). They use only numpy
and private references taken at import, so nothing a notebook patches changes a decision.
"""
from __future__ import annotations

from builtins import abs, bool, dict, float, int, isinstance, len, list, repr, str, tuple, type  # noqa: A004

import math

import numpy as _np

from autograder.payload import Opaque, as_float, is_number, type_name

_ndarray, _floating, _integer, _bool_ = _np.ndarray, _np.floating, _np.integer, _np.bool_
_array, _asarray, _abs, _isfinite, _isnan = _np.array, _np.asarray, _np.abs, _np.isfinite, _np.isnan
_unravel, _float64, _errstate = _np.unravel_index, _np.float64, _np.errstate


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------
def fmt(x) -> str:
    """A short, readable rendering of a number."""
    try:
        return f"{float(x):.6g}"
    except (TypeError, ValueError):
        return repr(x)


def fmt_pair(a, e) -> tuple:
    """Both numbers, with every digit when six would make them look the same."""
    if fmt(a) != fmt(e):
        return fmt(a), fmt(e)
    try:
        return repr(float(a)), repr(float(e))
    except (TypeError, ValueError):
        return repr(a), repr(e)


def _index(idx) -> str:
    return "(" + ", ".join(str(int(i)) for i in idx) + ")" if len(idx) != 1 else f"[{int(idx[0])}]"


def _close(a, e, rtol, atol):
    with _errstate(all="ignore"):
        return _abs(a - e) <= atol + rtol * _abs(e)


def _allclose(a, e, rtol, atol) -> bool:
    return bool(_close(a, e, rtol, atol).all())


def _same(a, b, equal_nan=False) -> bool:
    with _errstate(all="ignore"):
        eq = a == b
        if equal_nan:
            eq = eq | (_isnan(a) & _isnan(b))
    return bool(_array(eq).all())


def _matches(actual, wrong, rtol, atol) -> bool:
    """Is ``actual`` (a float64 array) the value a listed mistake gives?"""
    try:
        wrong = _asarray(wrong, dtype=_float64)
    except (TypeError, ValueError):
        return False
    if wrong.shape != actual.shape:
        return False
    with _errstate(all="ignore"):       # NaN and inf in the same places count as the same
        same_specials = _same(~_isfinite(actual), ~_isfinite(wrong)) and _same(
            actual[~_isfinite(actual)], wrong[~_isfinite(wrong)], equal_nan=True)
        finite = _isfinite(wrong)
        return same_specials and _allclose(actual[finite], wrong[finite], max(rtol, 1e-9), atol)


def _named_mistake(label, actual, mistakes, rtol, atol):
    for wrong, sentence in mistakes or ():
        if _matches(actual, wrong, rtol, atol):
            return f"{label}: {sentence}"
    return None


# --------------------------------------------------------------------------------------------
# Arrays and gradients
# --------------------------------------------------------------------------------------------
def _as_real_array(label, actual):
    """(array, None) for an acceptable actual value, or (None, sentence)."""
    if type(actual) is _ndarray:
        return actual, None
    if is_number(actual):
        return _array(actual), None
    if type(actual) is Opaque and actual.shape is not None:
        return None, None            # too large to send: decided from shape and dtype below
    if isinstance(actual, (list, tuple)):
        return None, (f"{label}: expected a numpy array but got a {type(actual).__name__}; "
                      "build the result with numpy operations (or np.array(...)).")
    if actual is None:
        return None, f"{label}: got None; did the function forget to `return` its result?"
    name = actual.type_name if type(actual) is Opaque else type_name(actual)
    if isinstance(actual, _ndarray):
        return None, f"{label}: expected a plain numpy array but got a subclass ({name})."
    return None, f"{label}: expected a numpy array but got an object of type {name}."


def decide_array(label, actual, expected, *, rtol=1e-6, atol=1e-9, batch_size=None,
                 check_dtype=True, gradient=False, mistakes=()):
    expected = expected if type(expected) is _ndarray else _array(expected)
    a, message = _as_real_array(label, actual)
    if message:
        return message
    what = "gradient" if gradient else "result"
    shape = tuple(actual.shape) if a is None else a.shape
    kind = _np.dtype(actual.dtype).kind if a is None else a.dtype.kind
    dtype = _np.dtype(actual.dtype) if a is None else a.dtype
    if expected.dtype.kind == "f" and kind != "f":
        return (f"{label}: has dtype {dtype} but a floating-point {what} was expected; look for "
                "integer arithmetic or an array created with an integer dtype.")
    if expected.dtype.kind != "f" and kind != expected.dtype.kind and not (
            expected.dtype.kind in "iu" and kind in "iu"):
        return f"{label}: has dtype {dtype} but dtype {expected.dtype} was expected."
    if check_dtype and expected.dtype.kind == "f" and dtype != expected.dtype:
        return (f"{label}: has dtype {dtype} but {expected.dtype} was expected; keep the dtype of "
                "the inputs (do not create float64 arrays from float32 inputs).")
    if a is not None and mistakes and a.dtype.kind in "biuf" and expected.dtype.kind in "biuf":
        with _errstate(all="ignore"):     # a wrong answer that a listed mistake gives is named
            a64, e64 = a.astype(_float64), expected.astype(_float64)   # first, whatever its shape
            correct = a.shape == expected.shape and _allclose(a64, e64, rtol, atol) and _same(
                _isnan(a64), _isnan(e64))
            named = None if correct else _named_mistake(label, a64, mistakes, rtol, atol)
        if named:
            return named
    if shape != expected.shape:
        return _shape_sentence(label, shape, expected.shape, gradient)
    if a is None:
        return f"{label}: the array is too large to compare ({actual!r})."
    if expected.dtype.kind == "f":
        bad = ~_isfinite(a) & _isfinite(expected)
        if bad.any():
            idx = _unravel(int(bad.argmax()), a.shape) if a.ndim else ()
            where = f" at index {_index(idx)}" if a.ndim else ""
            kind_ = "NaN" if _isnan(a).any() else "inf"
            return (f"{label}: contains {kind_}{where} where a finite value was expected; a "
                    "numerically unstable formula (exp of a large number, log of 0, 0/0, or a "
                    "softmax without subtracting the maximum).")
    if expected.dtype.kind not in "fc":
        if _same(a, expected):
            return None
        diff = a != expected
        idx = _unravel(int(diff.argmax()), a.shape) if a.ndim else ()
        named = _named_mistake(label, a.astype(_float64), mistakes, 0, 0)
        return named or (f"{label}: differs from the expected value at index {_index(idx)}: got "
                         f"{a[idx]!r}, expected {expected[idx]!r}.")
    with _errstate(all="ignore"):
        a64, e64 = a.astype(_float64), expected.astype(_float64)
    if _allclose(a64, e64, rtol, atol) and _same(_isnan(a64), _isnan(e64)):
        return None
    return (_named_mistake(label, a64, mistakes, rtol, atol)
            or _diagnose_values(label, a64, e64, rtol, atol, batch_size, what))


def _shape_sentence(label, shape, want, gradient):
    if len(shape) == 2 and len(want) == 2 and shape == want[::-1]:
        return (f"{label}: has shape {shape} but {want} was expected; it looks transposed (check "
                "the order of the factors of the matrix product).")
    if len(shape) == len(want) + 1 and shape[1:] == want:
        hint = ("the bias gradient was not summed over the batch (sum over axis 0)" if gradient
                else "it was not summed or averaged over the batch (axis 0)")
        return f"{label}: has shape {shape} but {want} was expected; {hint}."
    if math.prod(shape) == math.prod(want):
        return (f"{label}: has shape {shape} but {want} was expected; the values may be right but "
                "the array was reshaped or flattened.")
    return f"{label}: has shape {shape} but {want} was expected."


def _diagnose_values(label, a, e, rtol, atol, batch_size, what):
    """Both are float64 arrays of one shape whose values differ: name the likely mistake."""
    nonzero = bool((_abs(e) > atol).any())
    if a.ndim == 2 and a.shape[0] == a.shape[1] > 1 and _allclose(a, e.T, rtol, atol):
        return f"{label}: is the transpose of the expected {what}."
    if nonzero and _allclose(a, -e, rtol, atol):
        return f"{label}: has the wrong sign (it is the negative of the expected {what})."
    if nonzero:
        with _errstate(all="ignore"):
            factor = float((a * e).sum() / (e * e).sum())
        if math.isfinite(factor) and factor not in (0.0, 1.0) and _allclose(a, factor * e, 1e-5, atol):
            return f"{label}: {_factor_sentence(factor, batch_size)}"
    if a.ndim == 0:
        got, want = fmt_pair(a, e)
        return f"{label}: got {got}, expected {want}."
    with _errstate(all="ignore"):
        diff, tol = _abs(a - e), atol + rtol * _abs(e)
        excess = _np.where(tol > 0, diff / _np.where(tol > 0, tol, 1.0), _np.where(diff > 0, _np.inf, 0.0))
        excess = _np.where(_isnan(diff), _np.inf, excess)
    idx = _unravel(int(excess.argmax()), a.shape)
    wrong = int((~_close(a, e, rtol, atol)).sum())
    got, want = fmt_pair(a[idx], e[idx])
    return (f"{label}: {wrong} of {a.size} values differ; the worst is at index {_index(idx)}: "
            f"got {got}, expected {want}.")


def factor_reason(factor, batch_size):
    """What a constant factor usually means (the batch size, a square's 2), or None."""
    def near(x, y):
        return abs(x - y) <= 1e-4 * abs(y)
    if batch_size and batch_size > 1:
        if near(factor, batch_size):
            return (f"that is the batch size N={batch_size}: the mean over the batch was dropped "
                    "(divide by N).")
        if near(factor, 1 / batch_size):
            return (f"that is 1/N for the batch size N={batch_size}: the result was divided by N "
                    "once too often.")
    if near(factor, 2):
        return "a factor 2 usually comes from the derivative of a square, or from counting a term twice."
    if near(factor, 0.5):
        return "a missing factor 2 usually comes from the derivative of a square."
    return None


def _factor_sentence(factor, batch_size):
    text = (f"is off by a constant factor of {factor:.4g} (every value is {factor:.4g} times the "
            "expected one)")
    reason = factor_reason(factor, batch_size)
    return f"{text}; {reason}" if reason else text + "."


# --------------------------------------------------------------------------------------------
# Numbers, plain data, mutation
# --------------------------------------------------------------------------------------------
def decide_scalar(label, actual, expected, *, rtol=1e-7, atol=1e-12, batch_size=None, mistakes=()):
    """A real number (COURSE_SPEC §8: a Python float or int, a numpy scalar or a 0-d array)."""
    if type(actual) in (bool, _bool_):
        return f"{label}: expected a number but got the boolean {actual!r}."
    if not is_number(actual):
        if actual is None:
            return f"{label}: got None; did the function forget to `return` its result?"
        if type(actual) is _ndarray:
            return (f"{label}: expected a number but got a numpy array of shape {actual.shape}; "
                    "return a single number (e.g. `float(loss)` or `loss.item()`).")
        name = actual.type_name if type(actual) is Opaque else type_name(actual)
        return f"{label}: expected a number but got an object of type {name}."
    value, expected = as_float(actual), float(expected)
    if value == expected or abs(value - expected) <= atol + rtol * abs(expected):
        return None
    named = _named_mistake(label, _array(value, dtype=_float64), mistakes, rtol, atol)
    if named:
        return named
    if not math.isfinite(value) and math.isfinite(expected):
        return (f"{label}: is {value} where a finite number was expected; a numerically unstable "
                "formula (exp of a large number, log of 0, or 0/0).")
    got, want = fmt_pair(value, expected)
    if expected != 0 and abs(value + expected) <= atol + rtol * abs(expected):
        return f"{label}: has the wrong sign: got {got}, expected {want}."
    if expected != 0 and value != 0:
        factor = value / expected
        if factor_reason(factor, batch_size):
            return f"{label}: got {got}, expected {want}; it {_factor_sentence(factor, batch_size)}"
    return f"{label}: got {got}, expected {want}."


_PLAIN = (int, float, str, bool, type(None))


def plain(value, depth=0):
    """(plain Python data, None) or (None, name of a type that is not plain data)."""
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
    if type(value) is _ndarray and value.ndim == 0 and value.dtype.kind in "biuf":
        return plain(value.item(), depth + 1)
    if type(value) in (list, tuple):
        items = []
        for item in value:
            item, bad = plain(item, depth + 1)
            if bad:
                return None, bad
            items.append(item)
        return type(value)(items), None
    if type(value) is dict:
        out = {}
        for k, v in value.items():
            k, bad = plain(k, depth + 1)
            if bad:
                return None, bad
            v, bad = plain(v, depth + 1)
            if bad:
                return None, bad
            out[k] = v
        return out, None
    return None, (value.type_name if type(value) is Opaque else type_name(value))


def _equal_plain(a, e) -> bool:
    if type(e) in (int, float) and type(a) in (int, float):
        return a == e or (type(e) is float and math.isnan(e) and math.isnan(a))
    if type(a) is not type(e):
        return False
    if type(e) in (list, tuple):
        return len(a) == len(e) and all(_equal_plain(x, y) for x, y in zip(a, e))
    if type(e) is dict:
        return a.keys() == e.keys() and all(_equal_plain(a[k], e[k]) for k in e)
    return a == e


def decide_equal(label, actual, expected, *, mistakes=()):
    exp, bad = plain(expected)
    if bad:
        raise TypeError(f"check_equal: the expected value contains a {bad}")
    act, bad = plain(actual)
    if bad:
        return f"{label}: expected {exp!r} but got an object of type {bad}."
    if _equal_plain(act, exp):
        return None
    for wrong, sentence in mistakes or ():
        wrong, bad = plain(wrong)
        if not bad and _equal_plain(act, wrong):
            return f"{label}: {sentence}"
    numbers = (int, float)
    if type(act) is not type(exp) and not (type(exp) in numbers and type(act) in numbers):
        return (f"{label}: expected a {type(exp).__name__} ({exp!r}) but got a "
                f"{type(act).__name__} ({act!r}).")
    return f"{label}: got {act!r}, expected {exp!r}."


def decide_not_mutated(label, before, after):
    if type(before) is not _ndarray:      # plain data: lists, dicts, numbers (e.g. a results dict)
        b, bad_b = plain(before)
        a, bad_a = plain(after)
        if bad_b or bad_a:
            return f"{label}: could not be compared ({bad_b or bad_a})."
        if _equal_plain(a, b) and repr(a) == repr(b):
            return None
        return (f"{label}: was modified in place by your function; work on a copy (e.g. "
                "`sorted(x)` or `list(x)` rather than `x.sort()`, or `dict(d)` before changing it).")
    if type(after) is not _ndarray:
        return f"{label}: could not be compared (not a numpy array)."
    if before.shape != after.shape or before.dtype != after.dtype:
        return (f"{label}: was changed by your function (its shape or dtype changed); never modify "
                "an input in place.")
    floating = before.dtype.kind in "fc"
    if _same(before, after, equal_nan=floating):
        return None
    with _errstate(all="ignore"):
        diff = ~((before == after) | (_isnan(before) & _isnan(after)) if floating else before == after)
    idx = _unravel(int(diff.argmax()), before.shape) if before.ndim else ()
    where = f" (first change at index {_index(idx)})" if before.ndim else ""
    return (f"{label}: was modified in place by your function{where}; work on new arrays (e.g. "
            "`z = z * mask` rather than `z *= mask`, or make a copy first).")


def decide_true(label, actual):
    return None if type(actual) in (bool, _bool_) and bool(actual) is True else label


def decide_raises(label, outcome, expected_name):
    """``outcome``: {"raised": [class names of the exception's MRO] or None, "message": str}."""
    if type(outcome) is not dict:
        return f"{label}: the outcome of the call could not be read."
    raised = outcome.get("raised")
    if raised is None:
        return f"{label}: should raise {expected_name}, but returned normally."
    if type(raised) is list and expected_name in raised:
        return None
    first = raised[0] if type(raised) is list and raised else "an exception"
    message = str(outcome.get("message", ""))[:200]
    return (f"{label}: raised {first}" + (f" ({message})" if message else "")
            + f" but {expected_name} was expected.")


# --------------------------------------------------------------------------------------------
# One entry point for every kind of check
# --------------------------------------------------------------------------------------------
KINDS = ("array", "gradient", "scalar", "equal", "true", "not_mutated", "raises", "batches",
         "relation", "statistic", "accuracy")


def decide(kind, label, actual, expected, params=None):
    """The verdict of one check: ``None`` (passed) or the sentence that names what is wrong.

    ``actual`` is what the student's code produced; ``expected`` and ``params`` are the
    expected side (in the grader: from its own run of the solution)."""
    params = dict(params or {})
    mistakes = params.pop("mistakes", ())
    if kind in ("array", "gradient"):
        return decide_array(label, actual, expected, gradient=kind == "gradient", mistakes=mistakes,
                            **{k: params[k] for k in ("rtol", "atol", "batch_size", "check_dtype")
                               if k in params})
    if kind == "scalar":
        return decide_scalar(label, actual, expected, mistakes=mistakes,
                             **{k: params[k] for k in ("rtol", "atol", "batch_size") if k in params})
    if kind == "equal":
        return decide_equal(label, actual, expected, mistakes=mistakes)
    if kind == "true":
        return decide_true(label, actual)
    if kind == "not_mutated":
        return decide_not_mutated(label, expected, actual)
    if kind == "raises":
        return decide_raises(label, actual, expected)
    from autograder import properties
    if kind == "batches":
        X, y = expected
        return properties.decide_batches(label, actual, X, y, params["batch_size"], params["shuffled"])
    if kind == "relation":
        return properties.decide_relation(label, actual, params["relation"])
    if kind == "statistic":
        return properties.decide_statistic(label, actual, mistakes=mistakes, **params)
    if kind == "accuracy":
        X, y = expected
        return properties.decide_accuracy(label, actual, X, y, params["at_least"])
    raise ValueError(f"unknown check kind {kind!r}")
