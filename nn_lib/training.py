"""Mini-batches and the full training loop (lesson 06).

``train`` is the four steps of backpropagation, chained from the lesson functions, batch after
batch: ``mlp_forward`` -> ``softmax_cross_entropy`` -> ``mlp_backward`` -> ``sgd_step`` /
``momentum_step``. Compare it line by line with your own. (``Sequential.fit`` trains the same
network through a fused step, ``nn_lib.fast``, that computes the same numbers faster.)
"""

import numpy as np

from ._reference import reference
from ._validation import as_array, class_labels, generator, learning_rate, momentum_coefficient, positive_int
from .layers import mlp_backward, mlp_forward, num_layers, zeros_like
from .losses import softmax_cross_entropy
from .optim import momentum_step, sgd_step


def accuracy(scores, labels):
    """Fraction of rows whose largest score is at the true label, as a Python float.

    Inputs: ``scores`` (N, C); ``labels`` (N,), integer class ids in [0, C).
    """
    scores = as_array("scores", scores, ndim=2)
    labels = class_labels(labels, scores.shape[0], scores.shape[1])
    if scores.shape[0] == 0:
        raise ValueError("scores must hold at least one example, got shape (0, C)")
    return float(np.mean(scores.argmax(axis=1) == labels))


def iterate_minibatches(X, y, batch_size, rng=None):
    """Yield mini-batches ``(Xb, yb)`` covering every example exactly once.

    Inputs: ``X`` (N, ...), ``y`` (N, ...), ``batch_size >= 1``, ``rng`` a ``numpy.random.Generator``
    or None. With ``rng``, one fresh permutation is drawn per call and applied to ``X`` and ``y``
    alike (pairs stay together); with None the batches come in order (views of ``X`` and ``y``).
    Batches have ``batch_size`` rows except the last, which keeps the remaining ``N % batch_size``.
    """
    reference("iterate_minibatches")
    X, y = as_array("X", X), as_array("y", y)
    if X.ndim == 0 or y.ndim == 0:
        raise ValueError(f"X and y must be arrays with one row per example, got shapes {X.shape} and {y.shape}")
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"X and y must have the same number of examples (rows), got {X.shape[0]} and {y.shape[0]}")
    batch_size = positive_int("batch_size", batch_size)
    generator(rng, allow_none=True)
    order = None if rng is None else rng.permutation(X.shape[0])   # drawn now: one shuffle per call
    return _batches(X, y, batch_size, order)


def _batches(X, y, batch_size, order):
    for start in range(0, X.shape[0], batch_size):
        if order is None:
            yield X[start:start + batch_size], y[start:start + batch_size]
        else:
            index = order[start:start + batch_size]
            yield X[index], y[index]


def train(params, X, y, *, epochs, batch_size, lr, momentum=0.0, rng=None, X_val=None, y_val=None):
    """Train an MLP classifier (ReLU hidden layers, softmax cross-entropy) by mini-batch gradient descent.

    Inputs: ``params`` ``{"W1", "b1", ..., "WL", "bL"}`` (updated in place); ``X`` (N, D);
    ``y`` (N,) integer labels in [0, C) with C = the last layer's width; ``epochs >= 0``;
    ``batch_size >= 1``; ``lr >= 0``; ``momentum`` in [0, 1) (Keras's convention, 0 = plain SGD);
    ``rng``: shuffles the batches every epoch (None: in order, like Keras's ``shuffle=False``);
    ``X_val`` (M, D) and ``y_val`` (M,): optional validation data (both or neither).

    Returns ``history``: a dict of per-epoch lists. ``"loss"``/``"accuracy"`` are the means over the
    epoch's batches of each batch's loss/accuracy computed before that batch's update, weighted by
    batch size (as Keras reports them); ``"val_loss"``/``"val_accuracy"`` (only with validation
    data) are computed on the whole validation set after the epoch.
    """
    reference("train")
    X, y, X_val, y_val = _checked_data(params, X, y, X_val, y_val)
    epochs = positive_int("epochs", epochs, minimum=0)
    batch_size = positive_int("batch_size", batch_size)
    lr, momentum = learning_rate(lr), momentum_coefficient(momentum)
    generator(rng, allow_none=True)
    validate = X_val is not None

    history = {"loss": [], "accuracy": []}
    if validate:
        history.update(val_loss=[], val_accuracy=[])
    velocity = zeros_like(params) if momentum > 0 else None
    for _ in range(epochs):
        loss_sum = correct = 0.0
        for Xb, yb in iterate_minibatches(X, y, batch_size, rng):
            scores, caches = mlp_forward(Xb, params, "relu")           # 1. forward pass
            loss, dscores = softmax_cross_entropy(scores, yb)          # 2. error
            loss_sum += loss * len(yb)                                 #    (before the update,
            correct += np.count_nonzero(scores.argmax(axis=1) == yb)   #    weighted by batch size)
            grads = mlp_backward(dscores, caches, "relu")              # 3. backward pass
            if velocity is None:                                       # 4. weight update, in place
                sgd_step(params, grads, lr)
            else:
                momentum_step(params, grads, velocity, lr, momentum)
        history["loss"].append(loss_sum / X.shape[0])
        history["accuracy"].append(correct / X.shape[0])
        if validate:                                                   # after the epoch, whole set
            scores, _ = mlp_forward(X_val, params, "relu")
            history["val_loss"].append(softmax_cross_entropy(scores, y_val)[0])
            history["val_accuracy"].append(accuracy(scores, y_val))
    return history


def _checked_data(params, X, y, X_val, y_val):
    """train's checks of the parameters and the data, with messages that name what to fix.

    Returns ``X`` (N, D) and ``y`` (N,) as arrays, and ``X_val`` (M, D), ``y_val`` (M,) or None, None.
    """
    L = num_layers(params)
    X = as_array("X", X, ndim=2)
    width, width_name = X.shape[1], "X's feature count"
    for layer in range(1, L + 1):
        for key in (f"W{layer}", f"b{layer}"):
            if not isinstance(params[key], np.ndarray) or not np.issubdtype(params[key].dtype, np.floating):
                raise ValueError(f"params[{key!r}] must be a float numpy array (train updates it in place), "
                                 f"got {type(params[key]).__name__}")
        W, b = params[f"W{layer}"], params[f"b{layer}"]
        if W.ndim != 2 or W.shape[0] != width or b.shape != (W.shape[1:]):
            raise ValueError(f"W{layer} must have shape ({width}, D_{layer}) to match {width_name} and b{layer} "
                             f"shape (D_{layer},), got W{layer} {W.shape} and b{layer} {b.shape}")
        width, width_name = W.shape[1], f"W{layer}"
    num_classes = np.shape(params[f"W{L}"])[-1]
    y = class_labels(y, X.shape[0], num_classes, name="y")
    if X.shape[0] == 0:
        raise ValueError("X must hold at least one example, got 0 rows")
    if (X_val is None) != (y_val is None):
        raise ValueError("X_val and y_val must be given together (or neither), got only "
                         + ("X_val" if y_val is None else "y_val"))
    if X_val is not None:
        X_val = as_array("X_val", X_val, ndim=2)
        if X_val.shape[1] != X.shape[1]:
            raise ValueError(f"X_val must have X's {X.shape[1]} features (columns), got shape {X_val.shape}")
        y_val = class_labels(y_val, X_val.shape[0], num_classes, name="y_val")
        if X_val.shape[0] == 0:
            raise ValueError("X_val must hold at least one example, got 0 rows")
    return X, y, X_val, y_val
