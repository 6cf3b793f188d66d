# expect: pass | db as a ones vector times dout (in dout's dtype), dW and dx with np.dot
import numpy as np


def dense_backward(dout, cache):
    x, W, _ = cache
    ones = np.ones(dout.shape[0], dtype=dout.dtype)
    return np.dot(dout, W.T), np.dot(x.T, dout), ones @ dout
