# expect: fail | plugs z into s(1 - s) instead of sigmoid(z)
def sigmoid_backward(dout, cache):
    z = cache
    return dout * z * (1 - z)
