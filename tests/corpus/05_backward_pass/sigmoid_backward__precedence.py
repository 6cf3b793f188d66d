# expect: fail | dout * s * 1 - s
# diagnosis: operator precedence
import numpy as np
def sigmoid_backward(dout, cache):
    s = sigmoid(cache)
    return dout * s * 1 - s
