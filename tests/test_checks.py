"""autograder.checks: every diagnosis is triggered by a realistic wrong answer and asserted, the
helpers resist monkeypatching from a notebook, records carry what the grader decides with, and
the grader's decision of a record agrees with the kernel's."""
import subprocess
import sys

import numpy as np
import pytest

from autograder import checks, decisions, payload
from autograder.checks import (check_accuracy, check_array, check_batches, check_equal,
                               check_gradient, check_not_mutated, check_raises, check_relation,
                               check_scalar, check_statistic, check_true, cmp, reference_helpers)
from autograder.notebook import RECORD_MIME


@pytest.fixture
def layer():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(5, 3))
    dout = rng.normal(size=(5, 2))
    return x, dout, x.T @ dout, dout.sum(axis=0)


def fails(fn, *args, **kwargs):
    with pytest.raises(AssertionError) as info:
        fn(*args, **kwargs)
    return str(info.value)


# --- what a correct answer gets -------------------------------------------------------------
def test_correct_answers_pass(layer):
    x, dout, dW, db = layer
    check_gradient("dW", x.T @ dout, dW)
    check_gradient("db", np.sum(dout, axis=0), db)
    check_array("float32 kept", dW.astype(np.float32), dW.astype(np.float32))
    check_scalar("loss", 0.25, 0.25 + 1e-12)
    check_scalar("numpy scalar", np.float64(2.0), 2.0)
    check_scalar("float32 scalar", np.float32(2.0), 2.0)
    check_scalar("0-d array", np.array(2.0), 2.0)
    check_scalar("an int", 2, 2.0)
    check_equal("shape", (5, 3), (5, 3))
    check_equal("keys", ["W1", "b1"], ["W1", "b1"])
    check_true(np.bool_(True), "never shown")
    check_not_mutated("x", x.copy(), x)
    check_raises("int('x') raises", ValueError, int, "not a number")
    check_equal("numpy ints count as ints", [np.int64(4), 4, 2], [4, 4, 2])
    check_equal("lr picked", np.float64(0.1), 0.1)


# --- each diagnosis, from a real mistake -----------------------------------------------------
def test_transposed_product_non_square(layer):
    x, dout, dW, _ = layer
    msg = fails(check_gradient, "dW", dout.T @ x, dW)
    assert msg == ("dW: has shape (2, 3) but (3, 2) was expected; it looks transposed "
                   "(check the order of the factors of the matrix product).")


def test_transposed_square():
    rng = np.random.default_rng(1)
    x, dout = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    msg = fails(check_gradient, "dW", dout.T @ x, x.T @ dout)
    assert msg == "dW: is the transpose of the expected gradient."


def test_sign_flipped(layer):
    x, dout, dW, _ = layer
    assert fails(check_gradient, "dW", -(x.T @ dout), dW) == (
        "dW: has the wrong sign (it is the negative of the expected gradient).")


def test_mean_dropped_names_batch_size(layer):
    x, dout, dW, _ = layer
    dW_mean = dW / 5           # the expected gradient of a mean loss
    msg = fails(check_gradient, "dW", x.T @ dout, dW_mean, batch_size=5)
    assert "constant factor of 5" in msg
    assert "the batch size N=5: the mean over the batch was dropped" in msg


def test_divided_twice_by_batch_size(layer):
    x, dout, dW, _ = layer
    msg = fails(check_gradient, "dW", dW / 25, dW / 5, batch_size=5)
    assert "divided by N once too often" in msg


def test_missing_factor_two():
    z = np.linspace(-1, 1, 7)
    msg = fails(check_array, "dL/dpred", z, 2 * z)
    assert "constant factor of 0.5" in msg and "derivative of a square" in msg


def test_bias_not_summed(layer):
    _, dout, _, db = layer
    msg = fails(check_gradient, "db", dout, db)
    assert msg == ("db: has shape (5, 2) but (2,) was expected; the bias gradient was not "
                   "summed over the batch (sum over axis 0).")


def test_not_averaged_result():
    rng = np.random.default_rng(2)
    a = rng.normal(size=(4, 3))
    msg = fails(check_array, "mean", a, a.mean(axis=0))
    assert "it was not summed or averaged over the batch" in msg


def test_reshaped():
    a = np.arange(6.0)
    assert "reshaped or flattened" in fails(check_array, "out", a, a.reshape(2, 3))


def test_other_shape():
    assert fails(check_array, "out", np.zeros(4), np.zeros(3)) == (
        "out: has shape (4,) but (3,) was expected.")


def test_unstable_softmax_gives_nan():
    logits = np.array([[1000.0, 0.0], [1.0, 2.0]])
    with np.errstate(all="ignore"):
        naive = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    stable = shifted / shifted.sum(axis=1, keepdims=True)
    msg = fails(check_array, "softmax", naive, stable)
    assert msg.startswith("softmax: contains NaN at index (0, 0)")
    assert "softmax without subtracting the maximum" in msg


def test_overflow_to_inf():
    msg = fails(check_array, "exp", np.array([np.inf, 1.0]), np.array([1e300, 1.0]))
    assert "contains inf at index [0]" in msg


def test_worst_index_reported():
    expected = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    actual = expected.copy()
    actual[1, 2] = 7.5          # one wrong entry, not a pattern
    assert fails(check_array, "out", actual, expected) == (
        "out: 1 of 6 values differ; the worst is at index (1, 2): got 7.5, expected 6.")


def test_integer_dtype():
    msg = fails(check_array, "relu", np.array([0, 2]), np.array([0.0, 2.0]))
    assert "has dtype int64 but a floating-point result was expected" in msg


def test_float64_from_float32_inputs():
    msg = fails(check_array, "out", np.ones(3), np.ones(3, dtype=np.float32))
    assert "has dtype float64 but float32 was expected; keep the dtype of the inputs" in msg


def test_list_and_none_and_subclass():
    assert "got a list" in fails(check_array, "out", [1.0, 2.0], np.ones(2))
    assert "forget to `return`" in fails(check_array, "out", None, np.ones(2))
    assert "subclass" in fails(check_array, "out", np.ma.masked_array([1.0]), np.ones(1))


def test_input_mutated_in_place():
    z = np.array([-1.0, 2.0, -3.0])
    before = z.copy()
    z[z < 0] = 0                 # a ReLU that wrote into its input
    msg = fails(check_not_mutated, "relu_forward's input z", before, z)
    assert msg.startswith("relu_forward's input z: was modified in place by your function "
                          "(first change at index [0])")


def test_scalar_diagnoses():
    assert "numpy array of shape (1,)" in fails(check_scalar, "loss", np.ones(1), 1.0)
    assert "is nan where a finite number" in fails(check_scalar, "loss", float("nan"), 1.0)
    assert "wrong sign" in fails(check_scalar, "dL/dw", -0.5, 0.5)
    assert "the batch size N=8" in fails(check_scalar, "loss", 8 * 0.3, 0.3, batch_size=8)
    assert fails(check_scalar, "loss", 0.7, 0.3) == "loss: got 0.7, expected 0.3."
    assert "boolean" in fails(check_scalar, "x", True, 1.0)


def test_equal_and_true_and_raises():
    assert fails(check_equal, "shape", (3, 5), (5, 3)) == "shape: got (3, 5), expected (5, 3)."
    assert "expected a tuple" in fails(check_equal, "shape", [5, 3], (5, 3))
    assert fails(check_true, np.array([True, True]), "all positive") == "all positive"
    assert fails(check_true, 1, "exactly True") == "exactly True"
    assert "should raise ValueError" in fails(check_raises, "float('1.5')", ValueError, float, "1.5")
    assert "raised TypeError" in fails(check_raises, "len(5)", ValueError, len, 5)


def test_a_listed_mistake_is_named():
    z = np.array([[-1.0, 2.0], [0.0, 3.0]])
    dout = np.array([[1.0, -2.0], [3.0, 4.0]])
    wrong = dout * (dout > 0)
    msg = fails(check_gradient, "relu_backward dz", wrong, dout * (z > 0),
                mistakes=[(wrong, "the ReLU mask was taken from dout; take it from the cache z")])
    assert msg == "relu_backward dz: the ReLU mask was taken from dout; take it from the cache z"
    assert "history" in fails(check_scalar, "loss", 0.5, 0.4, mistakes=[(0.5, "history is unweighted")])
    assert fails(check_equal, "kept", 3, 2, mistakes=[(3, "<= instead of <")]) == "kept: <= instead of <"


def test_properties_are_computed_from_raw_outputs():
    X = np.column_stack([np.arange(7.0), np.ones(7)])
    y = 100 + np.arange(7)
    good = [(X[i:i + 3], y[i:i + 3]) for i in range(0, 7, 3)]
    check_batches("in order", good, X, y, 3, shuffled=False)
    order = np.array([3, 0, 6, 1, 5, 2, 4])
    check_batches("shuffled", [(X[order[i:i + 3]], y[order[i:i + 3]]) for i in range(0, 7, 3)],
                  X, y, 3, shuffled=True)
    assert "no longer paired" in fails(check_batches, "unpaired", [(X[order], y)], X, y, 7, shuffled=True)
    assert "batch sizes [3, 3]" in fails(check_batches, "short", good[:2], X, y, 3, shuffled=False)
    assert "in order" in fails(check_batches, "order", [(X[order], y[order])], X, y, 7, shuffled=False)
    check_relation("two seeds", (np.zeros(3), np.ones(3)), "different")
    assert fails(check_relation, "two seeds", (np.zeros(3), np.zeros(3)), "different") == "two seeds"
    w = np.random.default_rng(0).normal(0.0, 0.1, size=20000)
    check_statistic("spread", w, "std", equals=0.1, rtol=0.05)
    assert "expected 0.05" in fails(check_statistic, "spread", w, "std", equals=0.05, rtol=0.05)
    assert "at most" in fails(check_statistic, "range", w, "max_abs", at_most=0.1)
    params = {"W1": np.eye(2), "b1": np.zeros(2)}
    check_accuracy("acc", params, np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([0, 1]), at_least=1.0)
    assert "accuracy 0.000" in fails(check_accuracy, "acc", params, np.eye(2), np.array([1, 0]), at_least=0.5)


# --- tampering -------------------------------------------------------------------------------
class AlwaysEqual:
    def __eq__(self, other):
        return True

    __array_priority__ = 1000


PATCHING_STUDENT = """
import builtins, numpy as np
from autograder.checks import check_gradient, check_scalar, check_not_mutated
# what a student cell might run before the tests
np.allclose = lambda *a, **k: True
np.isclose = lambda a, b, *r, **k: np.ones(np.shape(a), bool)
np.abs = lambda a: np.zeros(np.shape(a))
np.array_equal = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None
builtins.isinstance = lambda *a: True
builtins.abs = lambda a: 0
x = np.arange(6.0).reshape(3, 2)
verdicts = []
for check, args in [(check_gradient, ("dW", x + 1.0, x)), (check_scalar, ("loss", 2.0, 1.0)),
                    (check_not_mutated, ("x", x + 1, x))]:
    try:
        check(*args)
        verdicts.append("passed")
    except AssertionError:
        verdicts.append("failed")
print(" ".join(verdicts))
"""


def test_patched_numpy_and_builtins_do_not_pass_wrong_answers():
    out = subprocess.run([sys.executable, "-c", PATCHING_STUDENT], capture_output=True,
                         text=True, check=True)
    assert out.stdout.split() == ["failed", "failed", "failed"]


def test_always_equal_object_fails_everywhere():
    assert "object of type" in fails(check_array, "out", AlwaysEqual(), np.ones(2))
    assert "object of type" in fails(check_scalar, "loss", AlwaysEqual(), 1.0)
    assert "object of type" in fails(check_equal, "shape", AlwaysEqual(), (2, 3))


def test_nothing_written_to_stderr():
    code = ("import numpy as np\nfrom autograder.checks import check_array\n"
            "a = np.array([np.inf, 1e308])\n"
            "try:\n    check_array('x', a, np.ones(2))\nexcept AssertionError as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr == ""
    assert "contains inf" in out.stdout


# --- records: what a reference run and a submission's run send to the grader -----------------
def _recording(monkeypatch, mode):
    """Run the helpers in ``mode`` with records going to a list. ``checks._check`` binds its
    mode and publisher when the module is imported (student code cannot rebind them), so the
    test makes a copy of it with other bindings."""
    import types

    sent = []
    f = checks._check
    names = f.__code__.co_varnames[f.__code__.co_argcount - len(f.__defaults__):f.__code__.co_argcount]
    bound = dict(zip(names, f.__defaults__))
    bound.update(_mode=mode, _publish=lambda data: sent.append(data[RECORD_MIME]))
    monkeypatch.setattr(checks, "_check", types.FunctionType(
        f.__code__, f.__globals__, "_check", tuple(bound[n] for n in names)))
    monkeypatch.setattr(checks, "MODE", mode)
    return sent


def test_reference_records_carry_everything_the_grader_decides_with(monkeypatch, layer):
    import json

    records = _recording(monkeypatch, "reference")
    x, dout, dW, db = layer
    check_gradient("dW", x.T @ dout, dW, batch_size=5, mistakes=[(dW.T, "transposed")])
    with pytest.raises(AssertionError):                  # the reference run still decides
        check_scalar("loss", float("nan"), 0.5)
    wire = [json.loads(json.dumps(r, allow_nan=False)) for r in records]   # strict JSON
    decoded = [(r["kind"], r["label"], payload.decode(r["actual"]), payload.decode(r["expected"]),
                payload.decode(r["params"])) for r in wire]
    assert [decisions.decide(*d) for d in decoded] == [None, records[1]["message"]]
    assert decoded[0][4]["batch_size"] == 5 and decoded[0][4]["mistakes"][0][1] == "transposed"


def test_a_submissions_records_carry_label_and_value_only_and_never_raise(monkeypatch, layer):
    records = _recording(monkeypatch, "student")
    x, dout, dW, _ = layer
    check_gradient("dW", dout.T @ x, None)               # a wrong value: no AssertionError here
    check_true(False, "structure")
    check_raises("int('1')", None, int, "1")
    assert [sorted(r) for r in records] == [["actual", "kind", "label", "mac", "v"]] * 3
    assert [r["mac"] for r in records] == [""] * 3       # no grader's monitor here: no code
    assert payload.decode(records[2]["actual"]) == {"raised": None, "message": ""}
    # the grader decides them against the reference's expected side
    assert "transposed" in decisions.decide("gradient", "dW", payload.decode(records[0]["actual"]), dW)
    assert decisions.decide("raises", "int('1')", payload.decode(records[2]["actual"]),
                            "ValueError") == "int('1'): should raise ValueError, but returned normally."


def test_payloads_carry_only_data():
    class Evil:
        def __reduce__(self):
            raise AssertionError("never pickled")
    for value in (np.arange(6.0).reshape(2, 3), np.float32(1.5), 3, True, None, "s",
                  [1, (2.0, np.int64(3))], {"W1": np.ones(2)}):
        back = payload.decode(payload.encode(value))
        assert type(back) is type(value) or isinstance(value, np.generic)
    assert payload.decode(payload.encode(Evil())).type_name.endswith("Evil")
    big = payload.decode(payload.encode(np.zeros(payload.MAX_ELEMENTS + 1)))
    assert "too large" in decisions.decide("array", "big", big, np.zeros(payload.MAX_ELEMENTS + 1))


def test_reference_helpers_binds_and_restores():
    import nn_lib

    namespace = {"dense_forward": "student's"}
    with reference_helpers(namespace, "dense_forward", "relu_forward"):
        assert namespace["dense_forward"] is nn_lib.dense_forward
        assert namespace["relu_forward"] is nn_lib.relu_forward
    assert namespace == {"dense_forward": "student's"}
    with pytest.raises(ValueError):
        with reference_helpers({}, "no_such_function"):
            pass


def test_cmp_prints_and_never_raises(capsys):
    cmp("dW", np.ones(3), np.ones(3))
    cmp("db", np.ones(3), np.ones(2))
    cmp("odd", object(), np.ones(2))
    out = capsys.readouterr().out.splitlines()
    assert "exact: True" in out[0] and "max difference: 0.00e+00" in out[0]
    assert "shape (3,) vs expected (2,)" in out[1]
    assert "could not compare" in out[2]


VALIDATE_ME = '''#%% answer f
def f():
    ### BEGIN SOLUTION
    return 1.0
    ### END SOLUTION
#%% test f_tests points=1
import warnings
from autograder.checks import check_scalar
warnings.warn("a harmless library warning")
check_scalar("f()", f(), 1.0)
'''


@pytest.mark.slow
def test_a_warning_in_a_test_cell_does_not_fail_nbgrader_validate(tmp_path):
    """nbgrader counts a test cell that writes to stderr as failed; the checks move Python's
    warnings to stdout, so the student's Validate button still says the notebook passes."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    (tmp_path / "v.nbtext").write_text(VALIDATE_ME)
    subprocess.run([sys.executable, str(root / "tools" / "nbtext.py"), "to-ipynb",
                    str(tmp_path / "v.nbtext"), str(tmp_path / "v.ipynb")], check=True)
    out = subprocess.run([sys.executable, "-m", "nbgrader", "validate", "v.ipynb"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert "Success! Your notebook passes all the tests." in out.stdout + out.stderr, out.stdout + out.stderr
