# expect: fail | clips z in place to avoid overflow (mutates the caller's array)
# diagnosis: modified in place
def sigmoid_forward(z):
    np.clip(z, -500, 500, out=z)
    return 1 / (1 + np.exp(-z)), z
