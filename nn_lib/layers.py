"""Dense layers, parameter initialisation and a multi-layer perceptron (lessons 03 and 05).

Conventions (COURSE_SPEC §3): examples are rows, ``x`` has shape (N, D_in); a dense layer computes
``x @ W + b`` with ``W`` of shape (D_in, D_out) and ``b`` of shape (D_out,) (Keras's layout). An
L-layer MLP keeps its parameters in a dict ``{"W1", "b1", ..., "WL", "bL"}``; hidden layers apply
an activation, the last layer is linear. Gradients use the same keys.

The end of the file wraps the same functions as Keras-like layer objects (``Dense``, ``ReLU``,
``Sigmoid``, ``Tanh``, ``Softmax``, ``Input``) for ``nn_lib.models.Sequential``.
"""

import numpy as np

from ._validation import as_array, generator, positive_int
from ._reference import reference
from .activations import (relu_backward, relu_forward, sigmoid_backward, sigmoid_forward, softmax, tanh_backward,
                          tanh_forward)

ACTIVATIONS = {
    "relu": (relu_forward, relu_backward),
    "sigmoid": (sigmoid_forward, sigmoid_backward),
    "tanh": (tanh_forward, tanh_backward),
}


def _activation_pair(activation):
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
    return ACTIVATIONS[activation]


def _check_dense(x, W, b, x_name="x", layer=""):
    """Shape checks shared by the dense layer and the MLP; returns the three as arrays."""
    x = as_array(x_name, x, ndim=2)
    W = as_array(f"W{layer}", W, ndim=2)
    b = as_array(f"b{layer}", b, ndim=1)
    if x.shape[1] != W.shape[0]:
        raise ValueError(f"{x_name} has {x.shape[1]} features (shape {x.shape}) but W{layer} expects "
                         f"{W.shape[0]} inputs (shape {W.shape}); W must have shape (D_in, D_out)")
    if b.shape[0] != W.shape[1]:
        raise ValueError(f"b{layer} must have shape ({W.shape[1]},) to match W{layer} of shape {W.shape}, "
                         f"got {b.shape}")
    return x, W, b


def dense_forward(x, W, b):
    """Affine layer ``out = x @ W + b``.

    Inputs: ``x`` (N, D_in), ``W`` (D_in, D_out), ``b`` (D_out,).
    Returns ``(out, cache)``: ``out`` (N, D_out); ``cache = (x, W, b)``, the inputs themselves.
    """
    reference("dense_forward")
    x_array, W_array, b_array = _check_dense(x, W, b)
    out = x_array @ W_array
    if np.result_type(out, b_array) == out.dtype:
        out += b_array          # add in place: no second (N, D_out) temporary
    else:
        out = out + b_array     # b of a wider dtype: follow numpy's promotion
    return out, (x, W, b)


def dense_backward(dout, cache):
    """Backward pass of the affine layer.

    Inputs: ``dout`` (N, D_out), the upstream gradient dL/dout; ``cache = (x, W, b)`` from
    ``dense_forward``, with ``x`` (N, D_in), ``W`` (D_in, D_out), ``b`` (D_out,).
    Returns ``(dx, dW, db)``: ``dx = dout @ W.T`` (N, D_in), ``dW = x.T @ dout`` (D_in, D_out),
    ``db = dout.sum(axis=0)`` (D_out,) (``b`` is added to every row, so its gradient sums the rows).
    """
    reference("dense_backward")
    x, W, b = _check_cache(cache)
    dout = _check_dout(dout, x, W)
    return dout @ W.T, x.T @ dout, dout.sum(axis=0)


def _check_cache(cache):
    if not isinstance(cache, tuple) or len(cache) != 3:
        raise ValueError(f"cache must be the tuple (x, W, b) returned by dense_forward, got {type(cache).__name__}"
                         + (f" of length {len(cache)}" if isinstance(cache, (tuple, list)) else ""))
    return _check_dense(*cache, x_name="x (in cache)")


def _check_dout(dout, x, W):
    dout = as_array("dout", dout, ndim=2)
    if dout.shape != (x.shape[0], W.shape[1]):
        raise ValueError(f"dout must have shape (N, D_out) = {(x.shape[0], W.shape[1])} like the layer's output, "
                         f"got {dout.shape}")
    return dout


def init_params(layer_sizes, rng, scheme="he"):
    """Random weights and zero biases for an MLP with the given layer sizes.

    ``layer_sizes = [D, H1, ..., C]`` gives L = len(layer_sizes) - 1 layers; layer l has
    ``W{l}`` of shape (layer_sizes[l-1], layer_sizes[l]) and ``b{l}`` of shape (layer_sizes[l],).
    ``scheme="he"``: W ~ normal(0, std = sqrt(2 / fan_in)) (suits ReLU);
    ``scheme="xavier"``: W ~ uniform(-limit, limit), limit = sqrt(6 / (fan_in + fan_out)) (Glorot
    uniform, Keras's default). Biases are zero. All arrays are float64; the draws come from ``rng``
    (a ``numpy.random.Generator``), W1 first.
    """
    reference("init_params")
    if scheme not in ("he", "xavier"):
        raise ValueError(f"scheme must be 'he' or 'xavier', got {scheme!r}")
    generator(rng)
    if isinstance(layer_sizes, (str, bytes)) or not hasattr(layer_sizes, "__len__") or len(layer_sizes) < 2:
        raise ValueError(f"layer_sizes must be a list of at least two sizes [D_in, ..., D_out], got {layer_sizes!r}")
    sizes = [positive_int(f"layer_sizes[{i}]", size) for i, size in enumerate(layer_sizes)]
    params = {}
    for layer, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        if scheme == "he":
            W = rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))
        else:
            limit = np.sqrt(6.0 / (fan_in + fan_out))
            W = rng.uniform(-limit, limit, size=(fan_in, fan_out))
        params[f"W{layer}"] = W
        params[f"b{layer}"] = np.zeros(fan_out)
    return params


def num_layers(params):
    """Number of layers L of a parameter dict ``{"W1", "b1", ..., "WL", "bL"}`` (checks the keys)."""
    if not isinstance(params, dict):
        raise ValueError(f"params must be a dict {{'W1', 'b1', ..., 'WL', 'bL'}}, got {type(params).__name__}")
    L = sum(1 for key in params if isinstance(key, str) and key.startswith("W"))
    expected = {f"{name}{layer}" for layer in range(1, L + 1) for name in "Wb"}
    if L == 0 or set(params) != expected:
        raise ValueError(f"params must have the keys W1, b1, ..., WL, bL (nothing else), got {sorted(map(str, params))}")
    return L


def mlp_forward(X, params, activation="relu"):
    """Forward pass of an MLP: ``activation`` after every hidden dense layer, the last layer linear.

    Inputs: ``X`` (N, D); ``params`` with ``W{l}`` (D_{l-1}, D_l), ``b{l}`` (D_l,), l = 1..L;
    ``activation`` in ``"relu"``, ``"sigmoid"``, ``"tanh"``.
    Returns ``(scores, caches)``: ``scores`` (N, D_L), the last layer's output (logits);
    ``caches``, a list of L pairs ``(dense_cache, activation_cache)``, one per layer, where
    ``dense_cache = (input of the layer, W{l}, b{l})`` and ``activation_cache`` is the layer's
    pre-activation ``z`` (N, D_l), or ``None`` for the last (linear) layer.
    """
    reference("mlp_forward")
    activation_forward, _ = _activation_pair(activation)
    L = num_layers(params)
    a = as_array("X", X, ndim=2)
    caches = []
    for layer in range(1, L + 1):
        _check_dense(a, params[f"W{layer}"], params[f"b{layer}"],   # errors that name the layer
                     x_name="X" if layer == 1 else f"the output of layer {layer - 1}", layer=layer)
        z, dense_cache = dense_forward(a, params[f"W{layer}"], params[f"b{layer}"])
        if layer < L:
            a, activation_cache = activation_forward(z)
        else:
            a, activation_cache = z, None
        caches.append((dense_cache, activation_cache))
    return a, caches


def mlp_backward(dscores, caches, activation="relu"):
    """Backward pass of ``mlp_forward``: the chain rule, layer by layer from the top.

    Inputs: ``dscores`` (N, D_L), dL/dscores; ``caches`` from ``mlp_forward`` (L pairs
    ``(dense_cache, activation_cache)``); the same ``activation``.
    Returns ``grads``: ``{"W1": (D_0, D_1), "b1": (D_1,), ..., "WL", "bL"}``, the same keys and shapes
    as the parameters. (The first layer's gradient with respect to ``X`` is computed by
    ``dense_backward`` too, and dropped: nobody needs it.)
    """
    reference("mlp_backward")
    _, activation_backward = _activation_pair(activation)
    if not isinstance(caches, (list, tuple)) or len(caches) == 0 or not all(
            isinstance(pair, tuple) and len(pair) == 2 for pair in caches):
        raise ValueError("caches must be the non-empty list of (dense_cache, activation_cache) pairs "
                         "returned by mlp_forward")
    grads = {}
    dout = dscores                                # dL/d(output of layer l), (N, D_l)
    for layer in range(len(caches), 0, -1):
        dense_cache, activation_cache = caches[layer - 1]
        if activation_cache is not None:          # None: the linear last layer
            dout = activation_backward(dout, activation_cache)
        dout, grads[f"W{layer}"], grads[f"b{layer}"] = dense_backward(dout, dense_cache)
    return {key: grads[key] for key in sorted(grads, key=lambda k: (int(k[1:]), k[0] == "b"))}


def zeros_like(params):
    """A dict with the same keys as ``params`` and arrays of zeros of the same shapes and dtypes
    (e.g. the initial ``velocity`` of momentum)."""
    if not isinstance(params, dict):
        raise ValueError(f"params must be a dict of arrays, got {type(params).__name__}")
    return {key: np.zeros_like(value) for key, value in params.items()}


# ------------------------------------------------------------------ the same layers, as objects
# Keras-like layers for ``nn_lib.models.Sequential`` (lessons 06-08). Each wraps the functions
# above: ``forward`` keeps the cache, ``backward`` hands it back. Names and arguments follow Keras.

class Layer:
    """Base class. ``forward(x)`` maps ``x`` (N, D_in) to (N, D_out) and keeps what ``backward`` needs;
    ``backward(dout)`` takes dL/dout (N, D_out) and returns dL/dx (N, D_in), or None when
    ``need_dx=False``. ``params`` and ``grads`` are dicts ``{"W": ..., "b": ...}`` (empty for
    layers without weights)."""
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
    """An element-wise activation layer built from a ``*_forward(z) -> (a, cache)`` /
    ``*_backward(dout, cache) -> dz`` pair; the output width is the input width."""
    _forward = _backward = None

    def forward(self, x):
        a, self._cache = type(self)._forward(x)
        return a

    def backward(self, dout, need_dx=True):
        return type(self)._backward(dout, self._cache)


class ReLU(_Activation):
    """``max(z, 0)`` (``relu_forward`` / ``relu_backward``)."""
    _forward, _backward = staticmethod(relu_forward), staticmethod(relu_backward)


class Sigmoid(_Activation):
    """``1 / (1 + exp(-z))`` (``sigmoid_forward`` / ``sigmoid_backward``)."""
    _forward, _backward = staticmethod(sigmoid_forward), staticmethod(sigmoid_backward)


class Tanh(_Activation):
    """``tanh(z)`` (``tanh_forward`` / ``tanh_backward``)."""
    _forward, _backward = staticmethod(tanh_forward), staticmethod(tanh_backward)


def _softmax_forward(z):
    s = softmax(z)
    return s, s                                   # the backward pass needs only the output


def _softmax_backward(dout, s):
    """Jacobian-vector product of the row-wise softmax, ``ds_i/dz_j = s_i (delta_ij - s_j)``:
    ``dz = s * (dout - sum_j dout_j s_j)``, all (N, C)."""
    return s * (dout - np.sum(dout * s, axis=1, keepdims=True))


class Softmax(_Activation):
    """Row-wise softmax: turns logits into class probabilities (pair it with ``from_logits=False``)."""
    _forward, _backward = staticmethod(_softmax_forward), staticmethod(_softmax_backward)


ACTIVATION_LAYERS = {"relu": ReLU, "sigmoid": Sigmoid, "tanh": Tanh, "softmax": Softmax, "linear": None}

INITIALIZERS = {"glorot_uniform": "xavier", "xavier": "xavier", "he_normal": "he", "he": "he"}


def _choice(name, value, choices):
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}; got {value!r}")
    return value


class Input(Layer):
    """Declares the input width, like ``keras.Input(shape)``: ``Input((64,))`` or ``Input(64)``."""

    def __init__(self, shape):
        shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
        if len(shape) != 1:
            raise ValueError(f"shape must be (n_features,) for a Sequential of Dense layers, got {shape!r}")
        self.input_dim = positive_int("shape[0]", shape[0])

    def forward(self, x):
        return x

    def backward(self, dout, need_dx=True):
        return dout

    def __repr__(self):
        return f"Input(({self.input_dim},))"


class Dense(Layer):
    """Fully connected layer ``activation(x @ W + b)``; ``W`` is (D_in, units), ``b`` is (units,).

    ``activation``: None / "linear" (the default, as in Keras), "relu", "sigmoid", "tanh" or
    "softmax". ``input_dim`` is needed only on the first layer, and only if the model should be built
    before it first sees data. ``kernel_initializer``: "glorot_uniform" (Keras's default, also
    "xavier") or "he_normal" (also "he"), drawn by ``init_params``; biases start at zero.
    """

    def __init__(self, units, activation=None, *, input_dim=None, kernel_initializer="glorot_uniform"):
        self.units = positive_int("units", units)
        if activation is not None:
            _choice("activation", activation, [None, *ACTIVATION_LAYERS])
        self.activation = None if activation == "linear" else activation
        self._activation = ACTIVATION_LAYERS[activation]() if self.activation else None
        self.input_dim = None if input_dim is None else positive_int("input_dim", input_dim)
        self.kernel_initializer = _choice("kernel_initializer", kernel_initializer, list(INITIALIZERS))
        self.params, self.grads = {}, {}

    def build(self, input_dim, rng, dtype):
        fresh = init_params([input_dim, self.units], rng, scheme=INITIALIZERS[self.kernel_initializer])
        self.params = {"W": fresh["W1"].astype(dtype), "b": fresh["b1"].astype(dtype)}
        self.grads = {}
        return self.units

    def forward(self, x):
        """``x`` (N, D_in) -> ``activation(x @ W + b)`` (N, units)."""
        z, self._cache = dense_forward(x, self.params["W"], self.params["b"])
        return self._activation.forward(z) if self._activation else z

    def backward(self, dout, need_dx=True):
        """``dout`` (N, units) -> dL/dx (N, D_in) (None if not ``need_dx``); keeps ``grads`` dW, db."""
        reference("dense_backward")               # need_dx=False computes dW and db here
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
