"""Mini-batches and the full training loop (lesson 06)."""

import numpy as np

from ._validation import as_array, class_labels, generator, learning_rate, momentum_coefficient, positive_int
from .layers import mlp_forward, num_layers
from .losses import softmax_cross_entropy


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
    epochs = positive_int("epochs", epochs, minimum=0)
    batch_size = positive_int("batch_size", batch_size)
    lr, momentum = learning_rate(lr), momentum_coefficient(momentum)
    generator(rng, allow_none=True)
    if (X_val is None) != (y_val is None):
        raise ValueError("X_val and y_val must be given together (or neither), got only "
                         + ("X_val" if y_val is None else "y_val"))
    validate = X_val is not None
    if validate:
        X_val = as_array("X_val", X_val, ndim=2)
        if X_val.shape[1] != X.shape[1]:
            raise ValueError(f"X_val must have X's {X.shape[1]} features (columns), got shape {X_val.shape}")
        y_val = class_labels(y_val, X_val.shape[0], num_classes, name="y_val")
        if X_val.shape[0] == 0:
            raise ValueError("X_val must hold at least one example, got 0 rows")

    history = {"loss": [], "accuracy": []}
    if validate:
        history.update(val_loss=[], val_accuracy=[])
    Ws = [params[f"W{layer}"] for layer in range(1, L + 1)]
    bs = [params[f"b{layer}"] for layer in range(1, L + 1)]
    velocities = ([np.zeros_like(p) for p in Ws], [np.zeros_like(p) for p in bs]) if momentum > 0 else None
    steps = _TrainingStep(Ws, bs, X, min(batch_size, X.shape[0]), lr, momentum, velocities)
    for _ in range(epochs):
        loss_sum = correct = 0.0
        for Xb, yb in iterate_minibatches(X, y, batch_size, rng):
            batch_loss, batch_correct = steps.run(Xb, yb)
            loss_sum += batch_loss * len(yb)
            correct += batch_correct
        history["loss"].append(loss_sum / X.shape[0])
        history["accuracy"].append(correct / X.shape[0])
        if validate:
            scores, _ = mlp_forward(X_val, params, "relu")
            history["val_loss"].append(softmax_cross_entropy(scores, y_val)[0])
            history["val_accuracy"].append(accuracy(scores, y_val))
    return history


class _TrainingStep:
    """One training step on one batch: the same computation as

        scores, caches = mlp_forward(Xb, params);  loss, dscores = softmax_cross_entropy(scores, yb)
        grads = mlp_backward(dscores, caches);      sgd_step / momentum_step(params, grads, ...)

    (equal up to rounding) but fused for speed: every intermediate array lives in a buffer allocated once per ``train``
    call (``out=`` arguments, in-place updates), each hidden layer keeps only its ReLU output
    ``a`` (``a > 0`` exactly where ``z > 0``, so it also serves as the backward mask), the first
    layer's ``dX`` is never computed, and each layer is updated as soon as its gradient is known
    (after its ``W`` has been used to pass the gradient further down).
    """

    def __init__(self, Ws, bs, X, batch_size, lr, momentum, velocities):
        self.Ws, self.bs, self.lr, self.momentum, self.velocities = Ws, bs, lr, momentum, velocities
        dtype = np.result_type(X.dtype, *(p.dtype for p in Ws + bs))   # numpy's promotion
        widths = [W.shape[1] for W in Ws]
        self.outputs = [np.empty((batch_size, width), dtype) for width in widths]      # a_l, last: scores
        self.deltas = [np.empty((batch_size, width), dtype) for width in widths[:-1]]  # dL/da_l, hidden
        self.masks = [np.empty((batch_size, width), dtype) for width in widths[:-1]]   # relu'(z_l)
        self.grad_W = [np.empty(W.shape, dtype) for W in Ws]
        self.grad_b = [np.empty(b.shape, dtype) for b in bs]
        self.row_offsets = np.arange(batch_size) * widths[-1]
        self.ones = np.ones(max(batch_size, widths[-1]), dtype)

    def run(self, Xb, yb):
        """Forward, loss, backward and update on one batch; returns (batch loss, number correct)."""
        n, L = Xb.shape[0], len(self.Ws)
        # Forward: a_l = relu(a_{l-1} @ W_l + b_l), the last layer linear.
        a = Xb
        for layer in range(L):
            z = self.outputs[layer][:n]
            np.matmul(a, self.Ws[layer], out=z)
            z += self.bs[layer]
            if layer < L - 1:
                np.maximum(z, 0, out=z)             # a = relu(z), in place
            a = z
        # Softmax cross-entropy and its gradient, in the scores' buffer. Row reductions over a few
        # classes are slow in numpy, so the row maximum comes from argmax (needed for the accuracy
        # anyway) and the row sums from a matrix-vector product.
        # Entries (i, k) are picked through flat indices i*C + k of the (n, C) scores buffer.
        scores, flat, offsets = a, a.reshape(-1), self.row_offsets[:n]
        predicted = scores.argmax(axis=1)
        correct = int(np.count_nonzero(predicted == yb))
        scores -= flat.take(offsets + predicted)[:, None]    # row maximum 0: exp cannot overflow
        label_index = offsets + yb
        picked = flat.take(label_index)                      # shifted score of the true class
        np.exp(scores, out=scores)
        sums = scores @ self.ones[:scores.shape[1]]
        loss = (float(np.log(sums).sum()) - float(picked.sum())) / n   # mean of log(sum) - picked
        np.multiply(sums, n, out=sums)
        scores /= sums[:, None]                              # softmax / n
        flat[label_index] -= 1.0 / n                         # minus onehot / n: dL/dscores
        # Backward, top layer first; update each layer once its W has passed the gradient on.
        dout = scores
        for layer in range(L - 1, -1, -1):
            a_prev = Xb if layer == 0 else self.outputs[layer - 1][:n]
            grad_W, grad_b = self.grad_W[layer], self.grad_b[layer]
            np.matmul(a_prev.T, dout, out=grad_W)
            np.matmul(self.ones[:n], dout, out=grad_b)   # the column sums, through BLAS
            if layer > 0:
                da = self.deltas[layer - 1][:n]
                np.matmul(dout, self.Ws[layer].T, out=da)
                mask = self.masks[layer - 1][:n]
                np.greater(a_prev, 0, out=mask)       # ReLU backward: 1.0 where z > 0, else 0.0
                da *= mask                            # (a float mask multiplies faster than a bool one)
                dout = da
            self._update(layer, grad_W, grad_b)
        return loss, correct

    def _update(self, layer, grad_W, grad_b):
        for p, g, v in ((self.Ws[layer], grad_W, None if self.velocities is None else self.velocities[0][layer]),
                        (self.bs[layer], grad_b, None if self.velocities is None else self.velocities[1][layer])):
            g *= self.lr                            # g is our own buffer: lr * g without a temporary
            if v is None:
                p -= g                              # sgd_step: p -= lr * g
            else:
                v *= self.momentum                  # momentum_step: v = m v - lr g; p += v
                v -= g
                p += v
