# expect: pass | np.where computes exp(-z) and exp(z) for every element: overflow warnings at ±1000, but the branch it picks is finite and exact
def sigmoid(z):
    """Logistic sigmoid, element-wise."""
    z = np.asarray(z, dtype=float)
    s = np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))
    return s.item() if s.ndim == 0 else s
