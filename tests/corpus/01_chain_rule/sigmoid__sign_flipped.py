# expect: fail | exp(z) instead of exp(-z): computes sigmoid(-z)
# diagnosis: sign in the exponent is flipped
def sigmoid(z):
    """Logistic sigmoid, element-wise."""
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    s = np.where(z < 0, 1 / (1 + e), e / (1 + e))
    return s.item() if s.ndim == 0 else s
