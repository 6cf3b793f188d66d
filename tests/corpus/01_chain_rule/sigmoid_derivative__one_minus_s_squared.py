# expect: fail | 1 - s**2, the tanh-style derivative, instead of s * (1 - s)
# diagnosis: the pattern of tanh's derivative
def sigmoid_derivative(z):
    """Derivative of the sigmoid, element-wise."""
    s = sigmoid(z)
    return 1 - s ** 2
