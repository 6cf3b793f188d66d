# expect: pass | sigmoid(z) - sigmoid(z)**2, the same product expanded
def sigmoid_derivative(z):
    """Derivative of the sigmoid, element-wise."""
    s = sigmoid(z)
    return s - s**2
