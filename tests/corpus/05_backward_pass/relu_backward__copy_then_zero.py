# expect: pass | copies dout, then zeroes the copy where z <= 0
def relu_backward(dout, cache):
    dz = dout.copy()
    dz[cache <= 0] = 0
    return dz
