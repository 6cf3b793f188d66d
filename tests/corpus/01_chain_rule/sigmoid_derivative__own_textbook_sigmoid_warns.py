# expect: pass | recomputes the sigmoid with the textbook formula: overflow warning at z = -1000, values finite and exact
def sigmoid_derivative(z):
    """Derivative of the sigmoid, element-wise."""
    s = 1 / (1 + np.exp(-z))
    return s * (1 - s)
