# expect: fail | plugs z into 1 - t**2 instead of tanh(z)
# diagnosis: applied to z itself
def tanh_backward(dout, cache):
    z = cache
    return dout * (1 - z ** 2)
