# expect: pass | numpy throughout: data becomes numpy float64 scalars (np.exp, np.tanh, np.maximum, np.power), iterative DFS with an explicit stack
import numpy as np


class Value:
    """A scalar in a computational graph: its value `data` and `grad` = d(output)/d(this node)."""

    def __init__(self, data, _children=(), _op=""):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None   # adds this node's contribution to its inputs' .grad
        self._prev = tuple(_children)   # the Values this one was computed from
        self._op = _op                  # the operation that made it (for printing and drawing)

    def __repr__(self):
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(np.float64(other))
        out = Value(np.add(self.data, other.data), (self, other), "+")

        def _backward():
            self.grad = self.grad + out.grad
            other.grad = other.grad + out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(np.float64(other))
        out = Value(np.multiply(self.data, other.data), (self, other), "*")

        def _backward():
            self.grad = self.grad + other.data * out.grad
            other.grad = other.grad + self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, exponent):
        out = Value(np.power(np.float64(self.data), exponent), (self,), f"**{exponent}")

        def _backward():
            self.grad = self.grad + exponent * np.power(np.float64(self.data), exponent - 1) * out.grad
        out._backward = _backward
        return out

    def exp(self):
        out = Value(np.exp(np.float64(self.data)), (self,), "exp")

        def _backward():
            self.grad = self.grad + out.data * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        out = Value(np.tanh(np.float64(self.data)), (self,), "tanh")

        def _backward():
            self.grad = self.grad + (1.0 - np.square(out.data)) * out.grad
        out._backward = _backward
        return out

    def relu(self):
        out = Value(np.maximum(np.float64(self.data), 0.0), (self,), "relu")

        def _backward():
            self.grad = self.grad + np.float64(self.data > 0) * out.grad
        out._backward = _backward
        return out

    def backward(self):
        order, visited, stack = [], set(), [(self, False)]
        while stack:
            node, inputs_done = stack.pop()
            if inputs_done:
                order.append(node)
            elif node not in visited:
                visited.add(node)
                stack.append((node, True))
                stack.extend((child, False) for child in node._prev)
        self.grad = np.float64(1.0)
        for node in reversed(order):
            node._backward()

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __truediv__(self, other):
        other = other if isinstance(other, Value) else Value(np.float64(other))
        return self * other ** -1

    def __radd__(self, other):
        return self + other

    def __rsub__(self, other):
        return (-self) + other

    def __rmul__(self, other):
        return self * other

    def __rtruediv__(self, other):
        return Value(np.float64(other)) / self
