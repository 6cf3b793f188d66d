# expect: fail | derivative 1 at z == 0 (mask z >= 0 instead of z > 0)
# diagnosis: derivative of relu at 0
def relu_backward(dout, cache):
    z = cache
    return dout * (z >= 0)
