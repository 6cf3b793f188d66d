"""Gradient checking (lesson 05): central differences and the relative error that compares them.

Rule of thumb for ``relative_error(analytic, numeric)`` in float64: about 1e-7 or less is right,
1e-4 is suspicious (or a kink such as ReLU at 0 was crossed), above 1e-2 the gradient is wrong.
"""

import numpy as np

from ._reference import reference
from ._validation import as_array, real_number, same_shape


def numerical_gradient(f, x, h=1e-5):
    """Central-difference gradient of the scalar ``f()`` with respect to every entry of ``x``.

    ``f`` takes no arguments and reads ``x`` (e.g. ``lambda: loss(params)`` where ``x`` is
    ``params["W1"]``); ``x`` is a float numpy array of any shape, nudged in place one entry at a
    time: ``grad[i] = (f() with x[i] + h  -  f() with x[i] - h) / (2 h)``. Each entry is saved and
    reassigned afterwards, so ``x`` ends exactly as it started (also if ``f`` raises).
    Returns ``grad``, float64, of ``x``'s shape.
    """
    reference("numerical_gradient", "numerical_derivative")     # a central difference per entry
    h = real_number("h", h)
    if h <= 0:
        raise ValueError(f"h (the finite-difference step) must be > 0, got {h}")
    if not isinstance(x, np.ndarray) or not np.issubdtype(x.dtype, np.floating):
        raise ValueError("x must be a float numpy array that f() reads (it is changed in place, one entry at a "
                         f"time), got {type(x).__name__}" + (f" of dtype {x.dtype}" if isinstance(x, np.ndarray) else ""))
    grad = np.zeros(x.shape, dtype=np.float64)
    for index in np.ndindex(x.shape):
        saved = x[index]
        try:
            x[index] = saved + h
            f_plus = float(f())
            x[index] = saved - h
            f_minus = float(f())
        finally:
            x[index] = saved
        grad[index] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(a, b):
    """Largest element-wise relative error ``max(|a - b| / max(1e-8, |a| + |b|))`` as a Python float.

    ``a`` and ``b`` are numbers or arrays of the same shape (no broadcasting, so a transposed
    gradient is reported rather than hidden). Computed in float64; 0.0 for empty arrays.
    """
    reference("relative_error")
    a = as_array("a", a).astype(np.float64, copy=False)
    b = as_array("b", b).astype(np.float64, copy=False)
    same_shape("a", a, "b", b)
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))
