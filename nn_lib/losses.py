"""Loss functions and their gradients (lesson 04), and the same losses as Keras-like objects.

Each function returns ``(loss, dinput)``: ``loss`` is a Python float averaged as Keras does,
``dinput`` has the input's shape and dtype. None of them modifies its arguments. The loss objects
(``SparseCategoricalCrossentropy``, ``BinaryCrossentropy``, ``MeanSquaredError``) are what
``Sequential.compile(loss=...)`` takes, with Keras's names, defaults and argument order.
"""

import numpy as np

from ._reference import reference
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
    reference("mse_loss")
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
    reference("binary_cross_entropy")
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
    reference("softmax_cross_entropy", "softmax")      # the softmax is computed inline
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


# ------------------------------------------------------------------ the same losses, as objects

def match_target(name, y_true, y_pred):
    """Targets ``(N,)`` for outputs ``(N, 1)`` are reshaped, as Keras does; other mismatches raise."""
    y_true = np.asarray(y_true)
    if y_true.ndim == y_pred.ndim - 1 and y_pred.shape[-1] == 1:
        y_true = y_true.reshape(y_pred.shape)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"{name}: targets of shape {y_true.shape} do not match outputs of shape "
                         f"{y_pred.shape}")
    return y_true.astype(y_pred.dtype, copy=False)


class Loss:
    """A loss object: ``loss(y_true, y_pred)`` (Keras's argument order) returns a Python float.

    ``loss_and_grad(y_pred, y_true)`` returns ``(loss, dloss/dy_pred)``, the mean over the batch,
    with ``dloss/dy_pred`` of ``y_pred``'s shape (N, C).
    """
    expects_probabilities = False

    def __call__(self, y_true, y_pred):
        return self.loss_and_grad(np.asarray(y_pred), y_true)[0]

    def loss_and_grad(self, y_pred, y_true):
        raise NotImplementedError

    def __repr__(self):
        return f"{type(self).__name__}()"


_EPSILON = 1e-7  # Keras's clipping of probabilities away from 0 and 1


class _Crossentropy(Loss):
    """A cross-entropy on logits (``from_logits=True``) or on probabilities (Keras's default)."""

    def __init__(self, from_logits=False):
        self.from_logits = bool(from_logits)
        self.expects_probabilities = not self.from_logits

    def __repr__(self):
        return f"{type(self).__name__}(from_logits={self.from_logits})"


class SparseCategoricalCrossentropy(_Crossentropy):
    """Cross-entropy for integer class ids ``(N,)`` against ``(N, C)`` logits or probabilities.

    ``from_logits=True``: the model outputs logits (a linear last layer; the course's default), and
    this is ``softmax_cross_entropy``. ``from_logits=False`` (Keras's default): the model ends with a
    softmax and outputs probabilities ``p``; the loss is ``-mean(log p[i, y_i])``.
    """

    def loss_and_grad(self, y_pred, y_true):
        reference("softmax_cross_entropy")        # from probabilities: the cross-entropy is computed here
        labels = np.asarray(y_true)
        if self.from_logits:
            return softmax_cross_entropy(y_pred, labels)
        n = len(labels)
        rows = np.arange(n)
        p = np.clip(y_pred[rows, labels], _EPSILON, 1 - _EPSILON)
        dpred = np.zeros_like(y_pred)
        dpred[rows, labels] = -1.0 / (n * p)
        return float(-np.mean(np.log(p))), dpred


class BinaryCrossentropy(_Crossentropy):
    """Binary cross-entropy for 0/1 targets, averaged over every element (as Keras does).

    ``from_logits=True``: outputs are logits (``binary_cross_entropy``, the sigmoid inside, stably).
    ``from_logits=False`` (Keras's default): outputs are probabilities from a sigmoid layer.
    """

    def loss_and_grad(self, y_pred, y_true):
        reference("binary_cross_entropy")         # from probabilities: the cross-entropy is computed here
        targets = match_target("BinaryCrossentropy", y_true, y_pred)
        if self.from_logits:
            return binary_cross_entropy(y_pred, targets)
        p = np.clip(y_pred, _EPSILON, 1 - _EPSILON)
        loss = -np.mean(targets * np.log(p) + (1 - targets) * np.log(1 - p))
        return float(loss), (p - targets) / (p * (1 - p) * p.size)


class MeanSquaredError(Loss):
    """Mean of ``(y_pred - y_true)**2`` over every element (batch and outputs): ``mse_loss``."""

    def loss_and_grad(self, y_pred, y_true):
        return mse_loss(y_pred, match_target("MeanSquaredError", y_true, y_pred))


_BY_NAME = {
    "sparse_categorical_crossentropy": lambda: SparseCategoricalCrossentropy(from_logits=False),
    "binary_crossentropy": lambda: BinaryCrossentropy(from_logits=False),
    "mean_squared_error": MeanSquaredError, "mse": MeanSquaredError,
}


def get(identifier):
    """A loss object from a loss object or a name, as ``keras.losses.get``: "sparse_categorical_crossentropy"
    and "binary_crossentropy" (both expect probabilities, as in Keras), "mse" / "mean_squared_error"."""
    if isinstance(identifier, Loss):
        return identifier
    if isinstance(identifier, str) and identifier in _BY_NAME:
        return _BY_NAME[identifier]()
    if isinstance(identifier, str):
        raise ValueError(f"loss must be a loss object or one of {sorted(_BY_NAME)}, got {identifier!r}")
    raise ValueError(f"loss must be a loss object (e.g. SparseCategoricalCrossentropy(from_logits=True)) "
                     f"or a name, got {identifier!r}")
