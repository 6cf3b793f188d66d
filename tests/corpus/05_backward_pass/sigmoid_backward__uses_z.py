# expect: fail | plugs z into s(1 - s) instead of sigmoid(z)
# diagnosis: applied to z itself
def sigmoid_backward(dout, cache):
    z = cache
    return dout * z * (1 - z)
