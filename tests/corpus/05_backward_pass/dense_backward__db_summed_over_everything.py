# expect: fail | db = np.sum(dout), a sum over every entry
# diagnosis: summed over every entry
import numpy as np
def dense_backward(dout, cache):
    x, W, b = cache
    return dout @ W.T, x.T @ dout, np.sum(dout)
