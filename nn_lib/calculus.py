"""Lesson 01: finite differences and one sigmoid neuron with squared error."""

import numpy as np

from ._reference import reference
from ._validation import real_number
from .activations import sigmoid, sigmoid_derivative


def _plain(value):
    """Python float for a single number, the array itself otherwise (so a grid of ``w`` works too)."""
    value = np.asarray(value)
    return float(value) if value.ndim == 0 else value


def numerical_derivative(f, x, h=1e-5):
    """Central-difference estimate of ``f'(x)``: ``(f(x + h) - f(x - h)) / (2 h)``.

    ``f`` takes a number and returns a number; ``x`` is a number; ``h > 0`` is the step.
    The error of the central difference is O(h**2) (the forward difference's is O(h)).
    """
    reference("numerical_derivative")
    h = real_number("h", h)
    if h <= 0:
        raise ValueError(f"h (the finite-difference step) must be > 0, got {h}")
    return (f(x + h) - f(x - h)) / (2 * h)


def neuron_loss(w, b, x, y):
    """Squared error of one sigmoid neuron: ``L = (sigmoid(w*x + b) - y)**2`` (a Python float)."""
    reference("neuron_loss")
    return _plain((sigmoid(w * x + b) - y) ** 2)


def neuron_gradients(w, b, x, y):
    """Gradients of ``neuron_loss`` by the chain rule. Returns ``(dL_dw, dL_db)`` as Python floats.

    With ``z = w*x + b`` and ``p = sigmoid(z)``:
    ``dL/dp = 2 (p - y)``, ``dp/dz = sigmoid'(z)``, ``dz/dw = x``, ``dz/db = 1``.
    """
    reference("neuron_gradients")
    z = w * x + b
    dL_dz = 2 * (sigmoid(z) - y) * sigmoid_derivative(z)
    return _plain(dL_dz * x), _plain(dL_dz)
