# expect: fail | np.where computes exp(-z) and exp(z) for every element, so one branch overflows for ±1000
def sigmoid(z):
    """Logistic sigmoid, element-wise."""
    z = np.asarray(z, dtype=float)
    s = np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))
    return s.item() if s.ndim == 0 else s
