# expect: pass | np.where selects dout where the unit was active
import numpy as np


def relu_backward(dout, cache):
    z = cache
    return np.where(z > 0, dout, 0.0)
