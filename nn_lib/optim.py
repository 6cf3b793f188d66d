"""Parameter updates (lesson 06). Both update every array of ``params`` in place: ``params[k]``
stays the same object with the same dtype, ``grads`` is left untouched, and they return None."""

import numpy as np

from ._validation import learning_rate, momentum_coefficient


def _check_matching(params, other, other_name):
    if not isinstance(params, dict) or not isinstance(other, dict):
        raise ValueError(f"params and {other_name} must be dicts of arrays, got {type(params).__name__} "
                         f"and {type(other).__name__}")
    if set(params) != set(other):
        raise ValueError(f"{other_name} must have the same keys as params: expected {sorted(map(str, params))}, "
                         f"got {sorted(map(str, other))}")
    for key, p in params.items():
        if not isinstance(p, np.ndarray) or not np.issubdtype(p.dtype, np.floating):
            raise ValueError(f"params[{key!r}] must be a float numpy array (it is updated in place), got "
                             f"{type(p).__name__}" + (f" of dtype {p.dtype}" if isinstance(p, np.ndarray) else ""))
        shape = np.shape(other[key])
        if shape != p.shape:
            raise ValueError(f"{other_name}[{key!r}] must have the shape of params[{key!r}], {p.shape}, got {shape}")


def sgd_step(params, grads, lr):
    """Plain gradient descent: ``p -= lr * g`` for every key, in place.

    ``params`` and ``grads``: dicts with the same keys and shapes; ``lr >= 0``.
    """
    lr = learning_rate(lr)       # a Python float: float32 parameters stay float32 arithmetic
    _check_matching(params, grads, "grads")
    for key, p in params.items():
        p -= lr * np.asarray(grads[key])


def momentum_step(params, grads, velocity, lr, momentum):
    """Gradient descent with momentum, Keras's convention: ``v = momentum * v - lr * g``, ``p = p + v``.

    ``params``, ``grads``, ``velocity``: dicts with the same keys and shapes (``velocity`` starts at
    zeros, e.g. ``zeros_like(params)``); ``lr >= 0``; ``momentum`` in [0, 1).
    Updates ``params`` and ``velocity`` in place.
    """
    lr, momentum = learning_rate(lr), momentum_coefficient(momentum)
    _check_matching(params, grads, "grads")
    _check_matching(params, velocity, "velocity")
    for key, p in params.items():
        v = velocity[key]
        if not isinstance(v, np.ndarray):
            raise ValueError(f"velocity[{key!r}] must be a numpy array (it is updated in place), got {type(v).__name__}")
        v *= momentum
        v -= lr * np.asarray(grads[key])
        p += v
