# expect: fail | 2 * sigmoid(z) - 1 is tanh(z / 2), not tanh(z)
# diagnosis: tanh(z / 2)
def tanh_forward(z):
    return 2 / (1 + np.exp(-np.clip(z, -500, 500))) - 1, z
