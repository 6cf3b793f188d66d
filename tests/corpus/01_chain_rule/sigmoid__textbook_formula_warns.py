# expect: pass | textbook formula 1/(1+exp(-z)): exp overflows with a RuntimeWarning at z = -1000, but every value is finite and exact
def sigmoid(z):
    """Logistic sigmoid, element-wise."""
    return 1 / (1 + np.exp(-z))
