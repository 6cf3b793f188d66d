# expect: fail | 1 - tanh(z) instead of 1 - tanh(z)**2
# diagnosis: not 1 - tanh(z)
import numpy as np


def tanh_backward(dout, cache):
    return dout * (1 - np.tanh(cache))
