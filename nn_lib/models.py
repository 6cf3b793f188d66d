"""A Keras-like object API built on nn_lib's forward/backward functions (lessons 06-08).

    model = Sequential([Dense(64, activation="relu", input_dim=64), Dense(10)], seed=0)
    model.compile(loss=SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=SGD(learning_rate=0.1, momentum=0.9), metrics=["accuracy"])
    history = model.fit(X, y, epochs=20, batch_size=32, validation_data=(X_val, y_val))
    history.history["val_accuracy"]           # same keys and meaning as in Keras

Names, arguments and defaults follow Keras, so lesson 08 is a short step. What differs, on purpose:
weights are created from an explicit ``seed`` (results are reproducible bit for bit), the model
keeps one dtype (``dtype=`` at construction, float64 by default; inputs are cast to it, as Keras
casts them to float32), and ``model.params`` shows the weights in the course's dict layout
``{"W1", "b1", ..., "WL", "bL"}`` (the arrays themselves, not copies), so they move freely between
``train()``, a ``Sequential`` and Keras (``get_weights()`` has Keras's order: W1, b1, W2, b2, ...).
"""

import sys

import numpy as np

from .activations import (relu_backward, relu_forward, sigmoid, sigmoid_backward, sigmoid_forward,
                          softmax, tanh_backward, tanh_forward)
from .layers import dense_backward, dense_forward, init_params
from .losses import binary_cross_entropy, mse_loss, softmax_cross_entropy
from .optim import momentum_step, sgd_step
from .training import iterate_minibatches

__all__ = ["Sequential", "Input", "Dense", "ReLU", "Sigmoid", "Tanh", "Softmax", "History",
           "SGD", "Adam", "SparseCategoricalCrossentropy", "BinaryCrossentropy", "MeanSquaredError"]


def _positive_int(name, value):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return int(value)


def _non_negative_number(name, value):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return float(value)


# ----------------------------------------------------------------------------------------- layers

class Layer:
    """Base class. A layer maps ``(N, D_in)`` to ``(N, D_out)``; ``forward`` keeps what ``backward`` needs.

    ``params`` and ``grads`` are dicts ``{"W": ..., "b": ...}`` (empty for activation layers).
    """
    params = {}
    grads = {}

    def build(self, input_dim, rng, dtype):
        """Create the weights for inputs of width ``input_dim``; return the output width."""
        return input_dim

    def forward(self, x):
        raise NotImplementedError

    def backward(self, dout, need_dx=True):
        raise NotImplementedError

    def __repr__(self):
        return f"{type(self).__name__}()"


class _Activation(Layer):
    """An element-wise activation layer built from an nn_lib ``*_forward`` / ``*_backward`` pair."""
    _forward = _backward = None

    def forward(self, x):
        a, self._cache = type(self)._forward(x)
        return a

    def backward(self, dout, need_dx=True):
        return type(self)._backward(dout, self._cache)


class ReLU(_Activation):
    """``max(z, 0)``."""
    _forward, _backward = staticmethod(relu_forward), staticmethod(relu_backward)


class Sigmoid(_Activation):
    """``1 / (1 + exp(-z))``."""
    _forward, _backward = staticmethod(sigmoid_forward), staticmethod(sigmoid_backward)


class Tanh(_Activation):
    """``tanh(z)``."""
    _forward, _backward = staticmethod(tanh_forward), staticmethod(tanh_backward)


def _softmax_forward(z):
    s = softmax(z)
    return s, s


def _softmax_backward(dout, s):
    # Jacobian-vector product of the row-wise softmax: ds_i/dz_j = s_i (delta_ij - s_j).
    return s * (dout - np.sum(dout * s, axis=1, keepdims=True))


class Softmax(_Activation):
    """Row-wise softmax: turns logits into class probabilities (pair it with ``from_logits=False``)."""
    _forward, _backward = staticmethod(_softmax_forward), staticmethod(_softmax_backward)


_ACTIVATIONS = {"relu": ReLU, "sigmoid": Sigmoid, "tanh": Tanh, "softmax": Softmax, "linear": None}

_INITIALIZERS = {"glorot_uniform": "xavier", "xavier": "xavier", "he_normal": "he", "he": "he"}


class Input(Layer):
    """Declares the input width, like ``keras.Input(shape)``: ``Input((64,))`` or ``Input(64)``."""

    def __init__(self, shape):
        shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
        if len(shape) != 1:
            raise ValueError(f"shape must be (n_features,) for a Sequential of Dense layers, got {shape!r}")
        self.input_dim = _positive_int("shape[0]", shape[0])

    def forward(self, x):
        return x

    def backward(self, dout, need_dx=True):
        return dout

    def __repr__(self):
        return f"Input(({self.input_dim},))"


class Dense(Layer):
    """Fully connected layer ``activation(x @ W + b)``; ``W`` is ``(D_in, units)``, ``b`` is ``(units,)``.

    ``activation``: None / "linear" (the default, as in Keras), "relu", "sigmoid", "tanh" or
    "softmax". ``input_dim`` is needed only on the first layer, and only if the model should be built
    before it first sees data. ``kernel_initializer``: "glorot_uniform" (Keras's default, also
    "xavier") or "he_normal" (also "he"), drawn by ``nn_lib.init_params``; biases start at zero.
    """

    def __init__(self, units, activation=None, *, input_dim=None, kernel_initializer="glorot_uniform"):
        self.units = _positive_int("units", units)
        if activation is not None and activation not in _ACTIVATIONS:
            raise ValueError(f"activation must be one of None, {', '.join(map(repr, _ACTIVATIONS))}; "
                             f"got {activation!r}")
        self.activation = None if activation == "linear" else activation
        self._activation = _ACTIVATIONS[activation]() if self.activation else None
        self.input_dim = None if input_dim is None else _positive_int("input_dim", input_dim)
        if kernel_initializer not in _INITIALIZERS:
            raise ValueError(f"kernel_initializer must be one of {', '.join(map(repr, _INITIALIZERS))}; "
                             f"got {kernel_initializer!r}")
        self.kernel_initializer = kernel_initializer
        self.params, self.grads = {}, {}

    def build(self, input_dim, rng, dtype):
        fresh = init_params([input_dim, self.units], rng, scheme=_INITIALIZERS[self.kernel_initializer])
        self.params = {"W": fresh["W1"].astype(dtype), "b": fresh["b1"].astype(dtype)}
        self.grads = {}
        return self.units

    def forward(self, x):
        z, self._cache = dense_forward(x, self.params["W"], self.params["b"])
        return self._activation.forward(z) if self._activation else z

    def backward(self, dout, need_dx=True):
        dz = self._activation.backward(dout) if self._activation else dout
        if need_dx:
            dx, dW, db = dense_backward(dz, self._cache)
        else:
            # The first layer's input gradient is never used: skip its matmul (a third of the
            # layer's backward FLOPs). Same formulas as dense_backward.
            x = self._cache[0]
            dx, dW, db = None, x.T @ dz, dz.sum(axis=0)
        self.grads = {"W": dW, "b": db}
        return dx

    def __repr__(self):
        act = f", activation={self.activation!r}" if self.activation else ""
        dim = f", input_dim={self.input_dim}" if self.input_dim else ""
        return f"Dense({self.units}{act}{dim})"


# ----------------------------------------------------------------------------------------- losses

def _match_target(name, y_true, y_pred):
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

    ``loss_and_grad(y_pred, y_true)`` returns ``(loss, dloss/dy_pred)``, the mean over the batch.
    """
    expects_probabilities = False

    def __call__(self, y_true, y_pred):
        return self.loss_and_grad(np.asarray(y_pred), y_true)[0]

    def loss_and_grad(self, y_pred, y_true):
        raise NotImplementedError

    def __repr__(self):
        return f"{type(self).__name__}()"


_EPSILON = 1e-7  # Keras's clipping of probabilities away from 0 and 1


class SparseCategoricalCrossentropy(Loss):
    """Cross-entropy for integer class ids ``(N,)`` against ``(N, C)`` logits or probabilities.

    ``from_logits=True``: the model outputs logits (a linear last layer; the course's default).
    ``from_logits=False`` (Keras's default): the model ends with a softmax and outputs probabilities.
    """

    def __init__(self, from_logits=False):
        self.from_logits = bool(from_logits)
        self.expects_probabilities = not self.from_logits

    def loss_and_grad(self, y_pred, y_true):
        labels = np.asarray(y_true)
        if self.from_logits:
            return softmax_cross_entropy(y_pred, labels)
        n = len(labels)
        rows = np.arange(n)
        p = np.clip(y_pred[rows, labels], _EPSILON, 1 - _EPSILON)
        dpred = np.zeros_like(y_pred)
        dpred[rows, labels] = -1.0 / (n * p)
        return float(-np.mean(np.log(p))), dpred

    def __repr__(self):
        return f"SparseCategoricalCrossentropy(from_logits={self.from_logits})"


class BinaryCrossentropy(Loss):
    """Binary cross-entropy for 0/1 targets, averaged over every element (as Keras does).

    ``from_logits=True``: outputs are logits (sigmoid applied inside, stably).
    ``from_logits=False`` (Keras's default): outputs are probabilities from a sigmoid layer.
    """

    def __init__(self, from_logits=False):
        self.from_logits = bool(from_logits)
        self.expects_probabilities = not self.from_logits

    def loss_and_grad(self, y_pred, y_true):
        targets = _match_target("BinaryCrossentropy", y_true, y_pred)
        if self.from_logits:
            return binary_cross_entropy(y_pred, targets)
        p = np.clip(y_pred, _EPSILON, 1 - _EPSILON)
        loss = -np.mean(targets * np.log(p) + (1 - targets) * np.log(1 - p))
        return float(loss), (p - targets) / (p * (1 - p) * p.size)

    def __repr__(self):
        return f"BinaryCrossentropy(from_logits={self.from_logits})"


class MeanSquaredError(Loss):
    """Mean of ``(y_pred - y_true)**2`` over every element (batch and outputs), as Keras does."""

    def loss_and_grad(self, y_pred, y_true):
        return mse_loss(y_pred, _match_target("MeanSquaredError", y_true, y_pred))


_LOSSES = {
    "sparse_categorical_crossentropy": lambda: SparseCategoricalCrossentropy(from_logits=False),
    "binary_crossentropy": lambda: BinaryCrossentropy(from_logits=False),
    "mean_squared_error": MeanSquaredError, "mse": MeanSquaredError,
}


# ------------------------------------------------------------------------------------- optimisers

class Optimizer:
    """Every optimiser has one update signature: ``update(params, grads)``.

    ``params`` and ``grads`` are dicts with the same keys; ``update`` changes every array of
    ``params`` in place and keeps per-key state (velocities, moments) between calls.
    """

    def update(self, params, grads):
        raise NotImplementedError

    def _state(self, name, params):
        """Per-key state arrays (zeros on first use), in the dtype of the parameters."""
        store = self.__dict__.setdefault("_slots", {}).setdefault(name, {})
        for key, value in params.items():
            if key not in store or store[key].shape != value.shape or store[key].dtype != value.dtype:
                store[key] = np.zeros_like(value)
        return store


class SGD(Optimizer):
    """Stochastic gradient descent, with Keras's momentum convention.

    ``momentum = 0``: ``p -= learning_rate * g`` (``nn_lib.sgd_step``).
    ``momentum > 0``: ``v = momentum * v - learning_rate * g; p += v`` (``nn_lib.momentum_step``).
    ``nesterov=True``: ``v = momentum * v - learning_rate * g; p += momentum * v - learning_rate * g``.
    """

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False):
        self.learning_rate = _non_negative_number("learning_rate", learning_rate)
        self.momentum = _non_negative_number("momentum", momentum)
        if self.momentum >= 1:
            raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")
        self.nesterov = bool(nesterov)

    def update(self, params, grads):
        lr, m = self.learning_rate, self.momentum
        if m == 0:
            sgd_step(params, grads, lr)
        elif not self.nesterov:
            momentum_step(params, grads, self._state("velocity", params), lr, m)
        else:
            velocity = self._state("velocity", params)
            for key, p in params.items():
                v = velocity[key]
                v *= m
                v -= lr * grads[key]
                p += m * v - lr * grads[key]

    def __repr__(self):
        return f"SGD(learning_rate={self.learning_rate}, momentum={self.momentum}, nesterov={self.nesterov})"


class Adam(Optimizer):
    """Adam with Keras's defaults and formula (bias correction folded into the step size)."""

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        self.learning_rate = _non_negative_number("learning_rate", learning_rate)
        for name, beta in (("beta_1", beta_1), ("beta_2", beta_2)):
            if not 0 <= _non_negative_number(name, beta) < 1:
                raise ValueError(f"{name} must be in [0, 1), got {beta!r}")
        self.beta_1, self.beta_2 = float(beta_1), float(beta_2)
        self.epsilon = _non_negative_number("epsilon", epsilon)
        self.iterations = 0

    def update(self, params, grads):
        self.iterations += 1
        t, b1, b2 = self.iterations, self.beta_1, self.beta_2
        step = self.learning_rate * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        first, second = self._state("m", params), self._state("v", params)
        for key, p in params.items():
            g = grads[key]
            first[key] += (1 - b1) * (g - first[key])
            second[key] += (1 - b2) * (g * g - second[key])
            p -= step * first[key] / (np.sqrt(second[key]) + self.epsilon)

    def __repr__(self):
        return f"Adam(learning_rate={self.learning_rate})"


_OPTIMIZERS = {"sgd": SGD, "adam": Adam}


# ---------------------------------------------------------------------------------------- metrics

def _count_correct(y_pred, y_true, loss):
    """Number of correct predictions in a batch (accuracy's numerator)."""
    if y_pred.shape[-1] == 1 and not isinstance(loss, SparseCategoricalCrossentropy):
        # One output unit: a binary classifier. Logits are positive, probabilities above 0.5.
        threshold = 0.0 if getattr(loss, "from_logits", False) else 0.5
        predicted = (y_pred > threshold).ravel()
        return int(np.count_nonzero(predicted == (np.asarray(y_true).ravel() > 0.5)))
    return int(np.count_nonzero(y_pred.argmax(axis=1) == y_true))


def _sum_abs_error(y_pred, y_true, loss):
    diff = y_pred - _match_target("mae", y_true, y_pred)
    return float(np.abs(diff).sum()) / (diff.size / len(diff))


def _sum_squared_error(y_pred, y_true, loss):
    diff = y_pred - _match_target("mse", y_true, y_pred)
    return float((diff * diff).sum()) / (diff.size / len(diff))


# Each metric returns a per-batch *sum over examples*; dividing by the number of examples seen gives
# Keras's value (the batch-size-weighted mean of the per-batch means).
_METRICS = {"accuracy": _count_correct, "acc": _count_correct,
            "mae": _sum_abs_error, "mean_absolute_error": _sum_abs_error,
            "mse": _sum_squared_error, "mean_squared_error": _sum_squared_error}


# ---------------------------------------------------------------------------------------- History

class History:
    """What ``fit`` returns, as in Keras: ``history`` maps each key ("loss", "accuracy",
    "val_loss", "val_accuracy", ...) to a list with one float per epoch; ``epoch`` lists the epoch
    indices; ``params`` holds ``{"epochs", "steps", "verbose"}``; ``model`` is the model."""

    def __init__(self, model=None, params=None):
        self.model = model
        self.params = params or {}
        self.history = {}
        self.epoch = []

    def __repr__(self):
        return f"History(epochs={len(self.epoch)}, keys={list(self.history)})"


def _progress_bar(total, verbose):
    """A tqdm bar to stdout: the notebook widget in Jupyter (unless COURSE_HEADLESS=1), text elsewhere."""
    import os

    if os.environ.get("COURSE_HEADLESS") == "1":
        from tqdm.std import tqdm
    else:
        from tqdm.auto import tqdm
    return tqdm(total=total, file=sys.stdout, unit="batch", leave=True, dynamic_ncols=True)


# ------------------------------------------------------------------------------------- Sequential

class Sequential:
    """A stack of layers trained with ``compile`` + ``fit``, like ``keras.Sequential``.

    ``seed`` (an int or a ``numpy.random.Generator``) draws the initial weights and, unless ``fit``
    is given its own, the shuffling order. ``dtype`` is the dtype of every weight and of training:
    inputs are cast to it (float64 by default; pass ``np.float32`` for speed, as Keras uses).
    """

    def __init__(self, layers=None, *, seed=0, dtype=np.float64):
        if isinstance(seed, np.random.Generator):
            self._rng = seed
        elif isinstance(seed, (int, np.integer)) and not isinstance(seed, (bool, np.bool_)):
            self._rng = np.random.default_rng(int(seed))
        else:
            raise ValueError(f"seed must be an int or a numpy.random.Generator, got {seed!r}")
        self.dtype = np.dtype(dtype)
        if self.dtype.kind != "f":
            raise ValueError(f"dtype must be a float dtype such as np.float32 or np.float64, got {dtype!r}")
        self.layers = []
        self.input_dim = None
        self.loss = self.optimizer = None
        self.metrics = []
        self.use_fused_step = True      # see _fused_step
        for layer in layers or []:
            self.add(layer)

    # --- structure
    def add(self, layer):
        """Append a layer; a first layer that knows its input width builds the model at once."""
        if not isinstance(layer, Layer):
            raise ValueError(f"layers must be nn_lib layers (Dense, ReLU, ...), got {layer!r}")
        if isinstance(layer, Input) and self.layers:
            raise ValueError("layers: Input(...) can only be the first layer")
        self.layers.append(layer)
        if len(self.layers) == 1 and getattr(layer, "input_dim", None):
            self.build(layer.input_dim)
        elif self.built:
            self._output_dim = layer.build(self._output_dim, self._rng, self.dtype)
            self._dense = [layer for layer in self.layers if isinstance(layer, Dense)]

    def build(self, input_dim):
        """Create every weight for inputs with ``input_dim`` features (done by ``fit`` if needed)."""
        self.input_dim = _positive_int("input_dim", input_dim)
        width = self.input_dim
        for layer in self.layers:
            width = layer.build(width, self._rng, self.dtype)
        self._output_dim = width
        self._dense = [layer for layer in self.layers if isinstance(layer, Dense)]

    @property
    def built(self):
        return self.input_dim is not None

    def _require_built(self, what):
        if not self.built:
            raise RuntimeError(f"{what}: the model has no weights yet. Give the first layer input_dim=..., "
                               "call model.build(n_features) or fit it first.")

    @property
    def params(self):
        """The weights as ``{"W1", "b1", ..., "WL", "bL"}``: the model's own arrays, not copies.

        Changing an array in place (``model.params["W1"][...] = W``, ``sgd_step(model.params, ...)``)
        changes the model; use ``set_weights`` to load a whole dict.
        """
        self._require_built("params")
        out = {}
        for i, layer in enumerate(self._dense, start=1):
            out[f"W{i}"], out[f"b{i}"] = layer.params["W"], layer.params["b"]
        return out

    @property
    def grads(self):
        """Gradients of the last batch of ``train_on_batch`` (or of a ``fit`` on the general path,
        see ``_fused_step``), in the layout of ``params``; empty when none are kept."""
        self._require_built("grads")
        out = {}
        for i, layer in enumerate(self._dense, start=1):
            if layer.grads:
                out[f"W{i}"], out[f"b{i}"] = layer.grads["W"], layer.grads["b"]
        return out

    def get_weights(self):
        """Copies of the weights in Keras's order ``[W1, b1, W2, b2, ...]``."""
        return [value.copy() for value in self.params.values()]

    def set_weights(self, weights):
        """Load weights from a list ``[W1, b1, ...]`` (Keras's ``get_weights()``) or a dict
        ``{"W1", "b1", ...}`` (``init_params``, ``train``). Values are copied into the model's
        arrays, which keep the model's dtype."""
        own = self.params
        if isinstance(weights, dict):
            if set(weights) != set(own):
                raise ValueError(f"weights must have the keys {sorted(own)}, got {sorted(weights)}")
            values = [weights[key] for key in own]
        else:
            values = list(weights)
            if len(values) != len(own):
                raise ValueError(f"weights must hold {len(own)} arrays (W1, b1, ...), got {len(values)}")
        for (key, target), value in zip(own.items(), values):
            value = np.asarray(value)
            if value.shape != target.shape:
                raise ValueError(f"weights: {key} must have shape {target.shape}, got {value.shape}")
            target[...] = value

    @classmethod
    def from_params(cls, params, activation="relu"):
        """The ``Sequential`` that computes ``mlp_forward(X, params, activation)``, in params' dtype.

        The weights are copied; hidden layers use ``activation``, the last layer is linear.
        """
        n_layers = len(params) // 2
        if n_layers < 1 or set(params) != {f"{p}{i}" for i in range(1, n_layers + 1) for p in "Wb"}:
            raise ValueError(f"params must have the keys W1, b1, ..., WL, bL; got {sorted(params)}")
        W1 = np.asarray(params["W1"])
        layers = [Dense(np.shape(params[f"W{i}"])[1], activation if i < n_layers else None,
                        input_dim=W1.shape[0] if i == 1 else None) for i in range(1, n_layers + 1)]
        model = cls(layers, dtype=W1.dtype if W1.dtype.kind == "f" else np.float64)
        model.set_weights(params)
        return model

    def summary(self):
        """Print each layer, its output width and its number of weights."""
        self._require_built("summary")
        print(f"{'layer':<32}{'output':>10}{'weights':>10}")
        width, total = self.input_dim, 0
        for layer in self.layers:
            if isinstance(layer, Dense):
                width = layer.units
            count = sum(p.size for p in layer.params.values())
            total += count
            print(f"{layer!r:<32}{width:>10}{count:>10}")
        print(f"total weights: {total} ({self.dtype})")

    # --- compile
    def compile(self, loss, optimizer="sgd", metrics=None):
        """Choose the loss, the optimiser and the metrics, as in Keras.

        ``loss``: a loss object or "sparse_categorical_crossentropy" / "binary_crossentropy" (both
        expect probabilities, as in Keras) / "mse". ``optimizer``: an optimiser object or "sgd" /
        "adam" (default settings). ``metrics``: a list of "accuracy", "mae", "mse".
        """
        if isinstance(loss, str):
            if loss not in _LOSSES:
                raise ValueError(f"loss must be a loss object or one of {sorted(_LOSSES)}, got {loss!r}")
            loss = _LOSSES[loss]()
        elif not isinstance(loss, Loss):
            raise ValueError(f"loss must be a loss object (e.g. SparseCategoricalCrossentropy(from_logits=True)) "
                             f"or a name, got {loss!r}")
        last = self.layers[-1] if self.layers else None
        if loss.expects_probabilities and isinstance(last, Dense) and last.activation is None:
            raise ValueError(f"loss: {loss!r} expects probabilities, but the last layer is linear and outputs "
                             "logits; use from_logits=True (or end the model with a softmax / sigmoid)")
        if isinstance(optimizer, str):
            if optimizer not in _OPTIMIZERS:
                raise ValueError(f"optimizer must be an optimiser object or one of {sorted(_OPTIMIZERS)}, "
                                 f"got {optimizer!r}")
            optimizer = _OPTIMIZERS[optimizer]()
        elif not isinstance(optimizer, Optimizer):
            raise ValueError(f"optimizer must be an optimiser object such as SGD(...), got {optimizer!r}")
        metrics = list(metrics or [])
        for name in metrics:
            if name not in _METRICS:
                raise ValueError(f"metrics: unknown metric {name!r}; known: {sorted(_METRICS)}")
        self.loss, self.optimizer, self.metrics = loss, optimizer, metrics

    # --- computation
    def _check_inputs(self, X, name="X"):
        X = np.asarray(X)
        if X.ndim != 2:
            raise ValueError(f"{name} must be a 2-D array of shape (N, n_features), got shape {X.shape}")
        if X.dtype.kind not in "fiub":
            raise ValueError(f"{name} must hold numbers, got dtype {X.dtype}")
        if not self.built:
            self.build(X.shape[1])
        if X.shape[1] != self.input_dim:
            raise ValueError(f"{name} has {X.shape[1]} features but the model expects {self.input_dim}")
        return X.astype(self.dtype, copy=False)

    def _check_targets(self, y, n, name="y"):
        y = np.asarray(y)
        if len(y) != n:
            raise ValueError(f"{name} has {len(y)} rows but the inputs have {n}")
        if isinstance(self.loss, SparseCategoricalCrossentropy):
            if y.ndim != 1:
                raise ValueError(f"{name} must hold integer class ids of shape (N,), got shape {y.shape}")
            if y.dtype.kind == "f" and np.any(y != np.round(y)):
                raise ValueError(f"{name} must hold integer class ids, got non-integer values")
            y = y.astype(np.int64, copy=False)
            if n and (y.min() < 0 or y.max() >= self._output_dim):
                raise ValueError(f"{name} holds class ids from {y.min()} to {y.max()}, but the model has "
                                 f"{self._output_dim} outputs (ids 0 to {self._output_dim - 1})")
        return y

    def _forward(self, X):
        for layer in self.layers:
            X = layer.forward(X)
        return X

    def _train_step(self, Xb, yb, params, sums):
        scores = self._forward(Xb)
        loss, dscores = self.loss.loss_and_grad(scores, yb)
        n = len(Xb)
        sums["loss"] += loss * n
        for name in self.metrics:
            sums[name] += _METRICS[name](scores, yb, self.loss)
        for index in range(len(self.layers) - 1, self._first_weighted - 1, -1):
            dscores = self.layers[index].backward(dscores, need_dx=index > self._first_weighted)
        self.optimizer.update(params, self.grads)

    def _fused_step(self, X, batch_size):
        """nn_lib.train's fused training step for this model, or None if it does not apply.

        ``train`` runs a plain ReLU MLP with softmax cross-entropy and SGD through one fused step
        (buffers allocated once, in-place updates; see ``nn_lib.training``). When this model is
        exactly that network, ``fit`` uses the same step: same results up to rounding, several
        times less overhead per batch. The optimiser's velocities are the step's, so momentum
        carries over between ``fit`` calls as in Keras. Set ``model.use_fused_step = False`` to
        run the general layer-by-layer path (which also keeps ``model.grads``).
        """
        from .training import _TrainingStep

        loss, optimizer = self.loss, self.optimizer
        if not (self.use_fused_step and isinstance(loss, SparseCategoricalCrossentropy) and loss.from_logits
                and type(optimizer) is SGD and not optimizer.nesterov
                and all(name in ("accuracy", "acc") for name in self.metrics)):
            return None
        layers = [layer for layer in self.layers if not isinstance(layer, Input)]
        dense, i = [], 0
        while i < len(layers):                      # Dense(relu) | Dense() ReLU() ... then Dense()
            layer = layers[i]
            if not isinstance(layer, Dense):
                return None
            dense.append(layer)
            last = i == len(layers) - 1
            if layer.activation == "relu" and not last:
                i += 1
            elif layer.activation is None and not last and type(layers[i + 1]) is ReLU \
                    and i + 1 < len(layers) - 1:
                i += 2
            elif layer.activation is None and last:
                i += 1
            else:
                return None
        Ws = [layer.params["W"] for layer in dense]
        bs = [layer.params["b"] for layer in dense]
        velocities = None
        if optimizer.momentum > 0:
            velocity = optimizer._state("velocity", self.params)
            velocities = ([velocity[f"W{i}"] for i in range(1, len(dense) + 1)],
                          [velocity[f"b{i}"] for i in range(1, len(dense) + 1)])
        for layer in dense:
            layer.grads = {}
        return _TrainingStep(Ws, bs, X, min(batch_size, len(X)), optimizer.learning_rate, optimizer.momentum,
                             velocities)

    def _require_compiled(self, what):
        if self.loss is None:
            raise RuntimeError(f"{what}: call model.compile(loss=..., optimizer=...) first")

    def _prepare_training(self, X, y):
        self._require_compiled("fit")
        X = self._check_inputs(X)
        y = self._check_targets(y, len(X))
        dense = [i for i, layer in enumerate(self.layers) if isinstance(layer, Dense)]
        if not dense:
            raise ValueError("layers: the model has no Dense layer, so there is nothing to train")
        self._first_weighted = dense[0]
        return X, y

    def train_on_batch(self, X, y):
        """One update on one batch; returns the loss before the update (and the metrics, as a list)."""
        X, y = self._prepare_training(X, y)
        sums = dict.fromkeys(["loss", *self.metrics], 0.0)
        self._train_step(X, y, self.params, sums)
        values = [sums[key] / len(X) for key in sums]
        return values[0] if len(values) == 1 else values

    def fit(self, X, y, epochs=1, batch_size=32, validation_data=None, shuffle=True, verbose="auto",
            seed=None, rng=None):
        """Train for ``epochs`` passes over ``(X, y)`` in mini-batches; returns a ``History``.

        ``history.history["loss"]`` (and each metric) is, per epoch, the batch-size-weighted mean of
        the batch values computed *before* each batch's update, as Keras reports it;
        ``"val_loss"`` / ``"val_<metric>"`` are computed on all of ``validation_data = (X_val, y_val)``
        after the epoch. ``shuffle=True`` reshuffles every epoch with ``seed`` (an int or a Generator;
        ``rng=`` is the same, named as in ``train``; by default the model's own generator) exactly as
        ``train(..., rng=...)`` does, so both give the same run; ``shuffle=False`` keeps batches in order, and the last
        batch may be short. ``batch_size=None`` means 32, as in Keras. ``verbose``: 0 silent,
        1 / "auto" a progress bar (stdout), 2 one line per epoch.
        """
        epochs = _positive_int("epochs", epochs)
        batch_size = 32 if batch_size is None else _positive_int("batch_size", batch_size)
        if verbose == "auto":
            verbose = 1
        if verbose not in (0, 1, 2):
            raise ValueError(f"verbose must be 0, 1, 2 or 'auto', got {verbose!r}")
        if not isinstance(shuffle, (bool, np.bool_)):
            raise ValueError(f"shuffle must be True or False, got {shuffle!r}")
        X, y = self._prepare_training(X, y)
        if len(X) == 0:
            raise ValueError("X must hold at least one example")
        if validation_data is not None:
            if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
                raise ValueError("validation_data must be a pair (X_val, y_val)")
            X_val = self._check_inputs(validation_data[0], "validation_data[0]")
            y_val = self._check_targets(validation_data[1], len(X_val), "validation_data[1]")
        if seed is not None and rng is not None:
            raise ValueError("seed and rng name the same thing: pass only one of them")
        seed = rng if seed is None else seed
        if seed is None:
            rng = self._rng
        elif isinstance(seed, np.random.Generator):
            rng = seed
        elif isinstance(seed, (int, np.integer)) and not isinstance(seed, (bool, np.bool_)):
            rng = np.random.default_rng(int(seed))
        else:
            raise ValueError(f"seed must be None, an int or a numpy.random.Generator, got {seed!r}")

        steps = -(-len(X) // batch_size)
        history = History(self, {"epochs": epochs, "steps": steps, "verbose": verbose})
        keys = ["loss", *self.metrics]
        history.history = {key: [] for key in keys}
        if validation_data is not None:
            history.history.update({f"val_{key}": [] for key in keys})
        params = self.params
        fused = self._fused_step(X, batch_size)
        bar = _progress_bar(epochs * steps, verbose) if verbose == 1 else None
        try:
            for epoch in range(epochs):
                if bar is not None:
                    bar.set_description(f"Epoch {epoch + 1}/{epochs}")
                sums = dict.fromkeys(keys, 0.0)
                for Xb, yb in iterate_minibatches(X, y, batch_size, rng if shuffle else None):
                    if fused is None:
                        self._train_step(Xb, yb, params, sums)
                    else:
                        loss, correct = fused.run(Xb, yb)
                        sums["loss"] += loss * len(Xb)
                        for name in self.metrics:
                            sums[name] += correct
                    if bar is not None:
                        bar.update(1)
                logs = {key: sums[key] / len(X) for key in keys}
                if validation_data is not None:
                    logs.update({f"val_{key}": value
                                 for key, value in zip(keys, self._evaluate(X_val, y_val))})
                for key, value in logs.items():
                    history.history[key].append(float(value))
                history.epoch.append(epoch)
                text = " - ".join(f"{key}: {value:.4f}" for key, value in logs.items())
                if bar is not None:
                    bar.set_postfix_str(text)
                elif verbose == 2:
                    print(f"Epoch {epoch + 1}/{epochs} - {text}", flush=True)
        finally:
            if bar is not None:
                bar.close()
        return history

    def _evaluate(self, X, y):
        scores = self._forward(X)
        loss, _ = self.loss.loss_and_grad(scores, y)
        n = max(len(X), 1)
        return [loss] + [_METRICS[name](scores, y, self.loss) / n for name in self.metrics]

    def evaluate(self, X, y, return_dict=False):
        """Loss (and metrics) on all of ``(X, y)`` with the current weights, no update.

        Returns the loss as a float when there are no metrics, else ``[loss, metric, ...]``, or a dict
        with ``return_dict=True`` (as Keras's ``evaluate``).
        """
        self._require_compiled("evaluate")
        X = self._check_inputs(X)
        y = self._check_targets(y, len(X))
        if len(X) == 0:
            raise ValueError("X must hold at least one example")
        values = [float(v) for v in self._evaluate(X, y)]
        if return_dict:
            return dict(zip(["loss", *self.metrics], values))
        return values[0] if len(values) == 1 else values

    def predict(self, X):
        """The model's outputs for ``X`` of shape (N, n_features): logits for a linear last layer."""
        return self._forward(self._check_inputs(X))

    def __call__(self, X):
        return self.predict(X)

    def __repr__(self):
        return f"Sequential([{', '.join(map(repr, self.layers))}], dtype={self.dtype.name})"
