# expect: pass | sigmoid(z) = (1 + tanh(z/2)) / 2, so sigmoid'(z) = (1 - tanh(z/2)**2) / 4
import numpy as np


def sigmoid_backward(dout, cache):
    t = np.tanh(cache / 2)
    return dout * 0.25 * (1 - t * t)
