# expect: fail | dout * relu(z) instead of dout * (z > 0)
# diagnosis: multiplied by relu(z)
import numpy as np
def relu_backward(dout, cache):
    return dout * np.maximum(cache, 0)
