# expect: fail | mask taken from the upstream gradient instead of the input z
def relu_backward(dout, cache):
    return dout * (dout > 0)
