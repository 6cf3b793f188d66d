# expect: pass | sign(z) * (1 - e) / (1 + e) with e = exp(-2|z|), which cannot overflow
def tanh_forward(z):
    e = np.exp(-2 * np.abs(z))
    return np.sign(z) * (1 - e) / (1 + e), z
