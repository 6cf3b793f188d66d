# expect: fail | exp(z) / (1 + exp(z)): equal on paper, but inf / inf = nan for z = 1000
# diagnosis: NaN
def sigmoid(z):
    """Logistic sigmoid, element-wise."""
    e = np.exp(z)
    return e / (1 + e)
