"""Tests of nn_lib's functional core (COURSE_SPEC §3, §4, §8).

Every gradient is compared with central differences computed here, independently of nn_lib, in
float64 on non-square shapes and several seeds. Expected values of the small helpers are worked
out by hand in the comments, never by calling the code under test.
"""

import math
import warnings

import numpy as np
import pytest

import nn_lib
from nn_lib import (accuracy, best_learning_rate, binary_cross_entropy, dense_backward, dense_forward,
                    early_stopping_epoch, has_diverged, init_params, iterate_minibatches, mlp_backward,
                    mlp_forward, momentum_step, mse_loss, neuron_gradients, neuron_loss, numerical_derivative,
                    numerical_gradient, relative_error, relu_backward, relu_forward, sgd_step, sigmoid,
                    sigmoid_backward, sigmoid_derivative, sigmoid_forward, softmax, softmax_cross_entropy,
                    tanh_backward, tanh_forward, train, zeros_like)

SEEDS = [0, 1, 2]


# ---------------------------------------------------------------- independent reference helpers
def finite_difference_gradient(f, x, h=1e-6):
    """d f(x) / dx by central differences, on copies of x (f takes the array, returns a number)."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[index] += h
        minus[index] -= h
        grad[index] = (f(plus) - f(minus)) / (2 * h)
    return grad


def rel_err(a, b):
    """Norm-wise relative error (robust to individual near-zero entries)."""
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    assert a.shape == b.shape, (a.shape, b.shape)
    return np.linalg.norm(a - b) / max(1e-12, np.linalg.norm(a) + np.linalg.norm(b))


def assert_grad(analytic, f, x, tol=1e-7):
    numeric = finite_difference_gradient(f, x)
    assert rel_err(analytic, numeric) < tol, rel_err(analytic, numeric)


def hand_sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def hand_softmax_ce(scores, labels):
    """Loss and dscores for softmax cross-entropy, written out plainly (moderate logits only)."""
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    n = scores.shape[0]
    loss = -np.mean(np.log(p[np.arange(n), labels]))
    onehot = np.zeros_like(p)
    onehot[np.arange(n), labels] = 1
    return loss, (p - onehot) / n


# ---------------------------------------------------------------- lesson 01
def test_sigmoid_values_numbers_and_arrays():
    z = np.array([[-3.0, -0.5, 0.0], [0.5, 2.0, 7.0]])
    np.testing.assert_allclose(sigmoid(z), hand_sigmoid(z), rtol=1e-14)
    assert sigmoid(0.0) == 0.5
    assert isinstance(sigmoid(1.0), float)          # numbers in, numbers out
    assert abs(sigmoid(2) - 1 / (1 + math.exp(-2))) < 1e-15
    np.testing.assert_allclose(sigmoid_derivative(z), hand_sigmoid(z) * (1 - hand_sigmoid(z)), rtol=1e-12)
    assert sigmoid_derivative(0.0) == 0.25


def test_sigmoid_is_finite_and_silent_for_huge_inputs():
    z = np.array([-1000.0, -40.0, 40.0, 1000.0])
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        s, ds = sigmoid(z), sigmoid_derivative(z)
        scalars = [sigmoid(1000.0), sigmoid(-1000.0), sigmoid_derivative(-1000.0)]
    assert np.all(np.isfinite(s)) and np.all(np.isfinite(ds)) and np.all(np.isfinite(scalars))
    assert s[0] == 0.0 and s[-1] == 1.0 and ds[0] == 0.0
    # sigmoid(-40) = exp(-40) / (1 + exp(-40)): the tail keeps its relative precision
    assert abs(s[1] / math.exp(-40) - 1) < 1e-12


def test_sigmoid_derivative_matches_finite_differences():
    z = np.random.default_rng(0).normal(scale=3, size=(3, 4))
    # element-wise: the gradient of sum(sigmoid(z)) is sigmoid'(z)
    assert_grad(sigmoid_derivative(z), lambda x: np.sum(hand_sigmoid(x)), z)


def test_numerical_derivative_calls_f_with_x():
    seen = []

    def f(x):
        seen.append(x)
        return x ** 3

    # d/dx x**3 at 2 = 3 * 2**2 = 12; the central difference is exact up to h**2 = 1e-10
    assert abs(numerical_derivative(f, 2.0) - 12.0) < 1e-6
    assert sorted(seen) == [2.0 - 1e-5, 2.0 + 1e-5]
    assert abs(numerical_derivative(math.sin, 0.3, h=1e-4) - math.cos(0.3)) < 1e-8


@pytest.mark.parametrize("w,b,x,y", [(0.5, 0.1, 2.0, 1.0), (-1.3, 0.7, -0.4, 0.0), (2.0, -1.0, 3.0, 0.3)])
def test_neuron_loss_and_gradients(w, b, x, y):
    p = 1 / (1 + math.exp(-(w * x + b)))
    loss = neuron_loss(w, b, x, y)
    assert isinstance(loss, float) and abs(loss - (p - y) ** 2) < 1e-15
    dw, db = neuron_gradients(w, b, x, y)
    assert isinstance(dw, float) and isinstance(db, float)
    h = 1e-6
    loss_of = lambda w_, b_: (1 / (1 + math.exp(-(w_ * x + b_))) - y) ** 2
    assert abs(dw - (loss_of(w + h, b) - loss_of(w - h, b)) / (2 * h)) < 1e-8
    assert abs(db - (loss_of(w, b + h) - loss_of(w, b - h)) / (2 * h)) < 1e-8


# ---------------------------------------------------------------- lesson 03 / 05: layers
@pytest.mark.parametrize("seed", SEEDS)
def test_dense_forward_and_backward(seed):
    rng = np.random.default_rng(seed)
    N, D_in, D_out = 4, 5, 3
    x, W, b = rng.normal(size=(N, D_in)), rng.normal(size=(D_in, D_out)), rng.normal(size=D_out)
    copies = [x.copy(), W.copy(), b.copy()]
    out, cache = dense_forward(x, W, b)
    np.testing.assert_allclose(out, x @ W + b, rtol=1e-14)
    assert cache[0] is x and cache[1] is W and cache[2] is b and len(cache) == 3
    R = rng.normal(size=(N, D_out))                      # loss = sum(out * R), so dout = R
    dx, dW, db = dense_backward(R, cache)
    assert (dx.shape, dW.shape, db.shape) == ((N, D_in), (D_in, D_out), (D_out,))
    assert_grad(dx, lambda v: np.sum((v @ W + b) * R), x)
    assert_grad(dW, lambda v: np.sum((x @ v + b) * R), W)
    assert_grad(db, lambda v: np.sum((x @ W + v) * R), b)
    for before, after in zip(copies, (x, W, b)):
        np.testing.assert_array_equal(before, after)


@pytest.mark.parametrize("forward,backward,reference", [
    (relu_forward, relu_backward, lambda z: np.maximum(z, 0)),
    (sigmoid_forward, sigmoid_backward, hand_sigmoid),
    (tanh_forward, tanh_backward, np.tanh)])
@pytest.mark.parametrize("seed", SEEDS)
def test_activation_forward_and_backward(forward, backward, reference, seed):
    rng = np.random.default_rng(seed)
    z = rng.normal(scale=2, size=(3, 5))
    z_copy = z.copy()
    a, cache = forward(z)
    assert cache is z
    np.testing.assert_allclose(a, reference(z), rtol=1e-13)
    R = rng.normal(size=z.shape)
    dz = backward(R, cache)
    assert_grad(dz, lambda v: np.sum(reference(v) * R), z)
    np.testing.assert_array_equal(z, z_copy)


def test_relu_derivative_at_zero_is_zero():
    z = np.array([[-1.0, 0.0, 2.0]])
    np.testing.assert_array_equal(relu_backward(np.ones((1, 3)), z), [[0.0, 0.0, 1.0]])


def _params_with_a_dead_unit():
    # X = [[1, 0]]: hidden pre-activation z = X @ W1 + b1 = [0, 1], so unit 0 sits exactly at the kink
    return np.array([[1.0, 0.0]]), {"W1": np.array([[0.0, 1.0], [1.0, 1.0]]), "b1": np.zeros(2),
                                    "W2": np.array([[1.0, -1.0], [2.0, 0.5]]), "b2": np.zeros(2)}


def test_relu_kink_in_mlp_backward_and_train():
    X, params = _params_with_a_dead_unit()
    scores, caches = mlp_forward(X, params)
    np.testing.assert_array_equal(caches[0][1], [[0.0, 1.0]])
    grads = mlp_backward(np.array([[1.0, -2.0]]), caches)
    # ReLU's derivative at 0 is 0: nothing reaches unit 0's incoming weights and bias
    assert grads["W1"][0, 0] == 0.0 and grads["b1"][0] == 0.0 and grads["b1"][1] != 0.0
    before = params["W1"].copy()
    train(params, X, np.array([1]), epochs=1, batch_size=1, lr=0.5)
    assert params["W1"][0, 0] == before[0, 0] and params["b1"][0] == 0.0 and params["b1"][1] != 0.0


def test_softmax_rows_and_stability():
    logits = np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, -1000.0]])
    p = softmax(logits)
    e = np.exp([1.0, 2.0, 3.0])
    np.testing.assert_allclose(p[0], e / e.sum(), rtol=1e-14)
    np.testing.assert_allclose(p[1], [0.5, 0.5, 0.0], atol=1e-300)
    np.testing.assert_allclose(softmax(logits[:1] + 50.0), p[:1], rtol=1e-13)   # shift invariance
    assert logits[1, 0] == 1000.0                                             # input untouched


def test_init_params_statistics():
    rng = np.random.default_rng(0)
    params = init_params([300, 200, 10], rng)
    assert list(params) == ["W1", "b1", "W2", "b2"]
    assert params["W1"].shape == (300, 200) and params["b2"].shape == (10,)
    assert all(v.dtype == np.float64 for v in params.values())
    assert not params["b1"].any() and not params["b2"].any()
    # he: std sqrt(2 / fan_in) = sqrt(2/300) = 0.0816; 60,000 draws pin it to about 0.3 %
    assert abs(params["W1"].std() / math.sqrt(2 / 300) - 1) < 0.02
    assert abs(params["W1"].mean()) < 0.002
    xavier = init_params([300, 200, 10], np.random.default_rng(1), scheme="xavier")
    limit = math.sqrt(6 / 500)                          # sqrt(6 / (fan_in + fan_out))
    assert np.abs(xavier["W1"]).max() <= limit and np.abs(xavier["W1"]).max() > 0.99 * limit
    assert abs(xavier["W1"].std() / (limit / math.sqrt(3)) - 1) < 0.02   # uniform's std = limit / sqrt(3)
    # the draws come from rng: the same seed gives the same weights, another seed different ones
    np.testing.assert_array_equal(init_params([4, 3], np.random.default_rng(5))["W1"],
                                  init_params([4, 3], np.random.default_rng(5))["W1"])
    assert not np.array_equal(init_params([4, 3], np.random.default_rng(5))["W1"],
                              init_params([4, 3], np.random.default_rng(6))["W1"])


def _float_params(sizes, seed):
    rng = np.random.default_rng(seed)
    params = init_params(sizes, rng)
    for key in params:
        if key.startswith("b"):
            params[key] = rng.normal(scale=0.5, size=params[key].shape)   # non-zero biases
    return params


def hand_mlp(X, params, act):
    L = len(params) // 2
    a = X
    for layer in range(1, L + 1):
        z = a @ params[f"W{layer}"] + params[f"b{layer}"]
        a = act(z) if layer < L else z
    return a


@pytest.mark.parametrize("activation,act", [("relu", lambda z: np.maximum(z, 0)), ("tanh", np.tanh),
                                            ("sigmoid", hand_sigmoid)])
@pytest.mark.parametrize("seed", SEEDS)
def test_mlp_forward_caches_and_backward(activation, act, seed):
    sizes = [5, 7, 4, 3]
    params = _float_params(sizes, seed)
    X = np.random.default_rng(seed + 10).normal(size=(6, 5))
    scores, caches = mlp_forward(X, params, activation=activation)
    np.testing.assert_allclose(scores, hand_mlp(X, params, act), rtol=1e-12)
    assert isinstance(caches, list) and len(caches) == 3
    (x1, W1, b1), z1 = caches[0]
    assert x1 is X and W1 is params["W1"] and b1 is params["b1"]
    np.testing.assert_allclose(z1, X @ params["W1"] + params["b1"], rtol=1e-13)
    assert caches[1][0][0] is not None and caches[2][1] is None
    R = np.random.default_rng(seed + 20).normal(size=scores.shape)
    grads = mlp_backward(R, caches, activation=activation)
    assert sorted(grads) == sorted(params)
    for key in params:
        def loss_of(value, key=key):
            changed = dict(params, **{key: value})
            return np.sum(hand_mlp(X, changed, act) * R)
        assert grads[key].shape == params[key].shape
        assert_grad(grads[key], loss_of, params[key])


def test_zeros_like_keeps_keys_shapes_dtypes():
    params = {"W1": np.ones((2, 3), np.float32), "b1": np.ones(3)}
    zeros = zeros_like(params)
    assert list(zeros) == ["W1", "b1"] and zeros["W1"].dtype == np.float32 and zeros["b1"].dtype == np.float64
    assert not zeros["W1"].any() and zeros["W1"] is not params["W1"]


# ---------------------------------------------------------------- lesson 04: losses
@pytest.mark.parametrize("seed", SEEDS)
def test_mse_loss(seed):
    rng = np.random.default_rng(seed)
    pred, target = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    loss, dpred = mse_loss(pred, target)
    assert isinstance(loss, float)
    assert abs(loss - np.sum((pred - target) ** 2) / 12) < 1e-14        # mean over all 12 elements
    assert_grad(dpred, lambda p: np.mean((p - target) ** 2), pred)


@pytest.mark.parametrize("seed", SEEDS)
def test_binary_cross_entropy(seed):
    rng = np.random.default_rng(seed)
    z, t = rng.normal(scale=2, size=(5, 2)), rng.uniform(size=(5, 2))
    loss, dz = binary_cross_entropy(z, t)
    naive = lambda v: np.mean(-t * np.log(hand_sigmoid(v)) - (1 - t) * np.log(1 - hand_sigmoid(v)))
    assert isinstance(loss, float) and abs(loss - naive(z)) < 1e-13
    assert_grad(dz, naive, z)


def test_binary_cross_entropy_is_stable_and_checks_shapes():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        loss, dz = binary_cross_entropy(np.array([1000.0, -1000.0]), np.array([1.0, 1.0]))
    # element 1: sure and right, loss 0; element 2: z = -1000 with t = 1 costs -log(sigmoid(-1000)) = 1000
    assert loss == pytest.approx(500.0, rel=1e-12)
    np.testing.assert_allclose(dz, [0.0, -0.5], atol=1e-300)
    with pytest.raises(ValueError, match="targets"):
        binary_cross_entropy(np.zeros((4, 1)), np.zeros(4))


@pytest.mark.parametrize("seed", SEEDS)
def test_softmax_cross_entropy(seed):
    rng = np.random.default_rng(seed)
    logits, labels = rng.normal(scale=2, size=(5, 4)), rng.integers(0, 4, size=5)
    loss, dlogits = softmax_cross_entropy(logits, labels)
    expected_loss, expected_grad = hand_softmax_ce(logits, labels)
    assert isinstance(loss, float) and abs(loss - expected_loss) < 1e-13
    np.testing.assert_allclose(dlogits, expected_grad, rtol=1e-12, atol=1e-15)
    assert_grad(dlogits, lambda v: hand_softmax_ce(v, labels)[0], logits)


def test_softmax_cross_entropy_stable_for_huge_logits():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        loss, d = softmax_cross_entropy(np.array([[1e4, 0.0], [0.0, 1e4]]), np.array([0, 0]))
    # row 1 is right with certainty (loss 0); row 2 puts 1e4 on the wrong class (loss 1e4): mean 5000
    assert loss == 5000.0
    np.testing.assert_allclose(d, [[0.0, 0.0], [-0.5, 0.5]])


# ---------------------------------------------------------------- lesson 05: gradient checking
def test_numerical_gradient_calls_f_and_restores_x():
    x = np.array([[1.0, -2.0, 0.5], [3.0, 0.25, -1.0]])
    original = x.copy()
    calls = []

    def f():
        calls.append(x.copy())
        return float(np.sum(x ** 3) + x[0, 1] * x[1, 2])

    grad = numerical_gradient(f, x)
    assert grad.shape == x.shape and grad.dtype == np.float64
    expected = 3 * original ** 2
    expected[0, 1] += original[1, 2]
    expected[1, 2] += original[0, 1]
    np.testing.assert_allclose(grad, expected, rtol=1e-8)
    np.testing.assert_array_equal(x, original)
    assert len(calls) == 2 * x.size
    # x is restored even when f() fails half-way
    def failing():
        raise RuntimeError("boom")
    with pytest.raises(RuntimeError):
        numerical_gradient(failing, x)
    np.testing.assert_array_equal(x, original)


def test_relative_error():
    # |1 - 1| / 2 = 0 and |2 - 2.2| / 4.2 = 0.047619...: the max is the second
    assert relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.2])) == pytest.approx(0.2 / 4.2, rel=1e-12)
    # both zero: 0 / max(1e-8, 0) = 0
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    # tiny values: the 1e-8 floor, |1e-9 - 0| / 1e-8 = 0.1
    assert relative_error(np.array([1e-9]), np.array([0.0])) == pytest.approx(0.1)
    assert isinstance(relative_error(1.0, 1.5), float)
    with pytest.raises(ValueError, match="same shape"):
        relative_error(np.zeros((2, 3)), np.zeros((3, 2)))


# ---------------------------------------------------------------- lesson 06: optimisers
def test_sgd_step_in_place():
    params = {"W1": np.array([[1.0, 2.0]], np.float32), "b1": np.array([0.5])}
    grads = {"W1": np.array([[2.0, -4.0]]), "b1": np.array([1.0])}
    grads_copy = {k: v.copy() for k, v in grads.items()}
    objects = {k: v for k, v in params.items()}
    assert sgd_step(params, grads, 0.1) is None
    # p - lr g: 1 - 0.2 = 0.8, 2 + 0.4 = 2.4, 0.5 - 0.1 = 0.4
    np.testing.assert_allclose(params["W1"], [[0.8, 2.4]], rtol=1e-6)
    np.testing.assert_allclose(params["b1"], [0.4], rtol=1e-15)
    assert all(params[k] is objects[k] for k in params) and params["W1"].dtype == np.float32
    assert all(np.array_equal(grads[k], grads_copy[k]) for k in grads)


def test_momentum_step_keras_convention():
    params = {"W1": np.array([[1.0]])}
    velocity = zeros_like(params)
    p_obj, v_obj = params["W1"], velocity["W1"]
    grads = {"W1": np.array([[2.0]])}
    assert momentum_step(params, grads, velocity, 0.1, 0.9) is None
    # v = 0.9 * 0 - 0.1 * 2 = -0.2; p = 1 - 0.2 = 0.8
    assert velocity["W1"][0, 0] == pytest.approx(-0.2) and params["W1"][0, 0] == pytest.approx(0.8)
    momentum_step(params, grads, velocity, 0.1, 0.9)
    # v = 0.9 * -0.2 - 0.2 = -0.38; p = 0.8 - 0.38 = 0.42
    assert velocity["W1"][0, 0] == pytest.approx(-0.38) and params["W1"][0, 0] == pytest.approx(0.42)
    assert params["W1"] is p_obj and velocity["W1"] is v_obj and grads["W1"][0, 0] == 2.0


# ---------------------------------------------------------------- lesson 06: mini-batches and train
def test_iterate_minibatches_in_order():
    X = np.arange(14).reshape(7, 2)
    y = np.arange(7) * 10
    batches = list(iterate_minibatches(X, y, 3))
    assert [len(yb) for _, yb in batches] == [3, 3, 1]          # the short last batch is kept
    np.testing.assert_array_equal(np.concatenate([xb for xb, _ in batches]), X)
    np.testing.assert_array_equal(np.concatenate([yb for _, yb in batches]), y)


def test_iterate_minibatches_shuffled():
    X = np.arange(20).reshape(10, 2)
    y = np.arange(10)
    rng = np.random.default_rng(0)
    orders = []
    for _ in range(3):
        batches = list(iterate_minibatches(X, y, 4, rng))
        assert [len(yb) for _, yb in batches] == [4, 4, 2]
        for xb, yb in batches:                                    # pairs kept together
            np.testing.assert_array_equal(xb[:, 0], 2 * yb)
        order = np.concatenate([yb for _, yb in batches])
        assert sorted(order) == list(range(10))                   # every example once
        orders.append(tuple(order))
    assert len(set(orders)) == 3                                  # reshuffled on every call
    assert orders[0] != tuple(range(10))


def hand_train(params, X, y, batches_per_epoch, lr, momentum, X_val, y_val):
    """Plain re-implementation of §8: 2-layer ReLU MLP, softmax CE, Keras momentum."""
    W1, b1, W2, b2 = (params[k].copy() for k in ("W1", "b1", "W2", "b2"))
    vel = [np.zeros_like(p) for p in (W1, b1, W2, b2)]
    history = {"loss": [], "accuracy": [], "val_loss": [], "val_accuracy": []}
    for batches in batches_per_epoch:
        total_loss = total_correct = 0.0
        for index in batches:
            xb, yb = X[index], y[index]
            z1 = xb @ W1 + b1
            h = np.maximum(z1, 0)
            s = h @ W2 + b2
            loss, ds = hand_softmax_ce(s, yb)
            total_loss += loss * len(index)                       # weighted by the batch size
            total_correct += np.sum(np.argmax(s, axis=1) == yb)
            gW2, gb2 = h.T @ ds, ds.sum(axis=0)
            dz1 = (ds @ W2.T) * (z1 > 0)
            gW1, gb1 = xb.T @ dz1, dz1.sum(axis=0)
            for p, g, v in zip((W1, b1, W2, b2), (gW1, gb1, gW2, gb2), vel):
                v *= momentum
                v -= lr * g
                p += v
        history["loss"].append(total_loss / len(y))
        history["accuracy"].append(total_correct / len(y))
        s_val = np.maximum(X_val @ W1 + b1, 0) @ W2 + b2           # after the epoch, whole set
        history["val_loss"].append(hand_softmax_ce(s_val, y_val)[0])
        history["val_accuracy"].append(np.mean(np.argmax(s_val, axis=1) == y_val))
    return history, {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


@pytest.mark.parametrize("momentum", [0.0, 0.5])
def test_train_history_matches_hand_computation(momentum):
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(7, 3)), np.array([0, 1, 2, 1, 0, 2, 2])
    X_val, y_val = rng.normal(size=(4, 3)), np.array([2, 0, 1, 1])
    params = _float_params([3, 5, 3], 4)
    objects = dict(params)
    # rng=None: batches in order, the last one short: [0,1,2], [3,4,5], [6]
    batches = [[0, 1, 2], [3, 4, 5], [6]]
    expected, expected_params = hand_train(params, X, y, [batches] * 3, 0.3, momentum, X_val, y_val)
    history = train(params, X, y, epochs=3, batch_size=3, lr=0.3, momentum=momentum, X_val=X_val, y_val=y_val)
    assert sorted(history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    for key in expected:
        assert len(history[key]) == 3 and all(isinstance(v, float) for v in history[key])
        np.testing.assert_allclose(history[key], expected[key], rtol=1e-12, err_msg=key)
    for key in params:
        assert params[key] is objects[key]
        np.testing.assert_allclose(params[key], expected_params[key], rtol=1e-12)


def test_train_with_zero_learning_rate_reports_full_data_loss():
    # lr = 0: nothing changes, so the batch-size-weighted mean of batch losses is the loss on all of X
    rng = np.random.default_rng(8)
    X, y = rng.normal(size=(10, 4)), rng.integers(0, 3, size=10)
    params = _float_params([4, 6, 3], 9)
    s = np.maximum(X @ params["W1"] + params["b1"], 0) @ params["W2"] + params["b2"]
    history = train(params, X, y, epochs=2, batch_size=4, lr=0.0)
    assert sorted(history) == ["accuracy", "loss"]
    assert history["loss"] == pytest.approx([hand_softmax_ce(s, y)[0]] * 2, rel=1e-13)
    assert history["accuracy"] == pytest.approx([np.mean(s.argmax(axis=1) == y)] * 2)


def test_train_with_rng_uses_one_shuffle_per_epoch():
    rng = np.random.default_rng(11)
    X, y = rng.normal(size=(9, 3)), rng.integers(0, 2, size=9)
    X_val, y_val = X[:2], y[:2]
    params = _float_params([3, 4, 2], 12)
    # the batches train sees are those iterate_minibatches yields with the same generator
    shuffle_rng = np.random.default_rng(42)
    epochs = []
    for _ in range(2):
        order = np.concatenate([yb_index for _, yb_index in iterate_minibatches(X, np.arange(9), 4, shuffle_rng)])
        epochs.append([order[0:4], order[4:8], order[8:9]])
    expected, _ = hand_train(params, X, y, epochs, 0.2, 0.0, X_val, y_val)
    history = train(params, X, y, epochs=2, batch_size=4, lr=0.2, rng=np.random.default_rng(42),
                    X_val=X_val, y_val=y_val)
    np.testing.assert_allclose(history["loss"], expected["loss"], rtol=1e-12)


@pytest.mark.parametrize("sizes", [[6, 4], [6, 8, 7, 4]])
def test_train_matches_composition_of_the_building_blocks(sizes):
    # train is fused for speed; it must agree with mlp_forward + softmax CE + mlp_backward + momentum_step
    rng = np.random.default_rng(21)
    X, y = rng.normal(size=(23, 6)), rng.integers(0, 4, size=23)
    params = _float_params(sizes, 22)
    reference = {k: v.copy() for k, v in params.items()}
    velocity = zeros_like(reference)
    losses = []
    for _ in range(2):
        total = 0.0
        for xb, yb in iterate_minibatches(X, y, 5):
            scores, caches = mlp_forward(xb, reference)
            loss, d = softmax_cross_entropy(scores, yb)
            total += loss * len(yb)
            momentum_step(reference, mlp_backward(d, caches), velocity, 0.05, 0.8)
        losses.append(total / 23)
    history = train(params, X, y, epochs=2, batch_size=5, lr=0.05, momentum=0.8)
    np.testing.assert_allclose(history["loss"], losses, rtol=1e-13)
    for key in params:
        np.testing.assert_allclose(params[key], reference[key], rtol=1e-12, atol=1e-15)


def test_accuracy():
    scores = np.array([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7], [0.6, 0.4]])
    # argmax per row: 1, 0, 1, 0 against labels 1, 1, 1, 0: three of four right
    result = accuracy(scores, np.array([1, 1, 1, 0]))
    assert result == 0.75 and isinstance(result, float)


# ---------------------------------------------------------------- lesson 07: hyperparameters
def test_has_diverged():
    assert has_diverged([1.0, 0.5, 0.2]) is False
    assert has_diverged([1.0, 2.0, 0.9]) is False        # bumpy but ends below the start
    assert has_diverged([1.0, 0.5, 1.1]) is True         # last above first
    assert has_diverged([1.0, float("nan"), 0.1]) is True
    assert has_diverged([1.0, 0.5, float("inf")]) is True
    assert has_diverged([0.7]) is False                  # one finite loss: last == first
    assert has_diverged([1.0, 1.0]) is False             # equal is not above


def test_best_learning_rate():
    results = {0.1: [1.0, 0.5, 0.3], 0.01: [1.0, 0.9, 0.8], 1.0: [1.0, 5.0, float("nan")]}
    assert best_learning_rate(results) == 0.1             # lowest final loss among 0.1 and 0.01
    # equal final losses: the smaller rate wins
    assert best_learning_rate({0.5: [1.0, 0.2], 0.05: [1.0, 0.2], 0.005: [1.0, 0.6]}) == 0.05
    # a run with a NaN inside diverged, even though its final loss (0.01) is the lowest
    assert best_learning_rate({1.0: [1.0, float("nan"), 0.01], 0.1: [1.0, 0.4]}) == 0.1
    with pytest.raises(ValueError, match="diverged"):
        best_learning_rate({1.0: [1.0, 2.0], 2.0: [1.0, float("inf")]})


@pytest.mark.parametrize("losses,patience,expected", [
    # steady improvement, never stops: the last epoch is the best
    ([1.0, 0.8, 0.6, 0.5], 1, 3),
    # best at 1; epochs 2 and 3 do not improve, patience 2 stops at epoch 3; the 0.1 at epoch 4 is never seen
    ([1.0, 0.5, 0.6, 0.7, 0.1], 2, 1),
    # with patience 3 training reaches epoch 4 and 0.1 improves
    ([1.0, 0.5, 0.6, 0.7, 0.1], 3, 4),
    # equal is not strictly lower: best stays at epoch 0, patience 1 stops at epoch 1
    ([0.5, 0.5, 0.4], 1, 0),
    # ends without stopping after a worse epoch: the best (epoch 1) is restored
    ([1.0, 0.5, 0.9], 5, 1),
    # NaN never improves: best stays at epoch 1, patience 2 stops at epoch 3 before the 0.2
    ([1.0, 0.9, float("nan"), float("nan"), 0.2], 2, 1),
    # a leading NaN: epoch 0's weights are kept as the fallback, then 0.9 improves
    ([float("nan"), 0.9, 0.8], 1, 2),
    # only NaNs: nothing ever improves, epoch 0's weights are what Keras keeps
    ([float("nan"), float("nan"), float("nan")], 1, 0),
    # a single epoch
    ([0.3], 1, 0),
    # as in Keras the first epoch is the first best even when its loss is inf; the second inf is no
    # improvement, so patience 1 stops at epoch 1 (best 0) while patience 2 goes on to the 1.0
    ([float("inf"), float("inf"), 1.0], 1, 0),
    ([float("inf"), float("inf"), 1.0], 2, 2),
    # patience counts consecutive non-improving epochs only: 1.0, 0.9 (best), 0.95, 0.85 (best), 0.86, 0.87
    ([1.0, 0.9, 0.95, 0.85, 0.86, 0.87, 0.1], 2, 3),
])
def test_early_stopping_epoch(losses, patience, expected):
    assert early_stopping_epoch(losses, patience) == expected


def test_early_stopping_epoch_errors():
    with pytest.raises(ValueError, match="empty"):
        early_stopping_epoch([], 2)
    with pytest.raises(ValueError, match="patience"):
        early_stopping_epoch([1.0, 0.5], 0)


# ---------------------------------------------------------------- dtypes
def test_float32_stays_float32():
    rng = np.random.default_rng(0)
    f32 = lambda *shape: rng.normal(size=shape).astype(np.float32)
    x, W, b = f32(4, 5), f32(5, 3), f32(3)
    out, cache = dense_forward(x, W, b)
    assert out.dtype == np.float32
    assert all(g.dtype == np.float32 for g in dense_backward(f32(4, 3), cache))
    for forward, backward in ((relu_forward, relu_backward), (sigmoid_forward, sigmoid_backward),
                              (tanh_forward, tanh_backward)):
        a, c = forward(out)
        assert a.dtype == np.float32 and backward(f32(4, 3), c).dtype == np.float32
    assert softmax(out).dtype == np.float32 and sigmoid(out).dtype == np.float32
    assert sigmoid_derivative(out).dtype == np.float32
    labels = np.array([0, 2, 1, 1])
    for loss_fn, target in ((mse_loss, f32(4, 3)), (binary_cross_entropy, np.ones((4, 3), np.float32)),
                            (softmax_cross_entropy, labels)):
        loss, grad = loss_fn(out, target)
        assert isinstance(loss, float) and grad.dtype == np.float32
    params = {k: v.astype(np.float32) for k, v in init_params([5, 6, 3], rng).items()}
    scores, caches = mlp_forward(x, params)
    assert scores.dtype == np.float32
    grads = mlp_backward(softmax_cross_entropy(scores, labels)[1], caches)
    assert all(g.dtype == np.float32 for g in grads.values())
    velocity = zeros_like(params)
    sgd_step(params, grads, np.float64(0.1))                 # a float64 scalar must not upcast
    momentum_step(params, grads, velocity, 0.1, np.float64(0.9))
    objects = dict(params)
    history = train(params, x, labels, epochs=2, batch_size=3, lr=np.float64(0.1), momentum=0.9,
                    X_val=x, y_val=labels, rng=np.random.default_rng(1))
    assert all(params[k] is objects[k] and params[k].dtype == np.float32 for k in params)
    assert all(velocity[k].dtype == np.float32 for k in velocity)
    assert all(isinstance(v, float) for values in history.values() for v in values)


def test_arrays_created_are_float64_for_integer_inputs():
    assert sigmoid(np.array([0, 1])).dtype == np.float64
    assert softmax(np.array([[1, 2]])).dtype == np.float64
    assert mse_loss(np.array([1, 2]), np.array([0, 0]))[1].dtype == np.float64


# ---------------------------------------------------------------- argument errors
@pytest.mark.parametrize("call,pattern", [
    (lambda: dense_forward(np.zeros((2, 3)), np.zeros((4, 5)), np.zeros(5)), r"x has 3 features .* W expects 4"),
    (lambda: dense_forward(np.zeros((2, 3)), np.zeros((3, 5)), np.zeros(4)), r"b must have shape \(5,\)"),
    (lambda: dense_forward(np.zeros(3), np.zeros((3, 5)), np.zeros(5)), r"x must be a 2-D array, got shape \(3,\)"),
    (lambda: dense_backward(np.zeros((2, 4)), (np.zeros((2, 3)), np.zeros((3, 5)), np.zeros(5))),
     r"dout must have shape .*\(2, 5\).* got \(2, 4\)"),
    (lambda: relu_backward(np.zeros((2, 3)), np.zeros((3, 2))), r"dout and cache \(z\) must have the same shape"),
    (lambda: softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 3])), r"labels must be class ids in \[0, 3\).* got 3"),
    (lambda: softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 1, 1])), r"labels must have shape \(2,\)"),
    (lambda: mse_loss(np.zeros((3, 1)), np.zeros(3)), r"pred and target must have the same shape"),
    (lambda: init_params([3, 2], np.random.default_rng(0), scheme="glorot"), r"scheme must be .*'glorot'"),
    (lambda: init_params([3, 0], np.random.default_rng(0)), r"layer_sizes\[1\] must be an integer >= 1, got 0"),
    (lambda: init_params([3, 2], 0), r"rng must be a numpy.random.Generator"),
    (lambda: mlp_forward(np.zeros((2, 3)), init_params([3, 2], np.random.default_rng(0)), activation="gelu"),
     r"activation must be one of .* got 'gelu'"),
    (lambda: mlp_forward(np.zeros((2, 4)), init_params([3, 2], np.random.default_rng(0))), r"X has 4 features"),
    (lambda: mlp_forward(np.zeros((2, 3)), {"W1": np.zeros((3, 2))}), r"keys W1, b1, .* got \['W1'\]"),
    (lambda: sgd_step({"W": np.zeros(2)}, {"W": np.zeros(2)}, -0.1), r"lr .* must be >= 0, got -0.1"),
    (lambda: sgd_step({"W": np.zeros(2)}, {"W": np.zeros(3)}, 0.1), r"grads\['W'\] must have the shape"),
    (lambda: momentum_step({"W": np.zeros(2)}, {"W": np.zeros(2)}, {"W": np.zeros(2)}, 0.1, 1.0),
     r"momentum must be in \[0, 1\), got 1.0"),
    (lambda: list(iterate_minibatches(np.zeros((4, 2)), np.zeros(4), 0)), r"batch_size must be an integer >= 1, got 0"),
    (lambda: iterate_minibatches(np.zeros((4, 2)), np.zeros(3), 2), r"same number of examples .* got 4 and 3"),
    (lambda: train(init_params([3, 2], np.random.default_rng(0)), np.zeros((4, 3)), np.zeros(4, int), epochs=1,
                   batch_size=2, lr=0.1, momentum=-0.5), r"momentum must be in \[0, 1\), got -0.5"),
    (lambda: train(init_params([3, 2], np.random.default_rng(0)), np.zeros((4, 3)), np.array([0, 1, 2, 0]),
                   epochs=1, batch_size=2, lr=0.1), r"y must be class ids in \[0, 2\).* got 2"),
    (lambda: train(init_params([3, 2], np.random.default_rng(0)), np.zeros((4, 3)), np.zeros(4, int), epochs=1,
                   batch_size=2, lr=0.1, X_val=np.zeros((2, 3))), r"X_val and y_val must be given together"),
    (lambda: train(init_params([3, 2], np.random.default_rng(0)), np.zeros((4, 3)), np.zeros(4, int), epochs=1,
                   batch_size=2, lr=0.1, X_val=np.zeros((2, 5)), y_val=np.zeros(2, int)),
     r"X_val must have X's 3 features"),
    (lambda: numerical_derivative(math.sin, 1.0, h=0.0), r"h .* must be > 0, got 0.0"),
    (lambda: numerical_gradient(lambda: 0.0, [1.0, 2.0]), r"x must be a float numpy array"),
    (lambda: has_diverged([]), r"losses must hold at least one loss"),
    (lambda: best_learning_rate({}), r"results must be a non-empty dict"),
])
def test_invalid_arguments_raise_value_error_naming_the_argument(call, pattern):
    with pytest.raises(ValueError, match=pattern):
        call()


def test_nn_lib_exports_every_graded_function():
    for name in ["sigmoid", "sigmoid_derivative", "numerical_derivative", "neuron_loss", "neuron_gradients",
                 "Value", "dense_forward", "relu_forward", "sigmoid_forward", "tanh_forward", "softmax",
                 "init_params", "mlp_forward", "mse_loss", "binary_cross_entropy", "softmax_cross_entropy",
                 "dense_backward", "relu_backward", "sigmoid_backward", "tanh_backward", "mlp_backward",
                 "numerical_gradient", "relative_error", "sgd_step", "momentum_step", "iterate_minibatches",
                 "train", "has_diverged", "best_learning_rate", "early_stopping_epoch"]:
        assert callable(getattr(nn_lib, name)), name
