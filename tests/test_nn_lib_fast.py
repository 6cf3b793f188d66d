"""nn_lib.fast: the fused training step computes what train()'s chain of lesson functions computes.

``train`` runs mlp_forward -> softmax_cross_entropy -> mlp_backward -> sgd_step / momentum_step per
batch; ``Sequential.fit`` runs ``FusedTrainingStep`` for the same network. Both must give the same
history and the same weights, up to rounding (tolerances stated per dtype).
"""

import numpy as np
import pytest

from nn_lib import init_params, train
from nn_lib.fast import FusedTrainingStep, fused_step_for
from nn_lib.models import SGD, Adam, Dense, Input, ReLU, Sequential, SparseCategoricalCrossentropy, Tanh

TOLERANCE = {np.float64: dict(rtol=1e-12, atol=1e-14), np.float32: dict(rtol=1e-5, atol=1e-6)}   # measured: 5e-16, 3e-7


def data(n=53, d=6, classes=4, seed=0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d)).astype(dtype)
    y = (X[:, 0] > 0).astype(int) + 2 * (X[:, 1] > 0.3).astype(int)
    return X, y % classes


def fused_model(params, lr, momentum):
    model = Sequential.from_params(params)
    model.compile(loss=SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=SGD(learning_rate=lr, momentum=momentum), metrics=["accuracy"])
    return model


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("momentum", [0.0, 0.9])
@pytest.mark.parametrize("shuffled", [False, True])
@pytest.mark.parametrize("sizes", [[6, 4], [6, 9, 7, 4]])
def test_fit_fast_path_matches_train(dtype, momentum, shuffled, sizes):
    X, y = data(dtype=dtype)
    X_val, y_val = data(n=11, seed=1, dtype=dtype)
    initial = {k: v.astype(dtype) for k, v in init_params(sizes, np.random.default_rng(3)).items()}
    plain = {k: v.copy() for k, v in initial.items()}
    expected = train(plain, X, y, epochs=4, batch_size=10, lr=0.05, momentum=momentum,
                     rng=np.random.default_rng(9) if shuffled else None, X_val=X_val, y_val=y_val)

    model = fused_model(initial, 0.05, momentum)
    assert isinstance(fused_step_for(model, X, 10), FusedTrainingStep)
    history = model.fit(X, y, epochs=4, batch_size=10, validation_data=(X_val, y_val), verbose=0,
                        shuffle=shuffled, seed=np.random.default_rng(9))
    assert model.grads == {}                                    # the fused step ran (it keeps no grads)
    assert all(value.dtype == dtype for value in model.params.values())
    assert list(history.history) == list(expected)
    for key in expected:
        np.testing.assert_allclose(history.history[key], expected[key], err_msg=key, **TOLERANCE[dtype])
    for key in plain:
        np.testing.assert_allclose(model.params[key], plain[key], err_msg=key, **TOLERANCE[dtype])


def test_fused_step_alone_matches_one_step_of_train():
    X, y = data(n=8)
    params = init_params([6, 5, 4], np.random.default_rng(0))
    plain = {k: v.copy() for k, v in params.items()}
    history = train(plain, X, y, epochs=1, batch_size=8, lr=0.1)
    Ws, bs = [params["W1"], params["W2"]], [params["b1"], params["b2"]]
    loss, correct = FusedTrainingStep(Ws, bs, X, 8, 0.1, 0.0, None).run(X, y)
    assert loss == pytest.approx(history["loss"][0], rel=1e-13)
    assert correct / 8 == history["accuracy"][0]
    for key in plain:
        np.testing.assert_allclose(params[key], plain[key], rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("make", [
    lambda: (Sequential([Dense(5, activation="tanh", input_dim=6), Dense(4)]), SGD(0.1)),
    lambda: (Sequential([Input((6,)), Dense(5), Tanh(), Dense(4)]), SGD(0.1)),
    lambda: (Sequential([Dense(5, activation="relu", input_dim=6), Dense(4)]), SGD(0.1, 0.9, nesterov=True)),
    lambda: (Sequential([Dense(5, activation="relu", input_dim=6), Dense(4)]), Adam()),
    lambda: (Sequential([Dense(5, activation="relu", input_dim=6), Dense(4, activation="relu")]), SGD(0.1)),
])
def test_fast_path_is_used_only_for_the_network_it_fuses(make):
    model, optimizer = make()
    model.compile(loss=SparseCategoricalCrossentropy(from_logits=True), optimizer=optimizer)
    X, y = data()
    assert fused_step_for(model, X, 10) is None
    model.fit(X, y, epochs=1, batch_size=10, verbose=0)
    assert len(model.grads) == 4                                # the layer-by-layer path ran


def test_fast_path_is_skipped_for_other_metrics_and_when_switched_off():
    X, y = data()
    model = fused_model(init_params([6, 5, 4], np.random.default_rng(0)), 0.1, 0.0)
    model.compile(loss=SparseCategoricalCrossentropy(from_logits=True), optimizer=SGD(0.1), metrics=["mse"])
    assert fused_step_for(model, X, 10) is None
    model.compile(loss=SparseCategoricalCrossentropy(from_logits=True), optimizer=SGD(0.1))
    model.use_fused_step = False
    model.fit(X, y, epochs=1, batch_size=10, verbose=0)
    assert len(model.grads) == 4
