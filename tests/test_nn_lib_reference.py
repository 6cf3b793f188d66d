"""nn_lib's reference declarations (nn_lib._reference, COURSE_SPEC §9).

Every graded function of nn_lib starts with ``reference("NAME")``; every composite that computes
part of a graded function inline announces that name too. The grader listens with an audit hook,
and audit hooks cannot be removed, so the calls run in a child process (``record`` below is the
child's side) and report, per call, the tuples of names announced, in order.
"""

import ast
import inspect
import json
import math
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import nn_lib
from nn_lib._reference import EVENT

GRADED = ["sigmoid", "sigmoid_derivative", "numerical_derivative", "neuron_loss", "neuron_gradients", "Value",
          "dense_forward", "relu_forward", "sigmoid_forward", "tanh_forward", "softmax", "init_params",
          "mlp_forward", "mse_loss", "binary_cross_entropy", "softmax_cross_entropy", "dense_backward",
          "relu_backward", "sigmoid_backward", "tanh_backward", "mlp_backward", "numerical_gradient",
          "relative_error", "sgd_step", "momentum_step", "iterate_minibatches", "train", "has_diverged",
          "best_learning_rate", "early_stopping_epoch", "build_keras_model", "params_to_keras",
          "keras_gradients", "compile_and_fit"]
KERAS_BRIDGE = GRADED[-4:]

# Graded functions that call no other graded function: they announce their own name and nothing else.
LEAVES = ["sigmoid", "sigmoid_derivative", "numerical_derivative", "Value", "dense_forward", "relu_forward",
          "tanh_forward", "init_params", "mse_loss", "dense_backward", "relu_backward", "relative_error",
          "sgd_step", "momentum_step", "iterate_minibatches", "has_diverged", "early_stopping_epoch"]

FUSED = {"train", "mlp_forward", "mlp_backward", "dense_forward", "dense_backward", "relu_forward", "relu_backward",
         "softmax", "softmax_cross_entropy", "sgd_step", "momentum_step"}
# What each composite computes (itself or through the functions it calls): the names it must announce.
COMPOSITES = {
    "mlp_forward relu": {"mlp_forward", "dense_forward", "relu_forward"},
    "mlp_backward 1 layer": {"mlp_backward", "dense_backward"},
    "mlp_backward 2 layers relu": {"mlp_backward", "dense_backward", "relu_backward"},
    "mlp_backward 2 layers sigmoid": {"mlp_backward", "dense_backward", "sigmoid_backward"},
    "mlp_backward 2 layers tanh": {"mlp_backward", "dense_backward", "tanh_backward"},
    "tanh_backward": {"tanh_backward", "tanh_forward"},
    "sigmoid_forward": {"sigmoid_forward", "sigmoid"},
    "sigmoid_backward": {"sigmoid_backward", "sigmoid_derivative"},
    "neuron_gradients": {"neuron_gradients", "sigmoid", "sigmoid_derivative"},
    "binary_cross_entropy": {"binary_cross_entropy", "sigmoid"},
    "softmax_cross_entropy": {"softmax_cross_entropy", "softmax"},
    "numerical_gradient": {"numerical_gradient", "numerical_derivative"},
    "best_learning_rate": {"best_learning_rate", "has_diverged"},
    "train": FUSED - {"momentum_step"} | {"iterate_minibatches"},
    "train with momentum": FUSED - {"sgd_step"} | {"iterate_minibatches"},
    "FusedTrainingStep.run": FUSED,
    "Sequential.fit fast path": FUSED | {"iterate_minibatches"},
    "Sequential.fit layer by layer": FUSED | {"iterate_minibatches"},
    "Sequential.train_on_batch": FUSED - {"train"},
    "Sequential.predict": {"mlp_forward", "dense_forward", "relu_forward"},
    "Sequential.evaluate": {"mlp_forward", "dense_forward", "relu_forward", "softmax_cross_entropy", "softmax"},
    "Sequential.fit mse": {"train", "mlp_forward", "dense_forward", "tanh_forward", "mse_loss", "mlp_backward",
                           "dense_backward", "tanh_backward", "sgd_step", "momentum_step", "iterate_minibatches"},
    "Dense(sigmoid).forward": {"dense_forward", "sigmoid_forward", "sigmoid"},
    "Dense(sigmoid).backward without dx": {"dense_backward", "sigmoid_backward"},
    "ReLU layer": {"relu_forward", "relu_backward"},
    "Tanh layer": {"tanh_forward", "tanh_backward"},
    "Softmax layer": {"softmax"},
    "SparseCategoricalCrossentropy(from_logits=True)": {"softmax_cross_entropy", "softmax"},
    "SparseCategoricalCrossentropy(from_logits=False)": {"softmax_cross_entropy"},
    "BinaryCrossentropy(from_logits=True)": {"binary_cross_entropy", "sigmoid"},
    "BinaryCrossentropy(from_logits=False)": {"binary_cross_entropy"},
    "MeanSquaredError": {"mse_loss"},
    "SGD.update": {"sgd_step"},
    "SGD(momentum).update": {"sgd_step", "momentum_step"},
    "SGD(nesterov).update": {"momentum_step"},
    "Value arithmetic": {"Value"},
}
# Composites that must announce exactly these names and no more (nothing they do not embody).
EXACT = {"Adam.update": set(), "Sequential.from_params": {"init_params"}, "accuracy": set(), "zeros_like": set(),
         "data.make_spirals": set(), "sigmoid_forward": {"sigmoid_forward", "sigmoid"},
         "Softmax layer": {"softmax"}, "Value arithmetic": {"Value"}}


# ------------------------------------------------------------------------------ the child's side

def record(events, keras_too):
    """Run every case; return ``{case: [announced tuple, ...]}`` (runs in the child process)."""
    from nn_lib import data, models
    from nn_lib.fast import FusedTrainingStep

    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((7, 3)), np.array([0, 1, 2, 1, 0, 2, 2])
    params = nn_lib.init_params([3, 5, 3], np.random.default_rng(1))
    one_layer = nn_lib.init_params([3, 3], np.random.default_rng(2))
    z = rng.standard_normal((7, 5))
    x_cache = (X, params["W1"], params["b1"])
    value = nn_lib.Value(2.0) * nn_lib.Value(3.0)

    caches = {activation: nn_lib.mlp_forward(X, params, activation)[1] for activation in ("relu", "sigmoid", "tanh")}
    caches["one layer"] = nn_lib.mlp_forward(X, one_layer)[1]

    def fitted(layers, loss, **fit):
        model = models.Sequential(layers, seed=0)
        model.compile(loss=loss, optimizer=models.SGD(0.1, momentum=0.5), metrics=["accuracy"])
        model.use_fused_step = fit.pop("fused", True)
        return lambda: model.fit(X, y, epochs=2, batch_size=3, verbose=0, **fit)

    def layer_round_trip(layer, dout):
        return lambda: layer.backward(dout) if layer.forward(z) is not None else None

    relu_model = lambda: [models.Dense(5, "relu", input_dim=3), models.Dense(3)]
    model = models.Sequential(relu_model())
    model.compile(loss=models.SparseCategoricalCrossentropy(from_logits=True), optimizer=models.SGD(0.1))
    sigmoid_dense = models.Dense(4, "sigmoid", input_dim=3)
    sigmoid_dense.build(3, rng, np.float64)
    grads = {k: np.ones_like(v) for k, v in params.items()}
    probabilities = nn_lib.softmax(X)
    regression = models.Sequential([models.Dense(4, "tanh", input_dim=3), models.Dense(2)])
    regression.compile(loss="mse", optimizer=models.SGD(0.1, momentum=0.5), metrics=["mse"])
    step = FusedTrainingStep([params["W1"].copy(), params["W2"].copy()], [params["b1"].copy(), params["b2"].copy()],
                             X, 7, 0.1, 0.0, None)

    cases = {
        # every graded function once
        "sigmoid": lambda: nn_lib.sigmoid(z),
        "sigmoid_derivative": lambda: nn_lib.sigmoid_derivative(z),
        "numerical_derivative": lambda: nn_lib.numerical_derivative(math.sin, 0.3),
        "neuron_loss": lambda: nn_lib.neuron_loss(0.5, 0.1, 2.0, 1.0),
        "neuron_gradients": lambda: nn_lib.neuron_gradients(0.5, 0.1, 2.0, 1.0),
        "Value": lambda: nn_lib.Value(1.0),
        "Value.backward": value.backward,
        "dense_forward": lambda: nn_lib.dense_forward(*x_cache),
        "relu_forward": lambda: nn_lib.relu_forward(z),
        "sigmoid_forward": lambda: nn_lib.sigmoid_forward(z),
        "tanh_forward": lambda: nn_lib.tanh_forward(z),
        "softmax": lambda: nn_lib.softmax(z),
        "init_params": lambda: nn_lib.init_params([3, 4, 2], np.random.default_rng(0)),
        "mlp_forward": lambda: nn_lib.mlp_forward(X, params),
        "mse_loss": lambda: nn_lib.mse_loss(z, z + 1),
        "binary_cross_entropy": lambda: nn_lib.binary_cross_entropy(z, (z > 0).astype(float)),
        "softmax_cross_entropy": lambda: nn_lib.softmax_cross_entropy(X, y),
        "dense_backward": lambda: nn_lib.dense_backward(z, x_cache),
        "relu_backward": lambda: nn_lib.relu_backward(z, z),
        "sigmoid_backward": lambda: nn_lib.sigmoid_backward(z, z),
        "tanh_backward": lambda: nn_lib.tanh_backward(z, z),
        "mlp_backward": lambda: nn_lib.mlp_backward(X, caches["relu"]),
        "numerical_gradient": lambda: nn_lib.numerical_gradient(lambda: float(np.sum(z ** 2)), z),
        "relative_error": lambda: nn_lib.relative_error(z, z + 1e-9),
        "sgd_step": lambda: nn_lib.sgd_step({k: v.copy() for k, v in params.items()}, grads, 0.1),
        "momentum_step": lambda: nn_lib.momentum_step({k: v.copy() for k, v in params.items()}, grads,
                                                      nn_lib.zeros_like(params), 0.1, 0.9),
        "iterate_minibatches": lambda: list(nn_lib.iterate_minibatches(X, y, 3, np.random.default_rng(0))),
        "train": lambda: nn_lib.train({k: v.copy() for k, v in params.items()}, X, y, epochs=1, batch_size=3, lr=0.1,
                                      X_val=X, y_val=y),
        "has_diverged": lambda: nn_lib.has_diverged([1.0, 0.5]),
        "best_learning_rate": lambda: nn_lib.best_learning_rate({0.1: [1.0, 0.5], 1.0: [1.0, 2.0]}),
        "early_stopping_epoch": lambda: nn_lib.early_stopping_epoch([1.0, 0.5, 0.7], 1),
        # composites
        "mlp_forward relu": lambda: nn_lib.mlp_forward(X, params),
        "mlp_backward 1 layer": lambda: nn_lib.mlp_backward(X, caches["one layer"]),
        "mlp_backward 2 layers relu": lambda: nn_lib.mlp_backward(X, caches["relu"]),
        "mlp_backward 2 layers sigmoid": lambda: nn_lib.mlp_backward(X, caches["sigmoid"], "sigmoid"),
        "mlp_backward 2 layers tanh": lambda: nn_lib.mlp_backward(X, caches["tanh"], "tanh"),
        "train with momentum": lambda: nn_lib.train({k: v.copy() for k, v in params.items()}, X, y, epochs=1,
                                                    batch_size=3, lr=0.1, momentum=0.9),
        "FusedTrainingStep.run": lambda: step.run(X, y),
        "Sequential.fit fast path": fitted(relu_model(), models.SparseCategoricalCrossentropy(from_logits=True)),
        "Sequential.fit layer by layer": fitted(relu_model(), models.SparseCategoricalCrossentropy(from_logits=True),
                                                fused=False),
        "Sequential.train_on_batch": lambda: model.train_on_batch(X, y),
        "Sequential.predict": lambda: model.predict(X),
        "Sequential.evaluate": lambda: model.evaluate(X, y),
        "Sequential.fit mse": lambda: regression.fit(X, z[:, :2], epochs=1, batch_size=3, verbose=0),
        "Sequential.from_params": lambda: models.Sequential.from_params(params),
        "Dense(sigmoid).forward": lambda: sigmoid_dense.forward(X),
        "Dense(sigmoid).backward without dx": lambda: sigmoid_dense.backward(z[:, :4], need_dx=False),
        "ReLU layer": layer_round_trip(models.ReLU(), z),
        "Tanh layer": layer_round_trip(models.Tanh(), z),
        "Softmax layer": layer_round_trip(models.Softmax(), z),
        "SparseCategoricalCrossentropy(from_logits=True)":
            lambda: models.SparseCategoricalCrossentropy(from_logits=True)(y, X),
        "SparseCategoricalCrossentropy(from_logits=False)":
            lambda: models.SparseCategoricalCrossentropy()(y, probabilities),
        "BinaryCrossentropy(from_logits=True)": lambda: models.BinaryCrossentropy(from_logits=True)(z > 0, z),
        "BinaryCrossentropy(from_logits=False)": lambda: models.BinaryCrossentropy()(z > 0, nn_lib.sigmoid(z)),
        "MeanSquaredError": lambda: models.MeanSquaredError()(z, z + 1),
        "SGD.update": lambda: models.SGD(0.1).update({k: v.copy() for k, v in params.items()}, grads),
        "SGD(momentum).update": lambda: models.SGD(0.1, 0.9).update({k: v.copy() for k, v in params.items()}, grads),
        "SGD(nesterov).update": lambda: models.SGD(0.1, 0.9, nesterov=True).update(
            {k: v.copy() for k, v in params.items()}, grads),
        "Adam.update": lambda: models.Adam().update({k: v.copy() for k, v in params.items()}, grads),
        "Value arithmetic": lambda: (nn_lib.Value(2.0) * 3 + 1).tanh().relu() / 2 - nn_lib.Value(1.0).exp(),
        "accuracy": lambda: nn_lib.accuracy(X, y),
        "zeros_like": lambda: nn_lib.zeros_like(params),
        "data.make_spirals": lambda: data.make_spirals(n_per_class=5),
    }
    if keras_too:
        keras_model = []
        cases.update({
            "build_keras_model": lambda: keras_model.append(nn_lib.build_keras_model([3, 5, 3])),
            "params_to_keras": lambda: nn_lib.params_to_keras(params, keras_model[0]),
            "keras_gradients": lambda: nn_lib.keras_gradients(keras_model[0], X.astype(np.float32), y),
            "compile_and_fit": lambda: nn_lib.compile_and_fit(keras_model[0], X.astype(np.float32), y, epochs=1,
                                                              batch_size=4, lr=0.1),
        })
        cases = {name: cases[name] for name in KERAS_BRIDGE}
    announced = {}
    for name, call in cases.items():
        events.clear()
        call()
        announced[name] = [list(names) for names in events]
    announced["tensorflow imported"] = [["yes"]] if "tensorflow" in sys.modules else []
    return announced


CHILD = textwrap.dedent("""
    import json, runpy, sys
    events = []
    def hook(event, args):
        if event == {event!r}:
            events.append(args[0])
    sys.addaudithook(hook)
    module = runpy.run_path({path!r})
    print("RESULT" + json.dumps(module["record"](events, {keras_too!r})))
""")


def run_child(keras_too):
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0", "PYTHONWARNINGS": "ignore"}
    code = CHILD.format(event=EVENT, path=os.path.abspath(__file__), keras_too=keras_too)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300,
                            cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert result.returncode == 0, result.stderr[-3000:]
    line = [line for line in result.stdout.splitlines() if line.startswith("RESULT")][-1]
    return {name: [tuple(names) for names in events] for name, events in json.loads(line[len("RESULT"):]).items()}


@pytest.fixture(scope="module")
def announced():
    return run_child(keras_too=False)


@pytest.fixture(scope="module")
def announced_by_keras_bridge():
    return run_child(keras_too=True)


def all_names(events):
    return {name for names in events for name in names}


# ----------------------------------------------------------------------------------------- tests

@pytest.mark.parametrize("name", [name for name in GRADED if name not in KERAS_BRIDGE] + ["Value.backward"])
def test_every_graded_function_announces_itself_first(announced, name):
    events = announced[name]
    assert events, f"{name} announced nothing"
    assert name.split(".")[0] in events[0], f"{name}'s first announcement is {events[0]}, not its own name"


def test_leaves_announce_only_themselves(announced):
    for name in LEAVES:
        assert all_names(announced[name]) == {name}, f"{name} announced {sorted(all_names(announced[name]))}"


@pytest.mark.parametrize("case", sorted(COMPOSITES))
def test_composites_announce_every_graded_function_they_embody(announced, case):
    missing = COMPOSITES[case] - all_names(announced[case])
    assert not missing, f"{case} computes {sorted(missing)} without announcing it"


@pytest.mark.parametrize("case", sorted(EXACT))
def test_nothing_is_announced_that_is_not_embodied(announced, case):
    assert all_names(announced[case]) == EXACT[case], case


def test_import_nn_lib_and_its_use_do_not_import_tensorflow(announced):
    assert announced["tensorflow imported"] == []


def test_keras_bridge_announces_itself(announced_by_keras_bridge):
    for name in KERAS_BRIDGE:
        events = announced_by_keras_bridge[name]
        assert events and events[0] == (name,), f"{name} announced {events}"


def _functions_in_nn_lib():
    """Every function and method defined in nn_lib's modules, as (module, qualified name, ast node)."""
    package = os.path.dirname(nn_lib.__file__)
    for file in sorted(os.listdir(package)):
        if not file.endswith(".py"):
            continue
        with open(os.path.join(package, file), encoding="utf-8") as handle:
            tree = ast.parse(handle.read())
        stack = [(tree, "")]
        while stack:
            node, prefix = stack.pop()
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.ClassDef)):
                    qualified = f"{prefix}{child.name}"
                    if isinstance(child, ast.FunctionDef):
                        yield file, qualified, child
                    stack.append((child, qualified + "."))


def _reference_call(statement):
    """The names of a ``reference("A", "B")`` statement, or None if it is not one."""
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call) and \
            isinstance(statement.value.func, ast.Name) and statement.value.func.id == "reference":
        return [arg.value for arg in statement.value.args if isinstance(arg, ast.Constant)]
    return None


def _body_without_docstring(function):
    body = function.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and \
            isinstance(body[0].value.value, str):
        body = body[1:]
    return body


def test_reference_is_the_first_statement_wherever_it_is_used():
    declared = {}
    for file, qualified, function in _functions_in_nn_lib():
        body = _body_without_docstring(function)
        calls = [statement for statement in ast.walk(function) if _reference_call(statement) is not None]
        if not calls:
            continue
        assert _reference_call(body[0]) is not None, f"{file}: {qualified} calls reference() after other code"
        assert len(calls) == 1, f"{file}: {qualified} calls reference() more than once"
        declared[qualified] = _reference_call(body[0])
    for name in GRADED:
        own = declared.get("Value.__init__" if name == "Value" else name)
        assert own and own[0] == name, f"{name} does not start with reference({name!r}, ...)"
    assert declared["Value.backward"] == ["Value"]
    for names in declared.values():
        assert set(names) <= set(GRADED), f"reference() names something that is not an exercise: {names}"


def test_reference_takes_exercise_names_and_returns_nothing():
    from nn_lib._reference import reference

    assert reference("sigmoid") is None
    assert inspect.signature(reference).parameters["exercises"].kind is inspect.Parameter.VAR_POSITIONAL
