"""nn_lib and Keras compute the same network: forward pass, gradients and 50 steps of SGD + momentum.

TensorFlow takes seconds to import, so one module-scoped fixture imports Keras once. Agreement is
checked in float64 (tolerances near 1e-10: only rounding differs) and once in float32 (about 1e-5).

One subtlety found here and worth knowing in lesson 08: Keras's SGD keeps ``momentum`` as a float32
number even when ``floatx`` is float64, so Keras's momentum 0.9 is really 0.89999997615814...
The float64 runs give nn_lib that same number (``MOMENTUM_AS_KERAS_USES_IT``); with 0.9 itself
the two trajectories drift apart by about 1e-8, far above float64 rounding.
"""

import os
import subprocess
import sys

import numpy as np
import pytest

import nn_lib
from nn_lib import (build_keras_model, compile_and_fit, init_params, keras_gradients, mlp_backward,
                    mlp_forward, params_to_keras, softmax_cross_entropy, train)
from nn_lib.keras_bridge import keras_to_params
from nn_lib.models import SGD, Dense, Sequential, SparseCategoricalCrossentropy

LEARNING_RATE = 0.1
MOMENTUM = 0.9
MOMENTUM_AS_KERAS_USES_IT = float(np.float32(MOMENTUM))
SIZES = [6, 9, 7, 4]          # non-square everywhere, two hidden layers


@pytest.fixture(scope="module")
def keras():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    import keras as keras_module

    return keras_module


@pytest.fixture
def float64(keras):
    """Keras builds float64 layers inside the test; the previous settings are restored afterwards.

    ``set_floatx`` alone is not enough once any layer was built: Keras caches its global dtype
    policy on first use, so the policy is switched too.
    """
    previous_floatx, previous_policy = keras.config.floatx(), keras.config.dtype_policy()
    keras.config.set_floatx("float64")
    keras.config.set_dtype_policy("float64")
    yield
    keras.config.set_floatx(previous_floatx)
    keras.config.set_dtype_policy(previous_policy)


def problem(n, dtype=np.float64, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, SIZES[0])).astype(dtype)
    y = rng.integers(0, SIZES[-1], n)
    params = {k: v.astype(dtype) for k, v in init_params(SIZES, rng).items()}
    return X, y, params


def copy(params):
    return {key: value.copy() for key, value in params.items()}


def assert_close(actual, expected, rtol, atol, what):
    actual, expected = np.asarray(actual), np.asarray(expected)
    assert actual.shape == expected.shape, f"{what}: shape {actual.shape} != {expected.shape}"
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol, err_msg=what)


def test_import_nn_lib_does_not_import_tensorflow():
    code = ("import sys, nn_lib, nn_lib.models, nn_lib.data, nn_lib.keras_bridge; "
            "heavy = [m for m in ('tensorflow', 'keras', 'matplotlib') if m in sys.modules]; "
            "print(heavy); sys.exit(1 if heavy else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"import nn_lib loaded {result.stdout.strip()} {result.stderr[-500:]}"


def test_bridge_sets_tensorflow_environment_before_importing_it():
    code = ("import os, sys; os.environ.pop('TF_CPP_MIN_LOG_LEVEL', None); "
            "os.environ.pop('TF_ENABLE_ONEDNN_OPTS', None); import nn_lib; "
            "nn_lib.build_keras_model([3, 2]); "
            "print(os.environ['TF_CPP_MIN_LOG_LEVEL'], os.environ['TF_ENABLE_ONEDNN_OPTS'], 'tensorflow' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["3", "0", "True"]


def test_build_keras_model_matches_mlp_layout(keras):
    model = build_keras_model(SIZES, activation="tanh")
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    assert len(model.layers) == len(dense) == 3
    assert tuple(model.inputs[0].shape) == (None, SIZES[0])            # built at once, via keras.Input
    assert [tuple(layer.kernel.shape) for layer in dense] == [(6, 9), (9, 7), (7, 4)]
    assert [tuple(layer.bias.shape) for layer in dense] == [(9,), (7,), (4,)]
    assert [layer.activation.__name__ for layer in dense] == ["tanh", "tanh", "linear"]


@pytest.mark.parametrize("sizes", [[5], [], [4, 0, 3], [4, 2.5, 3], [4, True, 3]])
def test_build_keras_model_rejects_bad_layer_sizes(keras, sizes):
    with pytest.raises(ValueError, match="layer_sizes"):
        build_keras_model(sizes)


def test_build_keras_model_rejects_unknown_activation(keras):
    with pytest.raises(ValueError, match="activation"):
        build_keras_model(SIZES, activation="swish")


def test_params_to_keras_round_trip_and_errors(keras, float64):
    X, y, params = problem(5)
    model = build_keras_model(SIZES)
    assert params_to_keras(params, model) is None
    back = keras_to_params(model)
    assert sorted(back) == sorted(params)
    for key in params:
        assert_close(back[key], params[key], 0, 0, key)
    # Keras -> Sequential (Keras's get_weights order is W1, b1, ...) and Sequential -> Keras.
    sequential = Sequential([Dense(9, activation="relu", input_dim=6), Dense(7, activation="relu"), Dense(4)])
    sequential.set_weights(model.get_weights())
    np.testing.assert_allclose(sequential.predict(X), model(X).numpy(), rtol=1e-12, atol=1e-14)
    other = build_keras_model(SIZES)
    params_to_keras(sequential.params, other)
    np.testing.assert_allclose(other(X).numpy(), model(X).numpy(), rtol=1e-12, atol=1e-14)
    with pytest.raises(ValueError, match="keys"):
        params_to_keras({k: v for k, v in params.items() if k != "b3"}, model)
    with pytest.raises(ValueError, match="W2"):
        params_to_keras({**params, "W2": params["W2"].T.copy()}, model)


def test_forward_pass_agrees_in_float64(keras, float64):
    X, _, params = problem(11)
    model = build_keras_model(SIZES)
    params_to_keras(params, model)
    scores, _ = mlp_forward(X, params)
    assert_close(model(X).numpy(), scores, 1e-12, 1e-14, "Keras logits vs mlp_forward")
    assert_close(Sequential.from_params(params).predict(X), scores, 1e-12, 1e-14, "Sequential.predict")


def test_gradients_agree_in_float64(keras, float64):
    X, y, params = problem(13)
    model = build_keras_model(SIZES)
    params_to_keras(params, model)
    scores, caches = mlp_forward(X, params)
    _, dscores = softmax_cross_entropy(scores, y)
    expected = mlp_backward(dscores, caches)
    grads = keras_gradients(model, X, y)
    assert sorted(grads) == sorted(params)
    for key in params:
        assert isinstance(grads[key], np.ndarray) and grads[key].dtype == np.float64
        assert_close(grads[key], expected[key], 1e-10, 1e-13, f"d{key}: GradientTape vs mlp_backward")


@pytest.mark.parametrize("n, batch_size, epochs", [(40, 40, 50),     # full batch: 50 steps
                                                   (45, 10, 10)])    # 5 batches (last one short) x 10
def test_fifty_sgd_momentum_steps_agree_in_float64(keras, float64, n, batch_size, epochs):
    X, y, params = problem(n)
    model = build_keras_model(SIZES)
    params_to_keras(params, model)
    keras_history = compile_and_fit(model, X, y, epochs=epochs, batch_size=batch_size,
                                    lr=LEARNING_RATE, momentum=MOMENTUM)
    keras_params = keras_to_params(model)

    ours = copy(params)
    history = train(ours, X, y, epochs=epochs, batch_size=batch_size, lr=LEARNING_RATE,
                    momentum=MOMENTUM_AS_KERAS_USES_IT)

    sequential = Sequential.from_params(params)
    sequential.compile(loss=SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"],
                       optimizer=SGD(learning_rate=LEARNING_RATE, momentum=MOMENTUM_AS_KERAS_USES_IT))
    fit_history = sequential.fit(X, y, epochs=epochs, batch_size=batch_size, shuffle=False, verbose=0)

    for name, losses, accuracies, weights in [("train", history["loss"], history["accuracy"], ours),
                                              ("Sequential.fit", fit_history.history["loss"],
                                               fit_history.history["accuracy"], sequential.params)]:
        assert_close(losses, keras_history.history["loss"], 1e-10, 1e-12, f"{name} losses vs Keras")
        assert_close(accuracies, keras_history.history["accuracy"], 0, 1e-12, f"{name} accuracy vs Keras")
        for key in params:
            assert_close(weights[key], keras_params[key], 1e-10, 1e-12, f"{name} {key} after {epochs} epochs")
    # The run really trained: the loss fell.
    assert history["loss"][-1] < 0.5 * history["loss"][0]


def test_fifty_sgd_momentum_steps_agree_in_float32(keras):
    X, y, params = problem(45, dtype=np.float32)
    model = build_keras_model(SIZES)                      # Keras's default float32
    params_to_keras(params, model)
    keras_history = compile_and_fit(model, X, y, epochs=10, batch_size=10, lr=LEARNING_RATE, momentum=MOMENTUM)
    keras_params = keras_to_params(model)

    grads = keras_gradients(build_keras_model(SIZES), X, y)
    assert all(g.dtype == np.float32 for g in grads.values())

    ours = copy(params)
    history = train(ours, X, y, epochs=10, batch_size=10, lr=LEARNING_RATE, momentum=MOMENTUM)
    assert all(value.dtype == np.float32 for value in ours.values())
    # float32 rounding accumulates over 50 steps: agreement to about 1e-5 relative.
    assert_close(history["loss"], keras_history.history["loss"], 1e-5, 1e-6, "float32 losses vs Keras")
    for key in params:
        assert_close(ours[key], keras_params[key], 1e-4, 1e-5, f"float32 {key} vs Keras")
