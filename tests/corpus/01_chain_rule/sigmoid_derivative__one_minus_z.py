# expect: fail | sigmoid(z) * (1 - z) instead of sigmoid(z) * (1 - sigmoid(z))
# diagnosis: second factor must be 1 - sigmoid(z)
def sigmoid_derivative(z):
    """Derivative of the sigmoid, element-wise."""
    return sigmoid(z) * (1 - z)
