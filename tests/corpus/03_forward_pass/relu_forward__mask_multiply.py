# expect: pass | multiply by the boolean mask (z > 0)
def relu_forward(z):
    a = z * (z > 0)
    return a, z
