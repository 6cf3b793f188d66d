# expect: fail | returns a 0-dimensional array instead of a number for a number input
def sigmoid(z):
    """Logistic sigmoid, element-wise."""
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))
