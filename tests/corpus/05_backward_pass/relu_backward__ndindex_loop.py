# expect: pass | entry by entry with np.ndindex into an array of dout's shape and dtype
import numpy as np


def relu_backward(dout, cache):
    dz = np.zeros_like(dout)
    for index in np.ndindex(dout.shape):
        if cache[index] > 0:
            dz[index] = dout[index]
    return dz
