# expect: fail | recomputes the sigmoid with the overflow-prone textbook formula (warning at z = -1000)
def sigmoid_derivative(z):
    """Derivative of the sigmoid, element-wise."""
    s = 1 / (1 + np.exp(-z))
    return s * (1 - s)
