"""nn_lib.data (shapes, determinism, standardisation, offline) and nn_lib.plotting (what each plot shows)."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nn_lib import data

ROOT = Path(__file__).resolve().parent.parent

GENERATORS = {
    "make_xor": (lambda **kw: data.make_xor(n_per_cluster=30, **kw), 120, 2),
    "make_spirals": (lambda **kw: data.make_spirals(n_per_class=40, n_classes=3, **kw), 120, 3),
    "make_moons": (lambda **kw: data.make_moons(n_samples=101, **kw), 101, 2),
}


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("nn_lib.data tried to use the network")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize("name", GENERATORS)
def test_classification_sets_shapes_labels_and_dtype(name):
    make, n, classes = GENERATORS[name]
    X, y = make(seed=0)
    assert X.shape == (n, 2) and X.dtype == np.float64
    assert y.shape == (n,) and y.dtype == np.int64
    assert sorted(np.unique(y)) == list(range(classes))
    X32, _ = make(seed=0, dtype=np.float32)
    assert X32.dtype == np.float32
    np.testing.assert_allclose(X32, X, rtol=1e-6)


@pytest.mark.parametrize("name", GENERATORS)
def test_classification_sets_are_deterministic(name):
    make = GENERATORS[name][0]
    first, again, other = make(seed=3), make(seed=3), make(seed=4)
    assert all(np.array_equal(a, b) for a, b in zip(first, again))
    assert not np.array_equal(first[0], other[0])
    # A Generator can be passed instead of an int seed.
    assert np.array_equal(make(seed=np.random.default_rng(3))[0], make(seed=np.random.default_rng(3))[0])


def test_xor_table_and_blobs_are_labelled_by_xor():
    X, y = data.xor_table()
    assert X.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]] and y.tolist() == [0, 1, 1, 0]
    X, y = data.make_xor(n_per_cluster=50, noise=0.05)
    assert np.array_equal(y, ((X[:, 0] > 0) != (X[:, 1] > 0)).astype(int))


def test_moons_without_noise_lie_on_two_half_circles():
    X, y = data.make_moons(n_samples=50, noise=0.0)
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0)


def test_spirals_without_noise_have_radius_up_to_one_per_arm():
    X, y = data.make_spirals(n_per_class=20, n_classes=4, noise=0.0)
    radius = np.hypot(*X.T)
    for k in range(4):
        np.testing.assert_allclose(radius[y == k], np.linspace(0, 1, 20), atol=1e-12)


def test_regression_set_shapes_sorting_and_noise():
    X, y = data.make_regression_1d(n_samples=80, noise=0.0, seed=1)
    assert X.shape == (80, 1) and y.shape == (80, 1)
    assert np.all(np.diff(X[:, 0]) >= 0) and X.min() >= -1 and X.max() <= 1
    np.testing.assert_allclose(y, np.sin(3 * X))
    _, noisy = data.make_regression_1d(n_samples=80, noise=0.1, seed=1)
    assert 0.05 < np.std(noisy - y) < 0.15


@pytest.mark.parametrize("call, argument", [
    (lambda: data.make_spirals(n_per_class=0), "n_per_class"),
    (lambda: data.make_moons(noise=-1), "noise"),
    (lambda: data.make_xor(seed="a"), "seed"),
    (lambda: data.load_digits(val_fraction=0.5, test_fraction=0.5), "val_fraction"),
    (lambda: data.train_val_test_split(np.zeros((3, 1)), np.zeros(2)), "X and y"),
])
def test_invalid_arguments_raise_value_error(call, argument):
    with pytest.raises(ValueError, match=argument):
        call()


def test_digits_split_shapes_and_stratification(no_network):
    split = data.load_digits(seed=0)
    X_train, y_train, X_val, y_val, X_test, y_test = split
    assert split.X_train is X_train
    assert X_train.shape == (1079, 64) and X_val.shape == (359, 64) and X_test.shape == (359, 64)
    assert y_train.shape == (1079,) and y_train.dtype == np.int64
    assert len(y_train) + len(y_val) + len(y_test) == 1797
    overall = np.bincount(np.concatenate([y_train, y_val, y_test])) / 1797
    for labels in (y_train, y_val, y_test):                # every class in every part, in proportion
        np.testing.assert_allclose(np.bincount(labels, minlength=10) / len(labels), overall, atol=0.006)
    # No example appears in two parts (the 1797 images are all distinct).
    raw = data.load_digits(seed=0, standardized=False)
    rows = {row.tobytes() for part in (raw.X_train, raw.X_val, raw.X_test) for row in part}
    assert len(rows) == 1797


def test_digits_standardised_with_training_statistics_only():
    std = data.load_digits(seed=1)
    raw = data.load_digits(seed=1, standardized=False)
    assert np.array_equal(std.y_train, raw.y_train) and np.array_equal(std.y_test, raw.y_test)
    mean, spread = raw.X_train.mean(axis=0), raw.X_train.std(axis=0)
    spread = np.where(spread > 0, spread, 1.0)
    for standardised, original in [(std.X_train, raw.X_train), (std.X_val, raw.X_val), (std.X_test, raw.X_test)]:
        np.testing.assert_allclose(standardised, (original - mean) / spread, atol=1e-12)
    np.testing.assert_allclose(std.X_train.mean(axis=0), 0, atol=1e-12)
    varying = raw.X_train.std(axis=0) > 0
    np.testing.assert_allclose(std.X_train.std(axis=0)[varying], 1)
    assert not np.allclose(std.X_test.mean(axis=0)[varying], 0, atol=1e-3)   # test set not re-centred


def test_digits_determinism_and_dtype():
    a, b, c = data.load_digits(seed=2), data.load_digits(seed=2), data.load_digits(seed=3)
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert not np.array_equal(a.y_train, c.y_train)
    f32 = data.load_digits(seed=2, dtype=np.float32)
    assert f32.X_train.dtype == f32.X_val.dtype == f32.X_test.dtype == np.float32
    np.testing.assert_allclose(f32.X_train, a.X_train, rtol=1e-6, atol=1e-6)


LOADERS = ["make_xor", "make_spirals", "make_moons", "make_regression_1d", "load_digits"]

# Runs in a fresh interpreter whose audit hook refuses (and records) every socket operation and
# every urllib request, from the first import on: a loader that tries the network, even one that
# catches the error and falls back, is caught. Each loader runs with its defaults: twice with
# seed 0, once with seed 1 and once in float32; the arrays go to an .npz file for the checks.
_OFFLINE_SCRIPT = """
import json, sys
attempts = []
def refuse(event, args):
    if event.startswith(("socket.", "urllib.", "http.", "ftplib.")):
        attempts.append(event)
        raise OSError(f"no network in this test ({event})")
sys.addaudithook(refuse)
import numpy as np
from nn_lib import data
arrays = {}
for name in sys.argv[2:]:
    runs = {"seed0": {"seed": 0}, "again": {"seed": 0}, "seed1": {"seed": 1},
            "float32": {"seed": 0, "dtype": np.float32}}
    for run, kwargs in runs.items():
        for i, array in enumerate(getattr(data, name)(**kwargs)):
            arrays[f"{name}/{run}/{i}"] = array
np.savez(sys.argv[1], **arrays)
print(json.dumps(attempts))
"""


def _run_loaders_offline(folder):
    """{loader: {run: tuple of arrays}} from a fresh interpreter with the network refused."""
    out = folder / "loaders.npz"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SCIKIT_LEARN_DATA": str(folder / "no-cache")}
    proc = subprocess.run([sys.executable, "-c", _OFFLINE_SCRIPT, str(out), *LOADERS], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"a loader failed offline:\n{proc.stderr[-3000:]}"
    attempts = json.loads(proc.stdout.strip().splitlines()[-1])
    assert attempts == [], f"nn_lib.data tried to use the network: {attempts}"
    runs = {}
    with np.load(out) as arrays:
        for key in arrays.files:
            name, run, i = key.split("/")
            runs.setdefault(name, {}).setdefault(run, {})[int(i)] = arrays[key]
    return {name: {run: tuple(parts[i] for i in sorted(parts)) for run, parts in by_run.items()}
            for name, by_run in runs.items()}


def test_every_loader_works_offline(tmp_path):
    runs = _run_loaders_offline(tmp_path)
    assert sorted(runs) == sorted(LOADERS)
    for name, run in runs.items():
        first, again, other, f32 = run["seed0"], run["again"], run["seed1"], run["float32"]
        assert len(first) == len(again) == len(other) == len(f32) >= 2, name
        # deterministic for a seed, and the seed matters
        assert all(a.dtype == b.dtype and np.array_equal(a, b) for a, b in zip(first, again)), (
            f"{name}: seed 0 twice gave different data")
        assert not np.array_equal(first[0], other[0]), f"{name}: seeds 0 and 1 gave the same X"
        # features (and regression targets) in the requested dtype; labels int64 whatever the dtype
        for a, b in zip(first, f32):
            assert np.all(np.isfinite(a)), name
            if a.dtype.kind == "f":
                assert a.dtype == np.float64 and b.dtype == np.float32, (name, a.dtype, b.dtype)
                np.testing.assert_allclose(b, a, rtol=1e-6, atol=1e-6)
            else:
                assert a.dtype == np.int64 and np.array_equal(a, b), (name, a.dtype, b.dtype)

    for name, n, classes in [("make_xor", 200, 2), ("make_spirals", 300, 3), ("make_moons", 200, 2)]:
        X, y = runs[name]["seed0"]
        assert X.shape == (n, 2) and y.shape == (n,), (name, X.shape, y.shape)
        assert np.bincount(y).tolist() == [n // classes] * classes, (name, np.bincount(y))
    X, _ = runs["make_spirals"]["seed0"]
    assert np.hypot(*X.T).max() <= 1 + 1e-12

    X, y = runs["make_regression_1d"]["seed0"]
    assert X.shape == (100, 1) and y.shape == (100, 1)
    assert np.all(np.diff(X[:, 0]) >= 0) and -1 <= X.min() and X.max() <= 1
    assert np.std(y - np.sin(3 * X)) < 0.2

    split = runs["load_digits"]["seed0"]
    assert len(split) == 6
    for X, y, n in zip(split[0::2], split[1::2], (1079, 359, 359)):
        assert X.shape == (n, 64) and y.shape == (n,), (X.shape, y.shape)
        assert np.bincount(y, minlength=10).min() > 0 and y.min() == 0 and y.max() == 9
    np.testing.assert_allclose(split[0].mean(axis=0), 0, atol=1e-12)     # standardised on train


def test_standardize_leaves_inputs_alone():
    X = np.array([[1.0, 5.0], [3.0, 5.0]])
    before = X.copy()
    scaled, other, mean, std = data.standardize(X, np.array([[2.0, 6.0]]))
    assert np.array_equal(X, before)
    np.testing.assert_allclose(scaled, [[-1, 0], [1, 0]])
    np.testing.assert_allclose(other, [[0, 1]])
    np.testing.assert_allclose(mean, [2, 5]) and np.testing.assert_allclose(std, [1, 1])


# -------------------------------------------------------------------------------------- plotting

@pytest.fixture
def plotting():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from nn_lib import plotting as module
    yield module
    plt.close("all")


def described(ax):
    """Title, axis labels and legend entries of an Axes."""
    legend = ax.get_legend()
    return (ax.get_title(), ax.get_xlabel(), ax.get_ylabel(),
            [t.get_text() for t in legend.get_texts()] if legend else [])


def test_plot_loss_curves_several_runs_train_and_validation(plotting):
    histories = {"batch 8": {"loss": [3, 2, 1], "val_loss": [3.5, 2.5, 2]}, "batch 64": {"loss": [3, 2.5, 2]}}
    ax = plotting.plot_loss_curves(histories)
    title, xlabel, ylabel, legend = described(ax)
    assert title and xlabel == "epoch" and ylabel == "loss"
    assert legend == ["batch 8: training", "batch 8: validation", "batch 64: training"]
    assert ax.lines[1].get_linestyle() == "--" and ax.lines[0].get_color() == ax.lines[1].get_color()
    assert list(ax.lines[0].get_xdata()) == [1, 2, 3]
    single = plotting.plot_loss_curves({"accuracy": [0.5, 0.9]}, metric="accuracy")
    assert described(single)[3] == ["training"]
    with pytest.raises(ValueError, match="val_accuracy|accuracy"):
        plotting.plot_loss_curves(histories, metric="accuracy")


def test_plot_loss_curves_accepts_history_objects(plotting):
    from nn_lib.models import Dense, Sequential, SparseCategoricalCrossentropy
    X, y = data.make_moons(n_samples=40)
    model = Sequential([Dense(4, activation="relu", input_dim=2), Dense(2)])
    model.compile(loss=SparseCategoricalCrossentropy(from_logits=True))
    history = model.fit(X, y, epochs=3, validation_data=(X, y), verbose=0)
    ax = plotting.plot_loss_curves(history)
    assert described(ax)[3] == ["training", "validation"]


def test_plot_learning_rate_sweep_cuts_diverged_runs(plotting):
    ax = plotting.plot_learning_rate_sweep({0.1: [1.0, 0.5, 0.2], 10.0: [1.0, 50.0, np.inf]})
    title, xlabel, ylabel, legend = described(ax)
    assert title and xlabel == "epoch" and ylabel == "training loss"
    assert legend == ["lr = 0.1", "lr = 10 (diverged)"]
    assert len(ax.lines[1].get_xdata()) == 2 and ax.get_yscale() == "log"


def test_plot_decision_boundary_colours_regions_by_prediction(plotting):
    X, y = data.make_xor(n_per_cluster=10, noise=0.1)
    ax = plotting.plot_decision_boundary(lambda P: ((P[:, 0] > 0) != (P[:, 1] > 0)).astype(int), X, y,
                                         title="XOR")
    title, xlabel, ylabel, legend = described(ax)
    assert title == "XOR" and xlabel and ylabel and legend == ["class 0", "class 1"]
    scores = plotting.plot_decision_boundary(lambda P: np.column_stack([-P[:, 0], P[:, 0]]), X, y)
    assert len(scores.collections) >= 1
    with pytest.raises(ValueError, match="X"):
        plotting.plot_decision_boundary(lambda P: P[:, 0] > 0, np.zeros((3, 3)), np.zeros(3))


def test_plot_loss_surface_with_paths(plotting):
    path = np.array([[2.0, 2.0], [1.0, 0.5], [0.2, 0.1]])
    ax = plotting.plot_loss_surface(lambda a, b: a ** 2 + 10 * b ** 2 + 0.01, (-3, 3), (-3, 3),
                                    paths={"momentum": path})
    title, xlabel, ylabel, legend = described(ax)
    assert title and xlabel == "$w_1$" and ylabel == "$w_2$" and legend == ["momentum (2 steps)"]
    np.testing.assert_array_equal(ax.lines[0].get_xydata(), path)
    with pytest.raises(ValueError, match="element-wise"):
        plotting.plot_loss_surface(lambda a, b: 1.0, (0, 1), (0, 1))
