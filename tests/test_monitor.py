"""The grading kernel's monitor (autograder/monitor.py), checked from inside real kernels: nn_lib's
implementation of the exercise under test refuses to answer, and only then; the state that says
which exercise is under test cannot be changed from inside the sandbox; what would get around the
guard is refused; the resets undo a notebook's tampering."""
from __future__ import annotations

import pytest

from autograder.executor import KernelSession

pytestmark = pytest.mark.slow

SETUP = ("import numpy as np, nn_lib\n"
         "x, W, b = np.ones((2, 3)), np.ones((3, 2)), np.zeros(2)\n")


@pytest.fixture(scope="module")
def session():
    with KernelSession(hidden=[], use_sandbox=True) as s:
        assert s.execute(SETUP, timeout=60).status == "ok"
        yield s


def run(session, code):
    return session.execute(code, timeout=60)


def test_reference_answers_only_while_another_exercise_is_tested(session):
    session.guard("")
    assert run(session, "print(nn_lib.dense_forward(x, W, b)[0].sum())").output.strip() == "12.0"
    session.guard("relu_forward")
    assert run(session, "print(nn_lib.dense_forward(x, W, b)[0].sum())").output.strip() == "12.0"
    session.guard("dense_forward")
    for route in ("nn_lib.dense_forward(x, W, b)",
                  "__import__('nn_' + 'lib').layers.dense_forward(x, W, b)",
                  "nn_lib.mlp_forward(x, {'W1': W, 'b1': b})",
                  "nn_lib.Sequential([nn_lib.Dense(2)]).predict(x)"):
        r = run(session, f"out = {route}")
        assert (r.status, r.ename) == ("error", "ReferenceRefused"), route
    assert session.take_flags().count("delegation:dense_forward") >= 4
    session.guard("")
    assert run(session, "print(nn_lib.dense_forward(x, W, b)[0].sum())").output.strip() == "12.0"


def test_the_state_cannot_be_changed_from_inside(session):
    r = run(session, f"open({str(session.state_file)!r}, 'w').write('')")
    assert r.status == "error" and r.ename == "OSError"
    assert session.state_file.read_text() == ""


@pytest.mark.parametrize("code, what", [
    ("import sys; sys.settrace(lambda *a: None)", "sys.settrace"),
    ("import sys; sys.setprofile(lambda *a: None)", "sys.setprofile"),
    ("import gc; gc.get_objects()", "gc.get_objects"),
    ("import gc; gc.get_referrers(x)", "gc.get_referrers"),
    ("import ctypes; ctypes.pythonapi.PyEval_SetTrace", "C API"),
    ("import ctypes; ctypes.c_char.from_address(id(x))", "from_address"),
    ("import ctypes; ctypes.memmove(0, 0, 0)", "memmove"),
    ("nn_lib.sigmoid.__code__ = (lambda z: z).__code__", "__code__"),
    ("import types; types.FunctionType(nn_lib.sigmoid.__code__, {})", "nn_lib's own code"),
    ("import autograder.checks as c; c.check_array.__defaults__ = (0, 0, None, False, ())", "__defaults__"),
])
def test_ways_around_the_guard_are_refused(session, code, what):
    r = run(session, code)
    assert r.status == "error" and r.ename == "GradingRestriction" and what in r.evalue, r.evalue


def test_no_second_audit_hook_is_added(session):
    """CPython swallows the refusal (sys.addaudithook returns None), but the hook is not added."""
    r = run(session, "import sys\nheard = []\nsys.addaudithook(lambda e, a: heard.append(e))\n"
                     "sys.audit('course.test')\nprint(heard)")
    assert r.output.strip() == "[]"


def test_resets_undo_tampering(session):
    run(session, "import numpy, builtins\nnumpy.allclose = lambda *a, **k: True\n"
                 "get_ipython().input_transformers_cleanup.append(lambda lines: [])\n"
                 "nn_lib.dense_forward = None")
    session.reset("light", 30)
    assert run(session, "print('transformers gone')").output.strip() == "transformers gone"
    session.reset("full", 30)
    r = run(session, "print(numpy.allclose(1, 2), nn_lib.dense_forward is not None)")
    assert r.output.strip() == "False True"
