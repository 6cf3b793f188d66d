"""Tests of nn_lib.engine.Value, the scalar autodiff engine of lesson 02.

Gradients are compared with central differences of the forward values (``.data`` only), on
expressions that reuse nodes so that accumulation (``+=``) is exercised.
"""

import math

import pytest

from nn_lib import Value


def finite_difference(build, inputs, h=1e-6):
    """Central differences of build(*Values).data with respect to each input number."""
    grads = []
    for i in range(len(inputs)):
        plus = [Value(x + h if j == i else x) for j, x in enumerate(inputs)]
        minus = [Value(x - h if j == i else x) for j, x in enumerate(inputs)]
        grads.append((build(*plus).data - build(*minus).data) / (2 * h))
    return grads


def check_gradients(build, inputs, tol=1e-7):
    leaves = [Value(x) for x in inputs]
    out = build(*leaves)
    out.backward()
    for leaf, numeric in zip(leaves, finite_difference(build, inputs)):
        assert abs(leaf.grad - numeric) / max(1e-8, abs(leaf.grad) + abs(numeric)) < tol, (leaf.grad, numeric)
    return leaves, out


EXPRESSIONS = {
    # a appears twice in a product: d(a*a*b)/da = 2ab
    "square_by_reuse": lambda a, b: a * a * b,
    # the same node used in several branches of a sum and a quotient
    "shared_node": lambda a, b: (a + b) * (a - b) / (a * 2 + 1),
    "powers": lambda a, b: a ** 3 + b ** -2 + (a * a + 1) ** 0.5,
    "reflected": lambda a, b: 2 * a + 1 - b + 3 / b - 4 * (1 - a),
    "exp_tanh": lambda a, b: (a * b).exp() + (a - b).tanh() * a,
    "relu_mix": lambda a, b: (a * 3).relu() + (b - a).relu() * b + (-a).relu(),
    "neg_div_chain": lambda a, b: -(a / b) / (b / a) + (a / 3) ** 2,
    "neuron": lambda a, b: (1 / (1 + (-(a * 1.5 + b)).exp()) - 0.3) ** 2,
}


@pytest.mark.parametrize("name", sorted(EXPRESSIONS))
@pytest.mark.parametrize("inputs", [(0.7, -1.3), (-0.4, 2.1), (1.9, 0.6)])
def test_gradients_match_finite_differences(name, inputs):
    check_gradients(EXPRESSIONS[name], inputs)


def test_forward_values():
    a, b = Value(2.0), Value(-3.0)
    assert (a + b).data == -1.0 and (a - b).data == 5.0 and (a * b).data == -6.0
    assert (a / b).data == pytest.approx(-2 / 3) and (a ** 3).data == 8.0 and (-a).data == -2.0
    assert (1 - a).data == -1.0 and (2 * a).data == 4.0 and (1 / a).data == 0.5 and (3 + a).data == 5.0
    assert a.exp().data == pytest.approx(math.exp(2)) and b.tanh().data == pytest.approx(math.tanh(-3))
    assert a.relu().data == 2.0 and b.relu().data == 0.0
    assert a.grad == 0.0


def test_hand_derived_gradients():
    # L = a*b + a, so dL/da = b + 1 = -2 and dL/db = a = 2
    a, b = Value(2.0), Value(-3.0)
    out = a * b + a
    out.backward()
    assert (a.grad, b.grad, out.grad) == (-2.0, 2.0, 1.0)
    # a + a: both uses contribute, d/da = 2
    c = Value(5.0)
    (c + c).backward()
    assert c.grad == 2.0


def test_diamond_graph_waits_for_all_paths():
    # x feeds two branches that meet again: the branch node must collect both contributions before
    # passing its gradient on, which only a reverse topological order guarantees.
    x = Value(0.5)
    y = x * 3
    z = y * y + y.tanh()            # y used three times
    out = z * x                     # x used again at the very end
    out.backward()
    t = math.tanh(1.5)
    dz_dx = (2 * 1.5 + (1 - t * t)) * 3
    assert x.grad == pytest.approx(dz_dx * 0.5 + (1.5 ** 2 + t))


def test_relu_derivative_at_zero_is_zero():
    x = Value(0.0)
    x.relu().backward()
    assert x.grad == 0.0
    y = Value(1e-12)
    y.relu().backward()
    assert y.grad == 1.0


def test_backward_accumulates_and_does_not_zero():
    a, b = Value(3.0), Value(4.0)
    out = a * b
    out.backward()
    out.backward()                  # like micrograd: leaf gradients add up, the output is re-seeded
    assert (a.grad, b.grad, out.grad) == (8.0, 6.0, 1.0)
    a.grad = b.grad = 0.0
    (a * b).backward()
    assert (a.grad, b.grad) == (4.0, 3.0)


def test_deep_graph_does_not_hit_the_recursion_limit():
    x = Value(1.0)
    y = x
    for _ in range(20000):
        y = y * 1.0 + 0.0001
    y.backward()
    assert x.grad == pytest.approx(1.0)
    assert y.data == pytest.approx(3.0)


def test_repr_and_errors():
    v = Value(1.5)
    v.grad = 0.25
    assert repr(v) == "Value(data=1.5, grad=0.25)"
    with pytest.raises(TypeError, match="exponent"):
        Value(2.0) ** Value(3.0)
    with pytest.raises(TypeError, match="real number"):
        Value("3")
    with pytest.raises(TypeError):
        Value(1.0) + "a"
