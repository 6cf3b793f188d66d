# expect: fail | t * (1 - t), the sigmoid's pattern
# diagnosis: the sigmoid's pattern
import numpy as np
def tanh_backward(dout, cache):
    t = np.tanh(cache)
    return dout * t * (1 - t)
