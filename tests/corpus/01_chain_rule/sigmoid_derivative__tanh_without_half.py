# expect: fail | 0.25 * (1 - tanh(z)**2): the identity needs tanh(z / 2)
# diagnosis: the identity uses half the input
def sigmoid_derivative(z):
    """Derivative of the sigmoid, element-wise."""
    return 0.25 * (1.0 - np.tanh(z) ** 2)
