"""The Keras-like ``Sequential`` model and its ``History`` (lessons 06-08).

    model = Sequential([Dense(64, activation="relu", input_dim=64), Dense(10)], seed=0)
    model.compile(loss=SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=SGD(learning_rate=0.1, momentum=0.9), metrics=["accuracy"])
    history = model.fit(X, y, epochs=20, batch_size=32, validation_data=(X_val, y_val))
    history.history["val_accuracy"]           # same keys and meaning as in Keras

The pieces live where Keras keeps them: layer objects in ``nn_lib.layers``, loss objects in
``nn_lib.losses``, optimisers in ``nn_lib.optim``, metrics in ``nn_lib.metrics``, what ``verbose``
prints in ``nn_lib.progress``; this module re-exports them, so ``from nn_lib.models import SGD``
works as before. Names, arguments and defaults follow Keras, so lesson 08 is a short step. What
differs, on purpose: weights are created from an explicit ``seed`` (results are reproducible bit
for bit), the model keeps one dtype (``dtype=`` at construction, float64 by default; inputs are
cast to it, as Keras casts them to float32), and ``model.params`` shows the weights in the course's
dict layout ``{"W1", "b1", ..., "WL", "bL"}`` (the arrays themselves, not copies), so they move
freely between ``train()``, a ``Sequential`` and Keras (``get_weights()`` has Keras's order).

Training: ``fit`` runs the layers' ``forward``/``backward`` and the optimiser's ``update`` batch
after batch. When the model is exactly the course's network (a ReLU MLP, softmax cross-entropy
from logits, SGD), it runs the same computation through ``nn_lib.fast``'s fused step instead.
"""

import numpy as np

from . import losses, optim
from ._reference import reference
from ._validation import positive_int, seeded_generator
from .fast import fused_step_for
from .layers import Dense, Input, Layer, ReLU, Sigmoid, Softmax, Tanh
from .losses import BinaryCrossentropy, MeanSquaredError, SparseCategoricalCrossentropy
from .metrics import get as get_metric
from .optim import SGD, Adam
from .progress import ProgressLogger, verbosity
from .training import iterate_minibatches

__all__ = ["Sequential", "Input", "Dense", "ReLU", "Sigmoid", "Tanh", "Softmax", "History",
           "SGD", "Adam", "SparseCategoricalCrossentropy", "BinaryCrossentropy", "MeanSquaredError"]


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


class Sequential:
    """A stack of layers trained with ``compile`` + ``fit``, like ``keras.Sequential``.

    ``seed`` (an int or a ``numpy.random.Generator``) draws the initial weights and, unless ``fit``
    is given its own, the shuffling order. ``dtype`` is the dtype of every weight and of training:
    inputs are cast to it (float64 by default; pass ``np.float32`` for speed, as Keras uses).
    ``use_fused_step = False`` makes ``fit`` always run the layer-by-layer path (which also keeps
    ``model.grads``).
    """

    def __init__(self, layers=None, *, seed=0, dtype=np.float64):
        self._rng = seeded_generator(seed)
        self.dtype = np.dtype(dtype)
        if self.dtype.kind != "f":
            raise ValueError(f"dtype must be a float dtype such as np.float32 or np.float64, got {dtype!r}")
        self.layers = []
        self.input_dim = None
        self.loss = self.optimizer = None
        self.metrics = []
        self.use_fused_step = True
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
        self.input_dim = positive_int("input_dim", input_dim)
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
        """Gradients of the last batch of ``train_on_batch`` (or of a ``fit`` on the layer-by-layer
        path), in the layout of ``params``; empty when none are kept."""
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
        loss = losses.get(loss)
        last = self.layers[-1] if self.layers else None
        if loss.expects_probabilities and isinstance(last, Dense) and last.activation is None:
            raise ValueError(f"loss: {loss!r} expects probabilities, but the last layer is linear and outputs "
                             "logits; use from_logits=True (or end the model with a softmax / sigmoid)")
        optimizer = optim.get(optimizer)
        names = list(metrics or [])
        for name in names:
            get_metric(name)
        self.loss, self.optimizer, self.metrics = loss, optimizer, names

    # --- checking what comes in
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

    # --- computation, layer by layer
    def _forward(self, X):
        """``X`` (N, n_features) through every layer -> the outputs (N, n_outputs)."""
        reference("mlp_forward")                  # the chain of layers is an MLP's forward pass
        for layer in self.layers:
            X = layer.forward(X)
        return X

    def _backward(self, dscores):
        """dL/doutputs (N, n_outputs) back through every layer down to the first with weights;
        each layer keeps its ``grads``."""
        reference("mlp_backward")                 # the chain of layers is an MLP's backward pass
        for index in range(len(self.layers) - 1, self._first_weighted - 1, -1):
            dscores = self.layers[index].backward(dscores, need_dx=index > self._first_weighted)

    def _train_step(self, Xb, yb, sums):
        """Forward, loss, backward and update on one batch; adds the batch's loss and metric sums
        (computed before the update) to ``sums``."""
        scores = self._forward(Xb)
        loss, dscores = self.loss.loss_and_grad(scores, yb)
        sums["loss"] += loss * len(Xb)
        for name in self.metrics:
            sums[name] += get_metric(name)(scores, yb, self.loss)
        self._backward(dscores)
        self.optimizer.update(self.params, self.grads)

    def _evaluate(self, X, y):
        scores = self._forward(X)
        loss, _ = self.loss.loss_and_grad(scores, y)
        n = max(len(X), 1)
        return [loss] + [get_metric(name)(scores, y, self.loss) / n for name in self.metrics]

    # --- Keras's methods
    def train_on_batch(self, X, y):
        """One update on one batch; returns the loss before the update (and the metrics, as a list)."""
        X, y = self._prepare_training(X, y)
        sums = dict.fromkeys(["loss", *self.metrics], 0.0)
        self._train_step(X, y, sums)
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
        ``train(..., rng=...)`` does, so both give the same run; ``shuffle=False`` keeps batches in
        order, and the last batch may be short. ``batch_size=None`` means 32, as in Keras.
        ``verbose``: 0 silent, 1 / "auto" a progress bar (stdout), 2 one line per epoch.
        """
        reference("train")                        # the training loop of nn_lib.train, for any model
        epochs = positive_int("epochs", epochs)
        batch_size = 32 if batch_size is None else positive_int("batch_size", batch_size)
        verbose = verbosity(verbose)
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
        rng = self._rng if seed is None else seeded_generator(seed)

        steps = -(-len(X) // batch_size)
        history = History(self, {"epochs": epochs, "steps": steps, "verbose": verbose})
        keys = ["loss", *self.metrics]
        history.history = {key: [] for key in keys}
        if validation_data is not None:
            history.history.update({f"val_{key}": [] for key in keys})
        fused = fused_step_for(self, X, batch_size) if self.use_fused_step else None
        with ProgressLogger(epochs, steps, verbose) as progress:
            for epoch in range(epochs):
                progress.epoch_begin(epoch)
                sums = dict.fromkeys(keys, 0.0)
                for Xb, yb in iterate_minibatches(X, y, batch_size, rng if shuffle else None):
                    if fused is None:
                        self._train_step(Xb, yb, sums)
                    else:                         # only "accuracy" can be asked of the fused step
                        loss, correct = fused.run(Xb, yb)
                        sums["loss"] += loss * len(Xb)
                        for name in self.metrics:
                            sums[name] += correct
                    progress.batch_end()
                logs = {key: sums[key] / len(X) for key in keys}
                if validation_data is not None:
                    logs.update({f"val_{key}": value for key, value in zip(keys, self._evaluate(X_val, y_val))})
                for key, value in logs.items():
                    history.history[key].append(float(value))
                history.epoch.append(epoch)
                progress.epoch_end(epoch, logs)
        return history

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

