# expect: fail | __radd__ missing, so 3.5 + a raises TypeError
# diagnosis: define __radd__
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

    # --- operations with their own local derivatives ---
    def __add__(self, other):
        """self + other; other is a Value or a number."""
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        """self * other; other is a Value or a number."""
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, exponent):
        """self ** exponent, for a number exponent (int or float)."""
        assert isinstance(exponent, (int, float)), "the exponent must be a number"
        out = Value(self.data ** exponent, (self,), f"**{exponent}")

        def _backward():
            self.grad += exponent * self.data ** (exponent - 1) * out.grad
        out._backward = _backward
        return out

    def exp(self):
        """e ** self."""
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        """Hyperbolic tangent of self."""
        out = Value(math.tanh(self.data), (self,), "tanh")

        def _backward():
            self.grad += (1 - out.data ** 2) * out.grad
        out._backward = _backward
        return out

    def relu(self):
        """max(self, 0); its derivative at exactly 0 is taken as 0."""
        out = Value(self.data if self.data > 0 else 0.0, (self,), "relu")

        def _backward():
            self.grad += (1.0 if self.data > 0 else 0.0) * out.grad
        out._backward = _backward
        return out

    def backward(self):
        """Reverse mode from self: set self.grad = 1, then add d(self)/d(node) to the .grad of
        every node that self depends on, visiting the nodes in reverse topological order.
        Gradients are not reset to 0 first."""
        order, visited = [], set()

        def visit(node):
            if node not in visited:
                visited.add(node)
                for child in node._prev:
                    visit(child)
                order.append(node)      # after all of its inputs
        visit(self)

        self.grad = 1.0
        for node in reversed(order):
            node._backward()

    # --- operations built from the ones above ---
    def __neg__(self):                  # -self
        return self * -1

    def __sub__(self, other):           # self - other
        return self + (-other)

    def __truediv__(self, other):       # self / other
        other = other if isinstance(other, Value) else Value(other)
        return self * other ** -1


    def __rsub__(self, other):          # other - self, other a number
        return (-self) + other

    def __rmul__(self, other):          # other * self, other a number
        return self * other

    def __rtruediv__(self, other):      # other / self, other a number
        return self ** -1 * other
