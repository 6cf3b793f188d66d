# expect: fail | np.tanh(z, out=z) overwrites the caller's array
# diagnosis: modified in place
def tanh_forward(z):
    a = np.tanh(z, out=z)
    return a, z
