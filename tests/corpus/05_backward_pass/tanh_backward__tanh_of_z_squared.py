# expect: fail | 1 - tanh(z**2)
# diagnosis: square tanh(z), not z
import numpy as np
def tanh_backward(dout, cache):
    return dout * (1 - np.tanh(cache ** 2))
