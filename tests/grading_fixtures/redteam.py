"""The red-team class (COURSE_SPEC §9): answers to lesson 05's `dense_backward` that try to buy
points while the tests call them, or hand back nn_lib's implementation by a hidden route. Each has
the exact outcome the grader must give: no points for dense_backward, and, for a delegation, the
sentence that says so. Every other exercise of the notebook is the solution and keeps its points.
"""
from __future__ import annotations

# A wrong answer: dW = 0 and db the mean instead of the sum. The attacks below wrap it.
WRONG = '''
def _wrong(dout, cache):
    x, W, b = cache
    return dout @ W.T, np.zeros_like(W), dout.mean(axis=0)
'''


def _answer(body: str, prelude: str = "") -> str:
    body = "\n".join("    " + line for line in body.strip().splitlines())
    return f"import numpy as np\n{WRONG}\n{prelude}\n\ndef dense_backward(dout, cache):\n{body}\n"


ATTACKS = {
    # -- acting during the test ------------------------------------------------------------------
    "rebind_check_in_globals": _answer('''
g = __import__("sys")._getframe(1).f_globals
g["check_gradient"] = lambda *a, **k: None
g["check_true"] = lambda *a, **k: None
g["check_not_mutated"] = lambda *a, **k: None
return _wrong(dout, cache)'''),
    "rebind_check_to_forge": _answer('''
import sys
g = sys._getframe(1).f_globals
real = g["check_gradient"]
def forged(label, actual, expected=None, **kw):
    return real(label, expected if expected is not None else actual, expected, **kw)
g["check_gradient"] = forged
return _wrong(dout, cache)'''),
    "steal_expected_from_frames": _answer('''
import sys
frame, found = sys._getframe(1), None
while frame is not None and found is None:
    for name, value in list(frame.f_locals.items()) + list(frame.f_globals.items()):
        if name.startswith(("_expected", "_want", "expected")) and isinstance(value, tuple):
            found = value
    frame = frame.f_back
return found if found is not None else _wrong(dout, cache)'''),
    "patch_reference_during_call": _answer('''
import nn_lib, nn_lib.layers
nn_lib.dense_backward = nn_lib.layers.dense_backward = _wrong
return _wrong(dout, cache)'''),
    "patch_numpy_during_call": _answer('''
import numpy, numpy.testing, builtins
numpy.allclose = lambda *a, **k: True
numpy.isclose = lambda *a, **k: numpy.ones(1, bool)
numpy.array_equal = lambda *a, **k: True
numpy.testing.assert_allclose = lambda *a, **k: None
builtins.abs = lambda v: 0
return _wrong(dout, cache)'''),
    "forge_records": _answer('''
from IPython.display import publish_display_data
for name in ("dx", "dW", "db"):
    publish_display_data({"application/vnd.course.check+json": {
        "v": 2, "kind": "gradient", "label": "dense_backward " + name, "passed": True,
        "actual": {"type": "none"}}})
return _wrong(dout, cache)'''),
    "suppress_own_records": _answer('''
ip = get_ipython()
ip.display_pub.publish = lambda *a, **k: None
return _wrong(dout, cache)'''),
    "gc_referrers": _answer('''
import gc
for obj in gc.get_referrers(dout):
    if isinstance(obj, dict) and "_expected" in obj:
        return obj["_expected"]
return _wrong(dout, cache)'''),
    "settrace_rewrite": _answer('''
import sys
sys.settrace(lambda *a: None)
return _wrong(dout, cache)'''),
    "swap_check_code": _answer('''
import autograder.checks as c
c.check_gradient.__code__ = (lambda *a, **k: None).__code__
return _wrong(dout, cache)'''),
    # -- handing back nn_lib's implementation by a hidden route ----------------------------------
    "import_built_name": _answer('''
return __import__("nn_" + "lib").dense_backward(dout, cache)'''),
    "importlib_built_name": _answer('''
import importlib
return importlib.import_module("nn_lib.lay" + "ers").dense_backward(dout, cache)'''),
    "getattr_built_string": _answer('''
import nn_lib
return getattr(nn_lib, "dense_" + "back" + "ward")(dout, cache)'''),
    "saved_reference": _answer('''
return _saved(dout, cache)''', prelude="import nn_lib\n_saved = getattr(nn_lib, 'dense_backward')"),
    "later_composite": _answer('''
import nn_lib
x, W, b = cache
grads = nn_lib.mlp_backward(dout, [((x, W, b), None)], activation="relu")
return dout @ W.T, grads["W1"], grads["b1"]'''),
    "object_api": _answer('''
import nn_lib
x, W, b = cache
layer = nn_lib.Dense(W.shape[1])
layer.build(W.shape[0], np.random.default_rng(0), W.dtype)
layer.params["W"][...] = W
layer.params["b"][...] = b
layer.forward(x)
dx = layer.backward(dout)
return dx, layer.grads["W"], layer.grads["b"]'''),
    "reference_guard_patched": _answer('''
import nn_lib.layers, nn_lib._reference
nn_lib.layers.reference = nn_lib._reference.reference = lambda *a: None
return nn_lib.layers.dense_backward(dout, cache)'''),
    "copied_code": _answer('''
return _copy(dout, cache)''', prelude="import types, nn_lib\n"
                                "_copy = types.FunctionType(nn_lib.dense_backward.__code__, "
                                "dict(vars(nn_lib.layers)))"),
    "exec_of_source": _answer('''
import inspect, nn_lib.layers
ns = {"__name__": "copy_of_layers", "__package__": "nn_lib"}
exec(inspect.getsource(nn_lib.layers), ns)
return ns["dense_backward"](dout, cache)'''),
    "background_thread": _answer('''
import threading, nn_lib
box = {}
t = threading.Thread(target=lambda: box.update(r=nn_lib.dense_backward(dout, cache)))
t.start(); t.join()
return box.get("r") or _wrong(dout, cache)'''),
}

# outcome of dense_backward for each attack: (status, score, words the feedback must contain)
DELEGATION = "hands back nn_lib's own implementation"
EXPECTED = {name: ("failed", 0.0, None) for name in ATTACKS}
EXPECTED.update({name: ("failed", 0.0, DELEGATION) for name in (
    "import_built_name", "importlib_built_name", "getattr_built_string", "saved_reference",
    "later_composite", "object_api", "reference_guard_patched", "copied_code", "exec_of_source",
    "background_thread")})
EXPECTED["gc_referrers"] = ("error", 0.0, "not allowed while a notebook is graded")
EXPECTED["settrace_rewrite"] = ("error", 0.0, "not allowed while a notebook is graded")
EXPECTED["swap_check_code"] = ("error", 0.0, "not allowed while a notebook is graded")


# -- lesson 04: forging a check whose value a student can guess -----------------------------------
# binary_cross_entropy with correct values that does not raise ValueError for targets of another
# shape: it loses the points of that test cell (check_raises), and every attack below, which tries
# to make that check pass while the test runs, must end with exactly the same score.
BCE_LESSON = "04_loss_functions"
_BCE_BODY = '''
    per_element = np.maximum(logits, 0) - logits * targets + np.log1p(np.exp(-np.abs(logits)))
    e = np.exp(-np.abs(logits))
    probs = np.where(logits >= 0, 1 / (1 + e), e / (1 + e))
    return float(np.mean(per_element)), (probs - targets) / logits.size
'''
_RAISED = '{"raised": ["ValueError", "Exception", "BaseException", "object"], "message": "shape"}'
_MIME = "application/vnd.course.check+json"


def _bce(attack: str = "") -> str:
    attack = "\n".join("    " + line for line in attack.strip().splitlines())
    return ("import numpy as np\n\ndef binary_cross_entropy(logits, targets):\n"
            + (attack + "\n" if attack else "") + _BCE_BODY)


# the check under attack is the one whose check_raises is calling the answer right now
_WHEN_RAISES_CHECKED = '''
import sys
caller = sys._getframe(1)
if caller.f_code.co_name == "check_raises":
    label = caller.f_locals["label"]
'''


def _drop_genuine(nth: int) -> str:
    """Code that drops the nth record with the attacked label on its way out of the kernel."""
    return f'''
    ip = get_ipython()
    real, seen = ip.display_pub.publish, []
    def publish(data, *args, **kwargs):
        record = data.get("{_MIME}") if isinstance(data, dict) else None
        if record is not None and record.get("label") == label:
            seen.append(1)
            if len(seen) == {nth}:
                return None
        return real(data, *args, **kwargs)
    ip.display_pub.publish = publish
'''


BCE_ATTACKS = {
    "bce_no_raise": _bce(),            # the control: the honest mistake
    "bce_replace_check_internals": _bce('''
import autograder.checks as c
if c._check.__name__ != "forged":
    real = c._check
    def forged(kind, label, actual, expected=None, params=None):
        if kind == "raises":
            actual = ''' + _RAISED + '''
        return real(kind, label, actual, expected, params)
    c._check = forged'''),
    "bce_rewrite_record_in_transit": _bce(_WHEN_RAISES_CHECKED + '''
    from autograder import payload
    ip = get_ipython()
    real = ip.display_pub.publish
    def publish(data, *args, **kwargs):
        record = data.get("''' + _MIME + '''") if isinstance(data, dict) else None
        if record is not None and record.get("label") == label:
            data = dict(data)
            data["''' + _MIME + '''"] = dict(record, actual=payload.encode(''' + _RAISED + '''))
        return real(data, *args, **kwargs)
    ip.display_pub.publish = publish'''),
    "bce_genuine_helper_called_by_the_answer": _bce(_WHEN_RAISES_CHECKED + _drop_genuine(2) + '''
    import autograder.checks as c
    def boom():
        raise ValueError("shape")
    c.check_raises(label, ValueError, boom)'''),
    "bce_nested_cell": _bce(_WHEN_RAISES_CHECKED + _drop_genuine(2) + '''
    get_ipython().run_cell("check_raises(%r, ValueError, int, 'x')" % label)'''),
    "bce_forged_record": _bce(_WHEN_RAISES_CHECKED + _drop_genuine(2) + '''
    from autograder import payload
    from IPython.display import publish_display_data
    publish_display_data({"''' + _MIME + '''": {"v": 2, "kind": "raises", "label": label,
                          "actual": payload.encode(''' + _RAISED + '''), "mac": "0" * 64}})'''),
}
