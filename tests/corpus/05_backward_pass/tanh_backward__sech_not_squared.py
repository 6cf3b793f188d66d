# expect: fail | dout / cosh(z), sech not squared
# diagnosis: this is dout * sech(z)
import numpy as np
def tanh_backward(dout, cache):
    return dout / np.cosh(cache)
