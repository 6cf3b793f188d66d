# expect: fail | computes the sigmoid in the caller's array (out=z), so the input array is overwritten
# diagnosis: modified in place
def sigmoid(z):
    """Logistic sigmoid, element-wise."""
    z = np.asarray(z, dtype=float)       # the same object when z is already a float array
    np.negative(z, out=z)
    np.exp(z, out=z)
    z += 1.0
    np.reciprocal(z, out=z)
    return z
