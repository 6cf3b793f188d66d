# expect: fail | (1 - tanh z)**2 instead of 1 - tanh(z)**2
# diagnosis: (1 - tanh z)**2
import numpy as np


def tanh_backward(dout, cache):
    return dout * (1 - np.tanh(cache)) ** 2
