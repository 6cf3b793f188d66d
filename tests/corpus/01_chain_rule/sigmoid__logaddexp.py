# expect: pass | exp(-softplus(-z)) with np.logaddexp: stable, returns np.float64 for a number
def sigmoid(z):
    """Logistic sigmoid, element-wise."""
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=float)))
