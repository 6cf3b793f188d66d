# expect: fail | caches the output tanh(z) instead of the input z
# diagnosis: holds the values of the output
def tanh_forward(z):
    a = np.tanh(z)
    return a, a
