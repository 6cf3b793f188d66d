"""Verdicts that look at the structure or statistics of what the student's code produced.

These checks take the student's raw output (mini-batches, random draws, trained weights, two
outputs to relate) and compute the property themselves, so the number that is compared is never
one the notebook computed: a test cell cannot be fooled by code that patches numpy while it runs
(COURSE_SPEC §9). Each returns ``None`` (passed) or one sentence starting with the label.
"""
from __future__ import annotations

from builtins import abs, bool, dict, float, int, isinstance, len, list, str, tuple, type  # noqa: A004

import numpy as _np

from autograder.decisions import fmt, plain, _allclose, _equal_plain
from autograder.payload import Opaque, type_name

_ndarray, _errstate, _float64 = _np.ndarray, _np.errstate, _np.float64


def _name(value) -> str:
    return value.type_name if type(value) is Opaque else type_name(value)


# --------------------------------------------------------------------------------------------
# Mini-batches (lesson 06's iterate_minibatches)
# --------------------------------------------------------------------------------------------
def decide_batches(label, batches, X, y, batch_size, shuffled):
    """``batches``: the list of ``(Xb, yb)`` one call yielded. Every example of ``X``/``y`` must
    appear exactly once, as whole rows, with its own label; sizes ``batch_size`` except a short
    last batch; in order when not ``shuffled``. (Rows of ``X`` are distinct: the tests make the
    first column an index.)"""
    if type(batches) not in (list, tuple):
        return f"{label}: expected the list of (Xb, yb) pairs but got an object of type {_name(batches)}."
    n = X.shape[0]
    want = [batch_size] * (n // batch_size) + ([n % batch_size] if n % batch_size else [])
    rows = {X[i].tobytes(): i for i in range(n)}
    order, sizes = [], []
    for k, pair in enumerate(batches):
        if type(pair) not in (list, tuple) or len(pair) != 2:
            return f"{label}: batch {k} is not a pair (Xb, yb); yield `Xb, yb`."
        Xb, yb = pair
        if type(Xb) is not _ndarray or type(yb) is not _ndarray:
            return (f"{label}: batch {k} holds {_name(Xb)} and {_name(yb)}; Xb and yb must be numpy "
                    "arrays (index X and y with an array of positions).")
        if Xb.ndim != 2 or Xb.shape[1:] != X.shape[1:]:
            return f"{label}: batch {k}'s Xb has shape {Xb.shape}; its rows must be whole rows of X {X.shape}."
        if yb.shape != (Xb.shape[0],):
            return (f"{label}: batch {k} has {Xb.shape[0]} rows in Xb but yb has shape {yb.shape}; "
                    "take the same positions from X and y.")
        sizes.append(int(Xb.shape[0]))
        for r in range(Xb.shape[0]):
            i = rows.get(_np.ascontiguousarray(Xb[r], dtype=X.dtype).tobytes())
            if i is None:
                return f"{label}: batch {k} holds a row that is not a row of X."
            if not _equal_plain(plain(yb[r])[0], plain(y[i])[0]):
                return (f"{label}: X and y are no longer paired (batch {k}: a row of X came with "
                        "another example's label); shuffle X and y with one index order.")
            order.append(i)
    if sizes != want:
        return (f"{label}: batch sizes {sizes} but {want} were expected"
                + (" (keep the last, shorter batch)" if n % batch_size and sizes[:-1] == want[:-2] else "")
                + ".")
    if sorted(order) != list(range(n)):
        return f"{label}: every example must appear exactly once per call (some are missing or repeated)."
    if not shuffled and order != list(range(n)):
        return f"{label}: with rng=None the batches must keep the examples in order."
    return None


# --------------------------------------------------------------------------------------------
# Two outputs of the student's code, related to each other
# --------------------------------------------------------------------------------------------
def decide_relation(label, pair, relation):
    """``relation``: "equal" (the two outputs are identical) or "different"."""
    if type(pair) not in (list, tuple) or len(pair) != 2:
        return f"{label}: could not be compared."
    a, b = pair
    if type(a) is _ndarray and type(b) is _ndarray:
        same = a.shape == b.shape and bool(_np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"
                                                             and b.dtype.kind in "fc"))
    else:
        pa, bad_a = plain(a)
        pb, bad_b = plain(b)
        if bad_a or bad_b:
            return f"{label}: could not be compared ({bad_a or bad_b})."
        same = _equal_plain(pa, pb)
    if relation == "equal":
        return None if same else label
    if relation == "different":
        return label if same else None
    raise ValueError(f"unknown relation {relation!r}")


# --------------------------------------------------------------------------------------------
# Statistics of random draws (lesson 03's init_params)
# --------------------------------------------------------------------------------------------
def statistic(samples, name, threshold=None) -> float:
    s = _np.asarray(samples, dtype=_float64)
    if name == "mean":
        return float(s.mean())
    if name == "std":
        return float(s.std())
    if name == "max_abs":
        return float(_np.abs(s).max())
    if name == "min":
        return float(s.min())
    if name == "max":
        return float(s.max())
    if name == "fraction_abs_above":
        return float(_np.mean(_np.abs(s) > threshold))
    if name == "fraction_abs_at_most":
        return float(_np.mean(_np.abs(s) <= threshold))
    raise ValueError(f"unknown statistic {name!r}")


def decide_statistic(label, samples, name, *, threshold=None, equals=None, at_most=None,
                     at_least=None, rtol=0.0, atol=0.0, mistakes=()):
    if type(samples) is not _ndarray or samples.dtype.kind not in "iuf":
        return f"{label}: expected a numpy array of numbers but got an object of type {_name(samples)}."
    if samples.size == 0:
        return f"{label}: the array is empty."
    with _errstate(all="ignore"):
        value = statistic(samples, name, threshold)
    if not _np.isfinite(value):
        return f"{label}: is {value}; the array holds NaN or infinite values."
    ok = (equals is None or abs(value - equals) <= atol + rtol * abs(equals)) and \
        (at_most is None or value <= at_most) and (at_least is None or value >= at_least)
    if not ok:     # a listed mistake gives this statistic (within the same tolerance)
        for wrong, sentence in mistakes or ():
            if abs(value - float(wrong)) <= atol + rtol * abs(float(wrong)):
                return f"{label}: {sentence}"
    if equals is not None and not abs(value - equals) <= atol + rtol * abs(equals):
        return f"{label}: is {fmt(value)}, expected {fmt(equals)} (within {fmt(atol + rtol * abs(equals))})."
    if at_most is not None and value > at_most:
        return f"{label}: is {fmt(value)}, expected at most {fmt(at_most)}."
    if at_least is not None and value < at_least:
        return f"{label}: is {fmt(value)}, expected at least {fmt(at_least)}."
    return None


# --------------------------------------------------------------------------------------------
# Training outcomes, measured from the trained weights (lesson 06)
# --------------------------------------------------------------------------------------------
def accuracy(params, X, y) -> float:
    """Accuracy of the ReLU MLP with ``params`` {"W1", "b1", ..., "WL", "bL"} on (X, y)."""
    layers = len(params) // 2
    a = _np.asarray(X, dtype=_float64)
    for layer in range(1, layers + 1):
        a = a @ _np.asarray(params[f"W{layer}"], dtype=_float64) + _np.asarray(params[f"b{layer}"], dtype=_float64)
        if layer < layers:
            a = _np.maximum(a, 0.0)
    return float(_np.mean(a.argmax(axis=1) == y))


def decide_accuracy(label, params, X, y, at_least):
    if type(params) is not dict:
        return f"{label}: expected the params dict but got an object of type {_name(params)}."
    layers = len(params) // 2
    keys = {f"{p}{layer}" for layer in range(1, layers + 1) for p in "Wb"}
    if set(params) != keys or not all(type(v) is _ndarray for v in params.values()):
        return f"{label}: the params dict must hold the arrays {sorted(keys)}."
    try:
        with _errstate(all="ignore"):
            value = accuracy(params, X, y)
    except (ValueError, TypeError):
        return f"{label}: the trained parameters do not fit together (their shapes do not chain)."
    if not value >= at_least:
        return (f"{label}: accuracy {value:.3f} measured from the trained parameters; at least "
                f"{at_least:.3f} was expected.")
    return None


def allclose(a, b, rtol, atol) -> bool:
    return _allclose(_np.asarray(a, dtype=_float64), _np.asarray(b, dtype=_float64), rtol, atol)
