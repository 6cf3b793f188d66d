"""nn_lib.models: the Keras-like object API (Sequential, layers, losses, optimisers, History)."""

import numpy as np
import pytest

from nn_lib import (binary_cross_entropy, init_params, mlp_forward, mse_loss, softmax,
                    softmax_cross_entropy, train)
from nn_lib.models import (SGD, Adam, BinaryCrossentropy, Dense, History, Input, MeanSquaredError,
                           ReLU, Sequential, Sigmoid, Softmax, SparseCategoricalCrossentropy, Tanh)


def classification(n=50, d=4, classes=3, seed=0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d)).astype(dtype)
    y = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0.5).astype(int)   # learnable, 3 classes
    return X, y % classes


def compiled(layers, dtype=np.float64, loss=None, optimizer=None, metrics=("accuracy",), seed=0):
    model = Sequential(layers, seed=seed, dtype=dtype)
    model.compile(loss=loss or SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=optimizer or SGD(learning_rate=0.1, momentum=0.9), metrics=list(metrics))
    return model


def small_model(dtype=np.float64, **kwargs):
    return compiled([Dense(8, activation="relu", input_dim=4), Dense(3)], dtype=dtype, **kwargs)


# ------------------------------------------------------------------------------ fit and History

def test_fit_returns_keras_history_with_validation_keys():
    X, y = classification()
    model = small_model()
    history = model.fit(X[:40], y[:40], epochs=5, batch_size=8, validation_data=(X[40:], y[40:]), verbose=0)
    assert isinstance(history, History)
    assert list(history.history) == ["loss", "accuracy", "val_loss", "val_accuracy"]
    assert all(len(values) == 5 and all(type(v) is float for v in values) for values in history.history.values())
    assert history.epoch == [0, 1, 2, 3, 4]
    assert history.params == {"epochs": 5, "steps": 5, "verbose": 0}
    assert history.history["loss"][-1] < history.history["loss"][0]
    # Validation values are computed after each epoch on the whole validation set.
    assert history.history["val_loss"][-1] == pytest.approx(model.evaluate(X[40:], y[40:])[0], rel=1e-12)


def test_fit_without_validation_or_metrics_has_only_loss():
    X, y = classification()
    history = small_model(metrics=()).fit(X, y, epochs=2, verbose=0)
    assert list(history.history) == ["loss"]


def test_epoch_values_are_batch_weighted_means_of_pre_update_values():
    X, y = classification(n=23)                                     # batches 10, 10, 3
    model, twin = small_model(), small_model()
    history = model.fit(X, y, epochs=1, batch_size=10, shuffle=False, verbose=0)
    pre_update = [twin.train_on_batch(X[i:i + 10], y[i:i + 10]) for i in (0, 10, 20)]
    sizes = np.array([10, 10, 3])
    losses, accuracies = np.array(pre_update).T
    assert history.history["loss"][0] == pytest.approx(np.sum(losses * sizes) / 23, rel=1e-12)
    assert history.history["accuracy"][0] == pytest.approx(np.sum(accuracies * sizes) / 23, rel=1e-12)


def test_fit_matches_train_function_exactly():
    X, y = classification(n=37)
    params = init_params([4, 8, 5, 3], np.random.default_rng(1))
    expected = {k: v.copy() for k, v in params.items()}
    reference = train(expected, X, y, epochs=4, batch_size=8, lr=0.05, momentum=0.9,
                      rng=np.random.default_rng(7), X_val=X[:10], y_val=y[:10])
    model = Sequential.from_params(params)
    model.compile(loss=SparseCategoricalCrossentropy(from_logits=True), optimizer=SGD(0.05, momentum=0.9),
                  metrics=["accuracy"])
    history = model.fit(X, y, epochs=4, batch_size=8, validation_data=(X[:10], y[:10]), verbose=0,
                        seed=np.random.default_rng(7))
    for key in reference:
        np.testing.assert_allclose(history.history[key], reference[key], rtol=1e-12, err_msg=key)
    for key in expected:
        np.testing.assert_allclose(model.params[key], expected[key], rtol=1e-12, atol=1e-15, err_msg=key)


@pytest.mark.parametrize("layers", [lambda: [Dense(8, activation="relu", input_dim=4), Dense(3)],
                                    lambda: [Input((4,)), Dense(8), ReLU(), Dense(6, activation="relu"), Dense(3)]])
@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_fused_step_and_layer_by_layer_path_agree(layers, momentum):
    X, y = classification(n=45)
    runs = []
    for fused in (True, False):
        model = compiled(layers(), optimizer=SGD(0.05, momentum=momentum))
        model.use_fused_step = fused
        # Two fit calls: momentum carries over from the first to the second, as in Keras.
        histories = [model.fit(X, y, epochs=2, batch_size=10, validation_data=(X[:9], y[:9]), verbose=0,
                               seed=seed).history for seed in (1, 2)]
        runs.append((histories, model.params, model.grads))
    (fused_histories, fused_params, fused_grads), (plain_histories, plain_params, plain_grads) = runs
    assert fused_grads == {} and len(plain_grads) == len(plain_params)      # two different paths ran
    for fused_history, plain_history in zip(fused_histories, plain_histories):
        for key in plain_history:
            np.testing.assert_allclose(fused_history[key], plain_history[key], rtol=1e-12, err_msg=key)
    for key in plain_params:
        np.testing.assert_allclose(fused_params[key], plain_params[key], rtol=1e-11, atol=1e-14, err_msg=key)


def test_fit_is_deterministic_for_a_seed_and_shuffles_differently_for_another():
    X, y = classification(n=40)
    runs = [small_model().fit(X, y, epochs=3, batch_size=4, seed=seed, verbose=0).history["loss"]
            for seed in (5, 5, 6)]
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]
    with_rng = small_model().fit(X, y, epochs=3, batch_size=4, rng=np.random.default_rng(5), verbose=0)
    assert with_rng.history["loss"] == runs[0]


def test_evaluate_and_predict():
    X, y = classification()
    model = small_model()
    model.fit(X, y, epochs=3, verbose=0)
    scores, _ = mlp_forward(X, model.params)
    np.testing.assert_allclose(model.predict(X), scores, rtol=1e-12)
    loss, accuracy = model.evaluate(X, y)
    assert loss == pytest.approx(softmax_cross_entropy(scores, y)[0], rel=1e-12)
    assert accuracy == pytest.approx(np.mean(scores.argmax(1) == y))
    assert model.evaluate(X, y, return_dict=True) == {"loss": loss, "accuracy": accuracy}


# ---------------------------------------------------------------------------- dtype and params

def test_float32_model_trains_in_float32():
    X, y = classification()                                          # float64 data is cast, as in Keras
    model = small_model(dtype=np.float32)
    model.fit(X, y, epochs=2, batch_size=16, verbose=0)
    model.train_on_batch(X[:5], y[:5])
    assert all(value.dtype == np.float32 for value in model.params.values())
    assert len(model.grads) == 4 and all(value.dtype == np.float32 for value in model.grads.values())
    assert all(w.dtype == np.float32 for w in model.get_weights())
    assert model.predict(X).dtype == np.float32
    assert model.predict(X.astype(np.float32)).dtype == np.float32


def test_from_params_keeps_float32_and_computes_mlp_forward():
    params = {k: v.astype(np.float32) for k, v in init_params([5, 6, 2], np.random.default_rng(0)).items()}
    X = np.random.default_rng(1).standard_normal((7, 5)).astype(np.float32)
    model = Sequential.from_params(params, activation="tanh")
    assert model.dtype == np.float32
    np.testing.assert_allclose(model.predict(X), mlp_forward(X, params, activation="tanh")[0], rtol=1e-6)


def test_params_view_weights_and_set_weights():
    model = Sequential([Input((4,)), Dense(6), ReLU(), Dense(2, activation="tanh"), Dense(3)])
    params = model.params
    assert list(params) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert [params[k].shape for k in params] == [(4, 6), (6,), (6, 2), (2,), (2, 3), (3,)]
    params["W1"][0, 0] = 42.0                                       # the model's own arrays
    assert model.params["W1"][0, 0] == 42.0
    weights = model.get_weights()
    weights[0][0, 0] = -1.0                                         # copies
    assert model.params["W1"][0, 0] == 42.0
    model.set_weights(weights)
    assert model.params["W1"][0, 0] == -1.0
    new = init_params([4, 6, 2, 3], np.random.default_rng(3))
    model.set_weights(new)
    assert all(np.array_equal(model.params[k], new[k]) for k in new)
    assert model.params["W1"] is params["W1"]                       # loaded in place
    with pytest.raises(ValueError, match="weights"):
        model.set_weights(weights[:-1])
    with pytest.raises(ValueError, match="W2"):
        model.set_weights({**new, "W2": new["W2"].T})


def test_model_builds_from_data_when_input_dim_is_unknown():
    X, y = classification()
    model = compiled([Dense(5, activation="relu"), Dense(3)])
    assert not model.built
    model.fit(X, y, epochs=1, verbose=0)
    assert model.params["W1"].shape == (4, 5)


def test_same_seed_gives_same_weights_and_initializers_differ():
    make = lambda init, seed: Sequential([Dense(50, input_dim=200, kernel_initializer=init)], seed=seed)
    assert np.array_equal(make("he", 0).params["W1"], make("he", 0).params["W1"])
    assert not np.array_equal(make("he", 0).params["W1"], make("he", 1).params["W1"])
    he, glorot = make("he_normal", 0).params["W1"], make("glorot_uniform", 0).params["W1"]
    assert he.std() == pytest.approx(np.sqrt(2 / 200), rel=0.05)
    assert np.abs(glorot).max() <= np.sqrt(6 / 250)


# --------------------------------------------------------------------------- losses and layers

def test_loss_objects_match_nn_lib_functions():
    rng = np.random.default_rng(0)
    logits, labels = rng.standard_normal((6, 4)), rng.integers(0, 4, 6)
    loss, grad = SparseCategoricalCrossentropy(from_logits=True).loss_and_grad(logits, labels)
    expected = softmax_cross_entropy(logits, labels)
    assert loss == expected[0] and np.array_equal(grad, expected[1])
    # Probabilities in (from_logits=False) give the same loss as the logits.
    assert SparseCategoricalCrossentropy()(labels, softmax(logits)) == pytest.approx(expected[0], rel=1e-12)
    targets = rng.integers(0, 2, (6, 1)).astype(float)
    assert BinaryCrossentropy(from_logits=True)(targets[:, 0], logits[:, :1]) == \
        pytest.approx(binary_cross_entropy(logits[:, :1], targets)[0], rel=1e-12)
    assert MeanSquaredError()(targets, logits[:, :1]) == pytest.approx(mse_loss(logits[:, :1], targets)[0])


def numerical_input_gradient(model, loss, X, y, h=1e-6):
    """d loss / d X by central differences (float64), to check backward passes end to end."""
    grad = np.zeros_like(X)
    for index in np.ndindex(X.shape):
        old = X[index]
        X[index] = old + h
        up = loss.loss_and_grad(model.predict(X), y)[0]
        X[index] = old - h
        down = loss.loss_and_grad(model.predict(X), y)[0]
        X[index] = old
        grad[index] = (up - down) / (2 * h)
    return grad


@pytest.mark.parametrize("layers, loss, targets", [
    ([Dense(5, input_dim=3), Tanh(), Dense(4), Softmax()], SparseCategoricalCrossentropy(), "labels"),
    ([Dense(5, input_dim=3), Sigmoid(), Dense(1, activation="sigmoid")], BinaryCrossentropy(), "binary"),
    ([Dense(5, activation="tanh", input_dim=3), Dense(2)], MeanSquaredError(), "real"),
])
def test_backward_passes_match_numerical_gradients(layers, loss, targets):
    rng = np.random.default_rng(2)
    X = rng.standard_normal((4, 3))
    y = {"labels": rng.integers(0, 4, 4), "binary": rng.integers(0, 2, 4).astype(float),
         "real": rng.standard_normal((4, 2))}[targets]
    model = Sequential(layers, seed=3)
    model.compile(loss=loss, optimizer=SGD(0.0))
    model._prepare_training(X, y)
    scores = model._forward(X)
    _, dscores = loss.loss_and_grad(scores, y)
    for layer in reversed(model.layers):
        dscores = layer.backward(dscores)
    np.testing.assert_allclose(dscores, numerical_input_gradient(model, loss, X.copy(), y), rtol=1e-5, atol=1e-9)


def test_binary_classifier_accuracy_uses_the_right_threshold():
    X = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    y = np.array([0, 0, 1, 1])
    for activation, loss in [(None, BinaryCrossentropy(from_logits=True)), ("sigmoid", BinaryCrossentropy())]:
        model = compiled([Dense(1, activation=activation, input_dim=1)], loss=loss)
        model.set_weights([np.array([[3.0]]), np.array([0.0])])
        assert model.evaluate(X, y)[1] == 1.0


def test_regression_with_mse_and_mae_metric():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (64, 1))
    y = 2 * X[:, 0] - 0.5                                         # (N,) targets for (N, 1) outputs
    model = compiled([Dense(1, input_dim=1)], loss="mse", optimizer=SGD(0.1), metrics=["mae"])
    history = model.fit(X, y, epochs=40, batch_size=16, verbose=0)
    assert list(history.history) == ["loss", "mae"]
    assert history.history["loss"][-1] < 1e-3
    np.testing.assert_allclose(model.params["W1"], [[2.0]], atol=0.05)


# ------------------------------------------------------------------------------------ optimisers

def test_sgd_momentum_follows_keras_convention_and_nesterov():
    grads = {"w": np.array([1.0, -2.0])}
    for nesterov in (False, True):
        params = {"w": np.array([0.5, 0.5])}
        optimizer = SGD(learning_rate=0.1, momentum=0.9, nesterov=nesterov)
        v, p = np.zeros(2), params["w"].copy()
        for _ in range(3):
            optimizer.update(params, grads)
            v = 0.9 * v - 0.1 * grads["w"]
            p = p + (0.9 * v - 0.1 * grads["w"] if nesterov else v)
        np.testing.assert_allclose(params["w"], p, rtol=1e-14)


def test_adam_matches_its_formula():
    params, grads = {"w": np.array([1.0, -1.0])}, {"w": np.array([0.3, -0.1])}
    optimizer = Adam(learning_rate=0.01)
    m = v = np.zeros(2)
    w = params["w"].copy()
    for t in range(1, 4):
        optimizer.update(params, grads)
        m = 0.9 * m + 0.1 * grads["w"]
        v = 0.999 * v + 0.001 * grads["w"] ** 2
        w = w - 0.01 * np.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t) * m / (np.sqrt(v) + 1e-7)
    np.testing.assert_allclose(params["w"], w, rtol=1e-12)


def test_string_losses_and_optimizers_like_keras():
    X, y = classification()
    model = compiled([Dense(3, input_dim=4), Softmax()], loss="sparse_categorical_crossentropy",
                     optimizer="adam")
    assert isinstance(model.optimizer, Adam) and not model.loss.from_logits
    assert model.fit(X, y, epochs=2, verbose=0).history["loss"][-1] > 0


# ------------------------------------------------------------------------------------ progress

def test_verbose_progress_goes_to_stdout(capsys, monkeypatch):
    monkeypatch.setenv("COURSE_HEADLESS", "1")
    X, y = classification()
    small_model().fit(X, y, epochs=2, batch_size=10, verbose=1)
    captured = capsys.readouterr()
    assert "Epoch 2/2" in captured.out and "10/10" in captured.out and "loss" in captured.out
    assert captured.err == ""
    small_model().fit(X, y, epochs=2, verbose=2)
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1].startswith("Epoch 2/2 - loss: ") and "accuracy: " in lines[-1]
    small_model().fit(X, y, epochs=2, verbose=0)
    assert capsys.readouterr() == ("", "")
    small_model().fit(X, y, epochs=2, batch_size=10, verbose="auto")          # "auto" is 1, as in Keras
    assert "10/10" in capsys.readouterr().out


# ------------------------------------------------------------------------------ invalid arguments

X_OK, Y_OK = classification()


@pytest.mark.parametrize("call, argument", [
    (lambda m: m.fit(X_OK, Y_OK, epochs=0), "epochs"),
    (lambda m: m.fit(X_OK, Y_OK, epochs=1.5), "epochs"),
    (lambda m: m.fit(X_OK, Y_OK, batch_size=0), "batch_size"),
    (lambda m: m.fit(X_OK, Y_OK, verbose=3), "verbose"),
    (lambda m: m.fit(X_OK, Y_OK, shuffle="yes"), "shuffle"),
    (lambda m: m.fit(X_OK, Y_OK, seed="x"), "seed"),
    (lambda m: m.fit(X_OK, Y_OK, seed=1, rng=np.random.default_rng(1)), "seed and rng"),
    (lambda m: m.fit(X_OK, Y_OK, validation_data=X_OK), "validation_data"),
    (lambda m: m.fit(X_OK, Y_OK, validation_data=(X_OK, Y_OK[:-1])), "validation_data"),
    (lambda m: m.fit(X_OK[:, :3], Y_OK), "X"),
    (lambda m: m.fit(X_OK[0], Y_OK), "X"),
    (lambda m: m.fit(X_OK, Y_OK[:-1]), "y"),
    (lambda m: m.fit(X_OK, Y_OK + 3), "y"),
    (lambda m: m.fit(X_OK, Y_OK + 0.5), "y"),
    (lambda m: m.evaluate(X_OK, Y_OK[:, None]), "y"),
    (lambda m: m.predict(X_OK[:, :2]), "X"),
    (lambda m: m.compile(loss="hinge"), "loss"),
    (lambda m: m.compile(loss=SparseCategoricalCrossentropy()), "loss"),    # probabilities vs. logits
    (lambda m: m.compile(loss="mse", optimizer="rmsprop"), "optimizer"),
    (lambda m: m.compile(loss="mse", metrics=["f1"]), "metrics"),
    (lambda m: SGD(learning_rate=-1), "learning_rate"),
    (lambda m: SGD(momentum=1.0), "momentum"),
    (lambda m: Dense(0), "units"),
    (lambda m: Dense(3, activation="gelu"), "activation"),
    (lambda m: Dense(3, kernel_initializer="orthogonal"), "kernel_initializer"),
    (lambda m: Sequential([Dense(3)], dtype=np.int32), "dtype"),
    (lambda m: Sequential([Dense(3)], seed=None), "seed"),
    (lambda m: Sequential(["relu"]), "layers"),
    (lambda m: Sequential([Dense(3), Input((2,))]), "Input"),
    (lambda m: compiled([Input((4,)), ReLU()]).fit(X_OK, Y_OK), "Dense"),
])
def test_invalid_arguments_raise_value_error_naming_them(call, argument):
    with pytest.raises(ValueError, match=argument):
        call(small_model())


def test_using_a_model_too_early_says_what_to_do():
    with pytest.raises(RuntimeError, match="compile"):
        Sequential([Dense(3, input_dim=2)]).fit(np.zeros((2, 2)), np.zeros(2), verbose=0)
    with pytest.raises(RuntimeError, match="input_dim"):
        Sequential([Dense(3)]).params
