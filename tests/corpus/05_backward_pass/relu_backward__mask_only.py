# expect: fail | returns the local derivative (the mask) without multiplying by dout
# diagnosis: mask (z > 0) alone
import numpy as np


def relu_backward(dout, cache):
    z = cache
    return (z > 0).astype(np.float64)
