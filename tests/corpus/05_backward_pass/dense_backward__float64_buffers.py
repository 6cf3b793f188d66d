# expect: fail | the outer-product loop with float64 buffers: float32 inputs give float64 gradients
# diagnosis: keep the dtype
import numpy as np


def dense_backward(dout, cache):
    x, W, b = cache
    dW = np.zeros(W.shape)
    db = np.zeros(b.shape)
    dx = np.zeros(x.shape)
    for n in range(x.shape[0]):
        dW += np.outer(x[n], dout[n])
        db += dout[n]
        dx[n] = W @ dout[n]
    return dx, dW, db
