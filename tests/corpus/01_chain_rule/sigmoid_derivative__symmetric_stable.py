# expect: pass | e / (1 + e)**2 with e = exp(-|z|), using that the derivative is symmetric
def sigmoid_derivative(z):
    """Derivative of the sigmoid, element-wise."""
    e = np.exp(-np.abs(z))
    return e / (1.0 + e) ** 2
