# expect: fail | textbook formula 1/(1+exp(-z)): exp overflows (RuntimeWarning) for z = -1000
def sigmoid(z):
    """Logistic sigmoid, element-wise."""
    return 1 / (1 + np.exp(-z))
