# expect: pass | 1 - t**2 written as (1 - t) * (1 + t)
import numpy as np


def tanh_backward(dout, cache):
    t = np.tanh(cache)
    return dout * (1 - t) * (1 + t)
