# expect: fail | dout * np.sign(z) lets -dout through where z < 0
# diagnosis: np.sign(z) is -1
import numpy as np
def relu_backward(dout, cache):
    return dout * np.sign(cache)
