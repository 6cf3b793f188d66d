# expect: pass | tanh'(z) = 4 e / (1 + e)**2 with e = exp(-2|z|), which never overflows
import numpy as np


def tanh_backward(dout, cache):
    e = np.exp(-2 * np.abs(cache))
    return dout * 4 * e / (1 + e) ** 2
