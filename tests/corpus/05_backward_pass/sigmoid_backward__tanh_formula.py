# expect: fail | uses the tanh derivative formula 1 - s**2 for the sigmoid
# diagnosis: tanh's derivative
import numpy as np


def sigmoid_backward(dout, cache):
    s = 1 / (1 + np.exp(-cache))
    return dout * (1 - s ** 2)
