# expect: pass | textbook sigmoid 1 / (1 + exp(-z)): exp overflows to inf for z = -1000 (a warning), s = 0 is still right
import numpy as np


def sigmoid_backward(dout, cache):
    s = 1 / (1 + np.exp(-cache))
    return dout * s * (1 - s)
