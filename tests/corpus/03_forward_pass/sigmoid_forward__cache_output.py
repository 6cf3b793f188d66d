# expect: fail | caches the output sigmoid(z) instead of the input z
def sigmoid_forward(z):
    a = 1 / (1 + np.exp(-np.clip(z, -500, 500)))
    return a, a
