"""Dense layers, parameter initialisation and a multi-layer perceptron (lessons 03 and 05).

Conventions (COURSE_SPEC §3): examples are rows, ``x`` has shape (N, D_in); a dense layer computes
``x @ W + b`` with ``W`` of shape (D_in, D_out) and ``b`` of shape (D_out,) (Keras's layout). An
L-layer MLP keeps its parameters in a dict ``{"W1", "b1", ..., "WL", "bL"}``; hidden layers apply
an activation, the last layer is linear. Gradients use the same keys.
"""

import numpy as np

from ._validation import as_array, generator, positive_int
from .activations import (relu_backward, relu_forward, sigmoid_backward, sigmoid_derivative, sigmoid_forward,
                          tanh_backward, tanh_forward)

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
    """Backward pass of ``mlp_forward``.

    Inputs: ``dscores`` (N, D_L), dL/dscores; ``caches`` from ``mlp_forward`` (L pairs
    ``(dense_cache, activation_cache)``); the same ``activation``.
    Returns ``grads``: ``{"W1": (D_0, D_1), "b1": (D_1,), ..., "WL", "bL"}``, the same keys and shapes
    as the parameters. (The gradient with respect to ``X`` is not needed, so it is not computed.)
    """
    _, activation_backward = _activation_pair(activation)
    if not isinstance(caches, (list, tuple)) or len(caches) == 0 or not all(
            isinstance(pair, tuple) and len(pair) == 2 for pair in caches):
        raise ValueError("caches must be the non-empty list of (dense_cache, activation_cache) pairs "
                         "returned by mlp_forward")
    grads = {}
    dout = dscores
    for layer in range(len(caches), 0, -1):
        dense_cache, activation_cache = caches[layer - 1]
        if activation_cache is not None:          # None: the linear last layer
            if dout is not dscores and np.result_type(dout, activation_cache) == dout.dtype:
                _activation_backward_in_place(activation, dout, activation_cache)
            else:
                dout = activation_backward(dout, activation_cache)
        if layer > 1:
            dout, grads[f"W{layer}"], grads[f"b{layer}"] = dense_backward(dout, dense_cache)
        else:                                     # first layer: skip dX = dout @ W1.T
            x, W, b = _check_cache(dense_cache)
            dout = _check_dout(dout, x, W)
            grads["W1"], grads["b1"] = x.T @ dout, dout.sum(axis=0)
    return {key: grads[key] for key in sorted(grads, key=lambda k: (int(k[1:]), k[0] == "b"))}


def _activation_backward_in_place(activation, dout, z):
    """``dout *= f'(z)``, the same as ``*_backward(dout, z)`` but into ``dout``, which here is an
    array mlp_backward made itself (so no caller's array is touched and no temporary is needed)."""
    z = as_array("activation cache", z)
    if z.shape != dout.shape:
        raise ValueError(f"activation cache (z) must have the shape of the gradient {dout.shape}, got {z.shape}")
    if activation == "relu":
        np.multiply(dout, z > 0, out=dout)
    elif activation == "sigmoid":
        dout *= sigmoid_derivative(z)
    else:
        t = np.tanh(z)
        np.multiply(t, t, out=t)
        np.subtract(1, t, out=t)
        dout *= t


def zeros_like(params):
    """A dict with the same keys as ``params`` and arrays of zeros of the same shapes and dtypes
    (e.g. the initial ``velocity`` of momentum)."""
    if not isinstance(params, dict):
        raise ValueError(f"params must be a dict of arrays, got {type(params).__name__}")
    return {key: np.zeros_like(value) for key, value in params.items()}
