# expect: fail | z * (1 - z): the formula in terms of the output applied to the input
# diagnosis: applied to the input z
def sigmoid_derivative(z):
    """Derivative of the sigmoid, element-wise."""
    return z * (1 - z)
