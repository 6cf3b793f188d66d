# expect: fail | caches the output sigmoid(z) instead of the input z
# diagnosis: holds the values of the output
def sigmoid_forward(z):
    a = 1 / (1 + np.exp(-np.clip(z, -500, 500)))
    return a, a
