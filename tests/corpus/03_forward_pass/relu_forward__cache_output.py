# expect: fail | caches the output a instead of the input z
def relu_forward(z):
    a = np.maximum(z, 0)
    return a, a
