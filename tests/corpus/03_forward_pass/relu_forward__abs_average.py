# expect: pass | (z + |z|) / 2 is max(z, 0)
def relu_forward(z):
    a = (z + np.abs(z)) / 2
    return a, z
