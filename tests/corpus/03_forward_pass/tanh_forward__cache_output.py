# expect: fail | caches the output tanh(z) instead of the input z
def tanh_forward(z):
    a = np.tanh(z)
    return a, a
