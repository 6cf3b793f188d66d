# expect: pass | accumulates one outer product per example in a loop (buffers in the inputs' dtype)
import numpy as np


def dense_backward(dout, cache):
    x, W, b = cache
    dW = np.zeros_like(W)
    db = np.zeros_like(b)
    dx = np.zeros_like(x)
    for n in range(x.shape[0]):
        dW += np.outer(x[n], dout[n])
        db += dout[n]
        dx[n] = W @ dout[n]
    return dx, dW, db
