"""Loss functions and their gradients (lesson 04).

Each returns ``(loss, dinput)``: ``loss`` is a Python float averaged as Keras does, ``dinput`` has
the input's shape and dtype. None of them modifies its arguments.
"""

import numpy as np

from ._validation import as_array, class_labels, same_shape
from .activations import sigmoid


def _float(name, value):
    array = as_array(name, value)
    return array if np.issubdtype(array.dtype, np.floating) else array.astype(np.float64)


def _non_empty(name, array):
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")


def mse_loss(pred, target):
    """Mean squared error over every element: ``L = mean((pred - target)**2)`` (Keras's ``MeanSquaredError``).

    Inputs: ``pred`` and ``target``, the same shape, e.g. (N, D). Returns ``(loss, dpred)`` with
    ``dpred = 2 (pred - target) / pred.size`` of ``pred``'s shape.
    """
    pred, target = _float("pred", pred), as_array("target", target)
    same_shape("pred", pred, "target", target)
    _non_empty("pred", pred)
    diff = pred - target
    loss = float(np.mean(diff * diff))
    diff *= 2.0 / diff.size                       # reuse diff as the gradient
    return loss, diff


def binary_cross_entropy(logits, targets):
    """Binary cross-entropy on logits (the sigmoid is inside), averaged over every element.

    ``L = mean(-t log sigmoid(z) - (1 - t) log(1 - sigmoid(z)))``, computed in the stable form
    ``max(z, 0) - z t + log(1 + exp(-|z|))``, which never overflows nor takes log(0).
    Inputs: ``logits`` ``z`` and ``targets`` ``t`` (in [0, 1]), the same shape, e.g. (N,) or (N, 1).
    Returns ``(loss, dlogits)`` with ``dlogits = (sigmoid(z) - t) / z.size``.
    """
    z, t = _float("logits", logits), as_array("targets", targets)
    same_shape("logits", z, "targets", t)
    _non_empty("logits", z)
    loss = float(np.mean(np.maximum(z, 0) - z * t + np.log1p(np.exp(-np.abs(z)))))
    dlogits = np.asarray(sigmoid(z) - t)
    dlogits *= 1.0 / z.size
    return loss, dlogits


def softmax_cross_entropy(logits, labels):
    """Softmax followed by cross-entropy, averaged over the batch (stable for large logits).

    ``L = mean_i(log sum_j exp(z_ij) - z_i,y_i)``, with each row's maximum subtracted first.
    Inputs: ``logits`` (N, C); ``labels`` (N,), integer class ids in [0, C).
    Returns ``(loss, dlogits)``: ``dlogits = (softmax(logits) - onehot(labels)) / N``, shape (N, C).
    """
    z = _float("logits", logits)
    if z.ndim != 2:
        raise ValueError(f"logits must have shape (N, C), got shape {z.shape}")
    N, C = z.shape
    if N == 0 or C == 0:
        raise ValueError(f"logits must have at least one example and one class, got shape {z.shape}")
    labels = class_labels(labels, N, C)
    rows = np.arange(N)
    shifted = z - z.max(axis=1, keepdims=True)    # row maximum 0: exp cannot overflow
    correct = shifted[rows, labels]               # (N,), picked before shifted is reused
    probs = np.exp(shifted, out=shifted)
    sums = probs.sum(axis=1)
    loss = float(np.mean(np.log(sums) - correct))
    probs /= sums[:, None]                        # softmax
    probs[rows, labels] -= 1                      # minus the one-hot target
    probs *= 1.0 / N
    return loss, probs
