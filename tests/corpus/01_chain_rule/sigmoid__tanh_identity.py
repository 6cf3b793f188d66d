# expect: pass | sigmoid(z) = (1 + tanh(z/2)) / 2, which never overflows
def sigmoid(z):
    """Logistic sigmoid, element-wise."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))[()]
