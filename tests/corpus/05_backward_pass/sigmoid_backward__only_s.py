# expect: fail | forgets the (1 - s) factor
import numpy as np


def sigmoid_backward(dout, cache):
    return dout / (1 + np.exp(-cache))
