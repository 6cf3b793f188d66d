# expect: fail | z * (z > 0).astype(float): right values, but a float32 z gives a float64 output
# diagnosis: keep the dtype
def relu_forward(z):
    return z * (z > 0).astype(float), z
