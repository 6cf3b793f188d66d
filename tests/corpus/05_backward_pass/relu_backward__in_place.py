# expect: fail | zeroes the blocked entries of dout in place and returns dout (mutates the input)
# diagnosis: modified in place
def relu_backward(dout, cache):
    z = cache
    dout[z <= 0] = 0
    return dout
