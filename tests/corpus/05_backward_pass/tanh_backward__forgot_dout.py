# expect: fail | returns the local derivative without multiplying by the upstream gradient
# diagnosis: multiply it by the upstream gradient
import numpy as np


def tanh_backward(dout, cache):
    return 1 - np.tanh(cache) ** 2
