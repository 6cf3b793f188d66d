# expect: fail | exp(z) / (1 + exp(z)): inf / inf = nan for large positive z
# diagnosis: numerically unstable
def sigmoid_forward(z):
    e = np.exp(z)
    return e / (1 + e), z
