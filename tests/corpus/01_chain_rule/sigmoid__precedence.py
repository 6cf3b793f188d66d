# expect: fail | 1 / 1 + np.exp(-z): the denominator without parentheses
# diagnosis: parentheses around the denominator
def sigmoid(z):
    """Logistic sigmoid, element-wise."""
    return 1 / 1 + np.exp(-z)
