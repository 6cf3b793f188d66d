# expect: fail | applies the sigmoid's derivative to sigmoid(z): the derivative at the output
# diagnosis: evaluated at sigmoid(z)
def sigmoid_derivative(z):
    """Derivative of the sigmoid, element-wise."""
    s = sigmoid(sigmoid(z))
    return s * (1 - s)
