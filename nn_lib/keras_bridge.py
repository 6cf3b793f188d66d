"""The same network in Keras (lesson 08), and the bridge that moves weights and gradients across.

TensorFlow is slow to import and chatty, so nothing here imports it until a function is called
(``import nn_lib`` stays light). Before the first import we set ``TF_CPP_MIN_LOG_LEVEL=3`` (no C++
log lines) and ``TF_ENABLE_ONEDNN_OPTS=0`` (no oneDNN reordering, so float results are
reproducible), unless the environment already sets them.

Layouts match nn_lib's (COURSE_SPEC §3): a Keras ``Dense`` layer's kernel is ``(D_in, D_out)`` and
its bias ``(D_out,)``, exactly ``W`` and ``b``, so weights copy straight across.
"""

import operator
import os

import numpy as np

from ._reference import reference

__all__ = ["build_keras_model", "params_to_keras", "keras_gradients", "compile_and_fit", "keras_to_params"]


def _keras():
    """Import Keras (and TensorFlow) on first use, quietly."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    import keras

    return keras


def _dense_layers(model):
    keras = _keras()
    return [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]


def build_keras_model(layer_sizes, activation="relu"):
    """A ``keras.Sequential`` that computes ``nn_lib.mlp_forward(X, params, activation)``.

    ``layer_sizes = [D_in, H1, ..., C]``: an ``Input((D_in,))`` first (so the weights exist at
    once), then one ``Dense`` per pair of sizes, ``activation`` inside every hidden ``Dense`` and a
    linear last layer that outputs logits.
    """
    reference("build_keras_model")
    sizes = list(layer_sizes)
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes must list at least the input and output sizes, got {layer_sizes!r}")
    try:
        sizes = [operator.index(size) for size in sizes]
    except TypeError:
        raise ValueError(f"layer_sizes must hold positive ints, got {layer_sizes!r}") from None
    if min(sizes) < 1 or any(isinstance(size, bool) for size in layer_sizes):
        raise ValueError(f"layer_sizes must hold positive ints, got {layer_sizes!r}")
    if activation not in ("relu", "sigmoid", "tanh"):
        raise ValueError(f"activation must be 'relu', 'sigmoid' or 'tanh', got {activation!r}")
    keras = _keras()
    layers = [keras.Input((sizes[0],))]
    for units in sizes[1:-1]:
        layers.append(keras.layers.Dense(units, activation=activation))
    layers.append(keras.layers.Dense(sizes[-1]))
    return keras.Sequential(layers)


def params_to_keras(params, model):
    """Copy ``params = {"W1", "b1", ..., "WL", "bL"}`` into the model's Dense layers, in order.

    Modifies ``model`` in place and returns None. The values are cast to the model's dtype
    (float32 unless ``keras.config.set_floatx`` says otherwise).
    """
    reference("params_to_keras")
    dense = _dense_layers(model)
    expected = {f"{p}{i}" for i in range(1, len(dense) + 1) for p in "Wb"}
    if set(params) != expected:
        raise ValueError(f"params must have the keys {sorted(expected)} for a model with {len(dense)} "
                         f"Dense layers, got {sorted(params)}")
    for i, layer in enumerate(dense, start=1):
        W, b = params[f"W{i}"], params[f"b{i}"]
        if tuple(W.shape) != tuple(layer.kernel.shape) or tuple(b.shape) != tuple(layer.bias.shape):
            raise ValueError(f"params: W{i} {tuple(W.shape)} / b{i} {tuple(b.shape)} do not match the Keras "
                             f"layer's kernel {tuple(layer.kernel.shape)} / bias {tuple(layer.bias.shape)}")
        layer.set_weights([W, b])


def keras_to_params(model):
    """The reverse of ``params_to_keras``: a dict ``{"W1", "b1", ...}`` of numpy copies."""
    params = {}
    for i, layer in enumerate(_dense_layers(model), start=1):
        params[f"W{i}"], params[f"b{i}"] = (w.copy() for w in layer.get_weights())
    return params


def keras_gradients(model, X, y):
    """Gradients of the mean softmax cross-entropy of ``model(X)`` against labels ``y``.

    Uses ``tf.GradientTape`` and ``SparseCategoricalCrossentropy(from_logits=True)`` (mean over the
    batch). Returns a dict of numpy arrays with the keys of ``params`` ("W1", "b1", ...).
    """
    reference("keras_gradients")
    _keras()
    import tensorflow as tf
    import keras

    dense = _dense_layers(model)
    X = tf.convert_to_tensor(X, dtype=dense[0].kernel.dtype)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(X, training=True))
    variables = [v for layer in dense for v in (layer.kernel, layer.bias)]
    grads = tape.gradient(loss, variables)
    names = [f"{p}{i}" for i in range(1, len(dense) + 1) for p in "Wb"]
    return {name: np.asarray(g) for name, g in zip(names, grads)}


def compile_and_fit(model, X, y, *, epochs, batch_size, lr, momentum=0.0):
    """Compile with ``SGD(learning_rate=lr, momentum=momentum)``, sparse categorical cross-entropy
    from logits and ``metrics=["accuracy"]``, then fit without shuffling (so the run can be compared
    step by step with nn_lib's ``train``) and silently. Returns Keras's ``History``."""
    reference("compile_and_fit")
    keras = _keras()
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=lr, momentum=momentum),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    return model.fit(X, y, epochs=epochs, batch_size=batch_size, shuffle=False, verbose=0)

