"""The fast path: one fused training step for a plain ReLU MLP. Internal to nn_lib.

Read ``nn_lib.training.train`` to learn how training works: it chains the lesson functions. This
module computes exactly the same thing, faster, for the one network the course trains most: ReLU
hidden layers, a linear last layer, softmax cross-entropy from logits and SGD (with or without
momentum). ``Sequential.fit`` uses it when the model is exactly that network (see
``fused_step_for``); the tests check that both paths give the same history and weights.

``FusedTrainingStep`` is public so that benchmarks and tests can time and compare it, but it is
not part of the course's API: its arguments may change.
"""

import numpy as np

from ._reference import reference
from .layers import Dense, Input, ReLU
from .losses import SparseCategoricalCrossentropy
from .optim import SGD


class FusedTrainingStep:
    """One training step on one batch: the same computation as

        scores, caches = mlp_forward(Xb, params);  loss, dscores = softmax_cross_entropy(scores, yb)
        grads = mlp_backward(dscores, caches);      sgd_step / momentum_step(params, grads, ...)

    (equal up to rounding) but fused for speed: every intermediate array lives in a buffer
    allocated once (``out=`` arguments, in-place updates), each hidden layer keeps only its ReLU
    output ``a`` (``a > 0`` exactly where ``z > 0``, so it also serves as the backward mask), the
    first layer's ``dX`` is never computed, and each layer is updated as soon as its gradient is
    known (after its ``W`` has been used to pass the gradient further down).

    ``Ws``, ``bs``: the layers' weights (D_{l-1}, D_l) and biases (D_l,), updated in place;
    ``X``: the training inputs (only their dtype is used); ``batch_size``: the largest batch;
    ``velocities``: None, or the pair (list like ``Ws``, list like ``bs``) of momentum velocities,
    updated in place.
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
        """Forward, loss, backward and update on one batch ``Xb`` (n, D), ``yb`` (n,) integer labels.

        Returns ``(loss, correct)``: the batch's mean loss before the update (a Python float) and
        the number of rows whose largest score is at the label.
        """
        reference("train", "mlp_forward", "mlp_backward", "dense_forward", "dense_backward", "relu_forward",
                  "relu_backward", "softmax", "softmax_cross_entropy", "sgd_step", "momentum_step")  # all inline
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


def _relu_mlp_dense_layers(layers):
    """The Dense layers of ``layers`` if they form exactly a ReLU MLP with a linear last layer
    (``[Input] Dense(relu) | Dense() ReLU() ... Dense()``), else None."""
    layers = [layer for layer in layers if not isinstance(layer, Input)]
    dense, i = [], 0
    while i < len(layers):
        layer = layers[i]
        if not isinstance(layer, Dense):
            return None
        dense.append(layer)
        last = i == len(layers) - 1
        if layer.activation == "relu" and not last:
            i += 1
        elif layer.activation is None and not last and type(layers[i + 1]) is ReLU and i + 1 < len(layers) - 1:
            i += 2
        elif layer.activation is None and last:
            i += 1
        else:
            return None
    return dense


def fused_step_for(model, X, batch_size):
    """A ``FusedTrainingStep`` that trains ``model`` (a compiled ``Sequential``) on batches of ``X``,
    or None when the model is not exactly the network it fuses.

    It applies to a ReLU MLP with a linear last layer, ``SparseCategoricalCrossentropy(from_logits=True)``,
    ``SGD`` without Nesterov momentum and no metric but accuracy. The step uses the optimiser's own
    velocities, so momentum carries over between ``fit`` calls as in Keras. The layers' ``grads``
    are cleared: the fused step keeps no per-layer gradients.
    """
    loss, optimizer = model.loss, model.optimizer
    if not (isinstance(loss, SparseCategoricalCrossentropy) and loss.from_logits
            and type(optimizer) is SGD and not optimizer.nesterov
            and all(name in ("accuracy", "acc") for name in model.metrics)):
        return None
    dense = _relu_mlp_dense_layers(model.layers)
    if dense is None:
        return None
    velocities = None
    if optimizer.momentum > 0:
        velocity = optimizer.state("velocity", model.params)
        velocities = ([velocity[f"W{i}"] for i in range(1, len(dense) + 1)],
                      [velocity[f"b{i}"] for i in range(1, len(dense) + 1)])
    for layer in dense:
        layer.grads = {}
    return FusedTrainingStep([layer.params["W"] for layer in dense], [layer.params["b"] for layer in dense],
                             X, min(batch_size, len(X)), optimizer.learning_rate, optimizer.momentum, velocities)
