# expect: fail | leaky ReLU (slope 0.01 for negative inputs) instead of ReLU
# diagnosis: leaky relu
def relu_forward(z):
    return np.where(z > 0, z, 0.01 * z), z
