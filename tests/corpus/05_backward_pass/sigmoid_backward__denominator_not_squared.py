# expect: fail | dout * e / (1 + e): the factor s is missing
# diagnosis: the factor s is missing
import numpy as np
def sigmoid_backward(dout, cache):
    e = np.exp(-cache)
    return dout * e / (1 + e)
