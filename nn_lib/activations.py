"""Activation functions (lessons 01 and 03) and their backward passes (lesson 05).

Each ``*_forward(z)`` returns ``(a, cache)`` where ``cache`` is the input ``z`` itself (not a copy);
each ``*_backward(dout, cache)`` returns ``dz = dout * f'(z)``, with ``dz.shape == z.shape``.
All functions are element-wise (``softmax`` is row-wise), keep a float input's dtype (float32 in,
float32 out) and never modify their arguments.
"""

import numpy as np

from ._reference import reference
from ._validation import as_array, same_shape


def _float_array(name, z):
    """``z`` as a float array: floats keep their dtype, ints and bools become float64."""
    z = as_array(name, z)
    if not np.issubdtype(z.dtype, np.floating):
        z = z.astype(np.float64)
    return z


def _dout_and_cache(dout, cache, forward):
    """``dout`` and the cached input ``z`` as arrays of one shape: the checks every backward pass makes."""
    dout = as_array("dout", dout)
    z = as_array(f"cache (the input z of {forward})", cache)
    same_shape("dout", dout, "cache (z)", z)
    return dout, z


def _unwrap(result):
    """Return 0-d results as numpy scalars, so numbers in give numbers out."""
    return result[()] if result.ndim == 0 else result


def sigmoid(z):
    """Logistic sigmoid ``1 / (1 + exp(-z))``, element-wise on a number or an array of any shape.

    Stable for any finite ``z``: it only ever evaluates ``exp(-|z|)``, which cannot overflow, and uses
    ``1 / (1 + e)`` for ``z >= 0`` and the equivalent ``e / (1 + e)`` for ``z < 0``.

    Input: ``z``, number or array of shape (...). Returns: same shape (a numpy scalar for a number).
    """
    reference("sigmoid")
    z = _float_array("z", z)
    e = np.exp(-np.abs(z))           # in (0, 1]: never overflows
    s = 1 / (1 + e)                  # sigmoid(|z|)
    return _unwrap(np.where(z >= 0, s, e * s))


def sigmoid_derivative(z):
    """Derivative of the sigmoid, ``sigmoid(z) * (1 - sigmoid(z))``, element-wise.

    Computed as ``e / (1 + e)**2`` with ``e = exp(-|z|)`` (the derivative is symmetric in ``z``), which
    is finite for any finite input and keeps full relative precision in the tails.

    Input: ``z``, number or array of shape (...). Returns: same shape.
    """
    reference("sigmoid_derivative")
    z = _float_array("z", z)
    e = np.exp(-np.abs(z))
    return _unwrap(e / (1 + e) ** 2)


def relu_forward(z):
    """ReLU ``max(z, 0)``.

    Input: ``z`` of shape (...). Returns ``(a, cache)``: ``a`` of shape (...), ``cache = z``.
    """
    reference("relu_forward")
    z_array = as_array("z", z)
    return np.maximum(z_array, 0), z


def relu_backward(dout, cache):
    """Backward pass of ReLU: ``dz = dout * (z > 0)`` (the derivative at exactly 0 is taken as 0).

    Inputs: ``dout`` (upstream gradient) and ``cache = z``, both of shape (...). Returns ``dz``, (...).
    """
    reference("relu_backward")
    dout, z = _dout_and_cache(dout, cache, "relu_forward")
    return dout * (z > 0)


def sigmoid_forward(z):
    """Sigmoid layer.

    Input: ``z`` of shape (...). Returns ``(a, cache)``: ``a = sigmoid(z)`` of shape (...), ``cache = z``.
    """
    reference("sigmoid_forward")
    return np.asarray(sigmoid(z)), z


def sigmoid_backward(dout, cache):
    """Backward pass of the sigmoid: ``dz = dout * sigmoid(z) * (1 - sigmoid(z))``.

    Inputs: ``dout`` and ``cache = z``, both of shape (...). Returns ``dz`` of shape (...).
    """
    reference("sigmoid_backward")
    dout, z = _dout_and_cache(dout, cache, "sigmoid_forward")
    return dout * sigmoid_derivative(z)


def tanh_forward(z):
    """Hyperbolic tangent layer.

    Input: ``z`` of shape (...). Returns ``(a, cache)``: ``a = tanh(z)`` of shape (...), ``cache = z``.
    """
    reference("tanh_forward")
    return np.tanh(_float_array("z", z)), z


def tanh_backward(dout, cache):
    """Backward pass of tanh: ``dz = dout * (1 - tanh(z)**2)``.

    Inputs: ``dout`` and ``cache = z``, both of shape (...). Returns ``dz`` of shape (...).
    """
    reference("tanh_backward")
    dout, z = _dout_and_cache(dout, cache, "tanh_forward")
    t, _ = tanh_forward(z)                        # tanh(z), recomputed from the cache
    return dout * (1 - t * t)


def softmax(logits):
    """Row-wise softmax, stable for large logits (the row maximum is subtracted before ``exp``).

    Input: ``logits`` of shape (N, C) (or a single row of shape (C,)).
    Returns: probabilities of the same shape; each row is positive and sums to 1.
    """
    reference("softmax")
    logits = _float_array("logits", logits)
    if logits.ndim not in (1, 2):
        raise ValueError(f"logits must have shape (N, C) or (C,), got shape {logits.shape}")
    if logits.shape[-1] == 0:
        raise ValueError(f"logits must have at least one class (column), got shape {logits.shape}")
    exps = logits - logits.max(axis=-1, keepdims=True)   # largest entry of each row becomes 0
    np.exp(exps, out=exps)
    exps /= exps.sum(axis=-1, keepdims=True)
    return exps
