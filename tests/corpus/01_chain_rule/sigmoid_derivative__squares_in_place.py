# expect: fail | reuses the input array for the result (z[...] = ...), overwriting the caller's z
# diagnosis: modified in place
def sigmoid_derivative(z):
    """Derivative of the sigmoid, element-wise."""
    if isinstance(z, np.ndarray):
        s = sigmoid(z)
        z[...] = s * (1 - s)
        return z
    s = sigmoid(z)
    return s * (1 - s)
