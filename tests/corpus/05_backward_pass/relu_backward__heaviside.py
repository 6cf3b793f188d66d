# expect: pass | Heaviside step with value 0 at the kink
import numpy as np


def relu_backward(dout, cache):
    return dout * np.heaviside(cache, 0.0)
