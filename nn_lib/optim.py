"""Parameter updates (lesson 06), and the optimiser objects of the Keras-like API.

``sgd_step`` and ``momentum_step`` update every array of ``params`` in place: ``params[k]`` stays
the same object with the same dtype, ``grads`` is left untouched, and they return None. The
optimiser objects ``SGD`` and ``Adam`` (Keras's names and defaults) share one update signature,
``optimizer.update(params, grads)``, and keep their state (velocities, moments) between calls.
"""

import numpy as np

from ._reference import reference
from ._validation import learning_rate, momentum_coefficient, non_negative_number


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
    reference("sgd_step")
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
    reference("momentum_step")
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


# ------------------------------------------------------------------ optimisers, as objects

class Optimizer:
    """Every optimiser has one update signature: ``update(params, grads)``.

    ``params`` and ``grads`` are dicts with the same keys and shapes; ``update`` changes every array
    of ``params`` in place and keeps per-key state (velocities, moments) between calls.
    """

    def update(self, params, grads):
        raise NotImplementedError

    def state(self, name, params):
        """Per-key state arrays (zeros on first use), in the dtype of the parameters."""
        store = self.__dict__.setdefault("_slots", {}).setdefault(name, {})
        for key, value in params.items():
            if key not in store or store[key].shape != value.shape or store[key].dtype != value.dtype:
                store[key] = np.zeros_like(value)
        return store


class SGD(Optimizer):
    """Stochastic gradient descent, with Keras's momentum convention.

    ``momentum = 0``: ``p -= learning_rate * g`` (``sgd_step``).
    ``momentum > 0``: ``v = momentum * v - learning_rate * g; p += v`` (``momentum_step``).
    ``nesterov=True``: ``v = momentum * v - learning_rate * g; p += momentum * v - learning_rate * g``.
    """

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False):
        self.learning_rate = non_negative_number("learning_rate", learning_rate)
        self.momentum = momentum_coefficient(momentum, "momentum")
        self.nesterov = bool(nesterov)

    def update(self, params, grads):
        reference("sgd_step", "momentum_step")    # nesterov=True computes momentum_step's velocity here
        lr, m = self.learning_rate, self.momentum
        if m == 0:
            sgd_step(params, grads, lr)
        elif not self.nesterov:
            momentum_step(params, grads, self.state("velocity", params), lr, m)
        else:
            velocity = self.state("velocity", params)
            for key, p in params.items():
                v = velocity[key]
                v *= m
                v -= lr * grads[key]
                p += m * v - lr * grads[key]

    def __repr__(self):
        return f"SGD(learning_rate={self.learning_rate}, momentum={self.momentum}, nesterov={self.nesterov})"


class Adam(Optimizer):
    """Adam with Keras's defaults and formula (bias correction folded into the step size):
    ``m += (1 - beta_1) (g - m)``, ``v += (1 - beta_2) (g**2 - v)``,
    ``p -= learning_rate * sqrt(1 - beta_2**t) / (1 - beta_1**t) * m / (sqrt(v) + epsilon)``."""

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        self.learning_rate = non_negative_number("learning_rate", learning_rate)
        self.beta_1 = momentum_coefficient(beta_1, "beta_1")
        self.beta_2 = momentum_coefficient(beta_2, "beta_2")
        self.epsilon = non_negative_number("epsilon", epsilon)
        self.iterations = 0

    def update(self, params, grads):
        self.iterations += 1
        t, b1, b2 = self.iterations, self.beta_1, self.beta_2
        step = self.learning_rate * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        first, second = self.state("m", params), self.state("v", params)
        for key, p in params.items():
            g = grads[key]
            first[key] += (1 - b1) * (g - first[key])
            second[key] += (1 - b2) * (g * g - second[key])
            p -= step * first[key] / (np.sqrt(second[key]) + self.epsilon)

    def __repr__(self):
        return f"Adam(learning_rate={self.learning_rate})"


_BY_NAME = {"sgd": SGD, "adam": Adam}


def get(identifier):
    """An optimiser object from an optimiser object or a name ("sgd", "adam": default settings),
    as ``keras.optimizers.get``."""
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, str):
        if identifier not in _BY_NAME:
            raise ValueError(f"optimizer must be an optimiser object or one of {sorted(_BY_NAME)}, "
                             f"got {identifier!r}")
        return _BY_NAME[identifier]()
    raise ValueError(f"optimizer must be an optimiser object such as SGD(...), got {identifier!r}")
