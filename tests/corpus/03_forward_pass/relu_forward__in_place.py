# expect: fail | zeroes the negative entries of z in place (mutates the caller's array)
# diagnosis: modified in place
def relu_forward(z):
    z[z < 0] = 0
    return z, z
