# expect: fail | caches a copy of z
# diagnosis: not a copy
def relu_forward(z):
    return np.maximum(z, 0), z.copy()
