# expect: fail | clips z in place (np.clip(..., out=z)), which modifies the caller's array
# diagnosis: modified in place
def sigmoid(z):
    """Logistic sigmoid, element-wise."""
    z = np.asarray(z, dtype=float)
    np.clip(z, -500, 500, out=z)
    s = 1 / (1 + np.exp(-z))
    return s.item() if s.ndim == 0 else s
