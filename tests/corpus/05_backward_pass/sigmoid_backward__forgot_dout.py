# expect: fail | returns the local derivative without multiplying by the upstream gradient
# diagnosis: multiply it by the upstream gradient
import numpy as np


def sigmoid_backward(dout, cache):
    s = 1 / (1 + np.exp(-cache))
    return s * (1 - s)
