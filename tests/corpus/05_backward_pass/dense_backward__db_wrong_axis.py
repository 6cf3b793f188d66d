# expect: fail | db summed over the wrong axis (per example instead of per output unit)
# diagnosis: summed over the wrong axis
def dense_backward(dout, cache):
    x, W, b = cache
    return dout @ W.T, x.T @ dout, dout.sum(axis=1)
