# expect: pass | sigmoid'(z) = e / (1 + e)**2 with e = exp(-|z|) (symmetric, never overflows)
import numpy as np


def sigmoid_backward(dout, cache):
    e = np.exp(-np.abs(cache))
    return dout * e / (1 + e) ** 2
