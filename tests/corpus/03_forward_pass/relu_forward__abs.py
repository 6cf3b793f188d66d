# expect: fail | returns |z| instead of max(z, 0)
# diagnosis: this is |z|
def relu_forward(z):
    return np.abs(z), z
