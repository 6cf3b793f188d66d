# expect: fail | forgets the (1 - s) factor
# diagnosis: factor (1 - s) is missing
import numpy as np


def sigmoid_backward(dout, cache):
    return dout / (1 + np.exp(-cache))
