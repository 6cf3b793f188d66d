# expect: fail | exp(-z) / (1 + exp(-z))**2 is inf/inf = nan (with overflow warnings) for z = -1000
# diagnosis: NaN
def sigmoid_derivative(z):
    """Derivative of the sigmoid, element-wise."""
    return np.exp(-z) / (1 + np.exp(-z)) ** 2
