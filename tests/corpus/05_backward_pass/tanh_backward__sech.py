# expect: pass | tanh'(z) = sech(z)**2 = 1 / cosh(z)**2
import numpy as np


def tanh_backward(dout, cache):
    with np.errstate(over="ignore"):
        return dout / np.cosh(cache) ** 2
