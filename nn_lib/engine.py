"""A scalar reverse-mode autodiff engine (lesson 02), in the spirit of micrograd.

Each operation builds a new ``Value`` that remembers its inputs (``_prev``) and a closure
``_backward`` that applies the chain rule locally: it adds ``local derivative * out.grad`` to each
input's ``.grad``. The local derivative sits right beside the forward computation. ``+=`` (not ``=``)
is what makes a node used twice (``a * a``, ``a + a``) collect the gradient from both uses.

``backward()`` orders the graph topologically (inputs before the nodes built from them), seeds the
output with ``grad = 1`` and calls every ``_backward`` in reverse order, so a node's gradient is
complete before it is passed on. Like micrograd it does not zero gradients first: call it once per
fresh graph, or reset ``.grad`` yourself.
"""

import math
import numbers

from ._reference import reference


class Value:
    """One scalar in a computational graph: its value ``data`` and ``grad`` = d(output)/d(this)."""

    def __init__(self, data, _children=(), _op=""):
        reference("Value")
        if isinstance(data, Value) or not isinstance(data, numbers.Real):
            raise TypeError(f"Value(data) needs a real number, got {data!r} ({type(data).__name__})")
        self.data = float(data)
        self.grad = 0.0
        self._backward = lambda: None   # leaves have nothing to pass on
        self._prev = tuple(_children)   # the Values this one was computed from
        self._op = _op                  # the operation that produced it, for printing and drawing

    @staticmethod
    def _wrap(other):
        """Numbers become constant leaves; anything else is not supported (Python then tries the other operand)."""
        if isinstance(other, Value):
            return other
        if isinstance(other, numbers.Real):
            return Value(other)
        return NotImplemented

    def __add__(self, other):
        other = self._wrap(other)
        if other is NotImplemented:
            return NotImplemented
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():                # d(a+b)/da = 1, d(a+b)/db = 1
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = self._wrap(other)
        if other is NotImplemented:
            return NotImplemented
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():                # d(ab)/da = b, d(ab)/db = a
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, exponent):
        if isinstance(exponent, Value) or not isinstance(exponent, numbers.Real):
            raise TypeError(f"Value ** exponent supports a number as the exponent (int or float), "
                            f"got {type(exponent).__name__}")
        out = Value(self.data ** exponent, (self,), f"**{exponent}")

        def _backward():                # d(a**n)/da = n a**(n-1)
            self.grad += exponent * self.data ** (exponent - 1) * out.grad
        out._backward = _backward
        return out

    def exp(self):
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():                # d(e**a)/da = e**a
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():                # d tanh(a)/da = 1 - tanh(a)**2
            self.grad += (1.0 - t * t) * out.grad
        out._backward = _backward
        return out

    def relu(self):
        out = Value(self.data if self.data > 0 else 0.0, (self,), "relu")

        def _backward():                # d relu(a)/da = 1 if a > 0 else 0 (0 at a == 0)
            self.grad += (1.0 if self.data > 0 else 0.0) * out.grad
        out._backward = _backward
        return out

    def backward(self):
        """Fill ``.grad`` of every node this one depends on with d(self)/d(node)."""
        reference("Value")
        # Topological order by an iterative depth-first search (deep graphs, e.g. a 10,000-step
        # chain, would exceed Python's recursion limit with the recursive version).
        topo, visited = [], set()
        stack = [(self, False)]
        while stack:
            node, children_done = stack.pop()
            if children_done:
                topo.append(node)       # every input of `node` is already in `topo`
                continue
            if node in visited:
                continue
            visited.add(node)
            stack.append((node, True))
            stack.extend((child, False) for child in node._prev if child not in visited)

        self.grad = 1.0                 # d(self)/d(self)
        for node in reversed(topo):
            node._backward()

    # Everything else is built from the operations above.
    def __neg__(self):                  # -a
        return self * -1

    def __radd__(self, other):          # other + a
        return self + other

    def __sub__(self, other):           # a - b
        other = self._wrap(other)
        if other is NotImplemented:
            return NotImplemented
        return self + (-other)

    def __rsub__(self, other):          # other - a
        return (-self) + other

    def __rmul__(self, other):          # other * a
        return self * other

    def __truediv__(self, other):       # a / b = a * b**-1
        other = self._wrap(other)
        if other is NotImplemented:
            return NotImplemented
        return self * other ** -1

    def __rtruediv__(self, other):      # other / a
        return self ** -1 * other

    def __repr__(self):
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"
