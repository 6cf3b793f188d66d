# expect: pass | np.where with a float zero
def relu_forward(z):
    return np.where(z > 0, z, 0.0), z
