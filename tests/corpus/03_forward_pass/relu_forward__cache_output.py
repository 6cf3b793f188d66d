# expect: fail | caches the output a instead of the input z
# diagnosis: holds the values of the output
def relu_forward(z):
    a = np.maximum(z, 0)
    return a, a
