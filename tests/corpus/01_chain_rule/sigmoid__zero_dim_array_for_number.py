# expect: pass | a 0-d array for a number input counts as a number (COURSE_SPEC §8)
def sigmoid(z):
    """Logistic sigmoid, element-wise."""
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))
