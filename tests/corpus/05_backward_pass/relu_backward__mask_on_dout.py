# expect: fail | mask taken from the upstream gradient instead of the input z
# diagnosis: the relu mask was taken from dout; take it from the cache z
def relu_backward(dout, cache):
    return dout * (dout > 0)
