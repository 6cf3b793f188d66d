# expect: fail | uses exp(-|z|) for stability but forgets the z < 0 branch: computes sigmoid(|z|)
# diagnosis: the case z < 0 is missing
def sigmoid(z):
    """Logistic sigmoid, element-wise."""
    z = np.asarray(z, dtype=float)
    s = 1.0 / (1.0 + np.exp(-np.abs(z)))
    return s.item() if s.ndim == 0 else s
