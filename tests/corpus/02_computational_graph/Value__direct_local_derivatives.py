# expect: pass | every operation (also -, /, the reflected ones) written directly with its own local derivative; iterative post-order DFS
import math
import numbers


class Value:
    """A scalar in a computational graph: its value `data` and `grad` = d(output)/d(this node)."""

    def __init__(self, data, _children=(), _op=""):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = tuple(_children)
        self._op = _op

    def __repr__(self):
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    @staticmethod
    def _as_value(x):
        return x if isinstance(x, Value) else Value(x)

    def _unary(self, result, local_derivative, op):
        """A one-input operation whose local derivative is a number known now."""
        out = Value(result, (self,), op)

        def _backward():
            self.grad += local_derivative * out.grad
        out._backward = _backward
        return out

    def _binary(self, other, result, d_self, d_other, op):
        out = Value(result, (self, other), op)

        def _backward():
            self.grad += d_self * out.grad
            other.grad += d_other * out.grad
        out._backward = _backward
        return out

    def __add__(self, other):
        other = self._as_value(other)
        return self._binary(other, self.data + other.data, 1.0, 1.0, "+")

    def __mul__(self, other):
        other = self._as_value(other)
        return self._binary(other, self.data * other.data, other.data, self.data, "*")

    def __pow__(self, exponent):
        if not isinstance(exponent, numbers.Real):
            raise TypeError("the exponent must be a number")
        return self._unary(self.data ** exponent, exponent * self.data ** (exponent - 1),
                           f"**{exponent}")

    def exp(self):
        e = math.exp(self.data)
        return self._unary(e, e, "exp")

    def tanh(self):
        t = math.tanh(self.data)
        return self._unary(t, 1.0 - t * t, "tanh")

    def relu(self):
        return self._unary(max(self.data, 0.0), 1.0 if self.data > 0 else 0.0, "relu")

    def backward(self):
        order, visited, stack = [], set(), [(self, iter(self._prev))]
        visited.add(self)
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                order.append(node)
            elif child not in visited:
                visited.add(child)
                stack.append((child, iter(child._prev)))
        self.grad = 1.0
        for node in reversed(order):
            node._backward()

    def __neg__(self):
        return self._unary(-self.data, -1.0, "neg")

    def __sub__(self, other):
        other = self._as_value(other)
        return self._binary(other, self.data - other.data, 1.0, -1.0, "-")

    def __truediv__(self, other):
        other = self._as_value(other)
        return self._binary(other, self.data / other.data, 1.0 / other.data,
                            -self.data / other.data ** 2, "/")

    def __radd__(self, other):
        return self._as_value(other) + self

    def __rsub__(self, other):
        return self._as_value(other) - self

    def __rmul__(self, other):
        return self._as_value(other) * self

    def __rtruediv__(self, other):
        return self._as_value(other) / self
