# expect: pass | np.matmul with np.transpose; db summed with keepdims, then reshaped to (D_out,)
import numpy as np


def dense_backward(dout, cache):
    x, W, b = cache
    dx = np.matmul(dout, np.transpose(W))
    dW = np.matmul(np.transpose(x), dout)
    db = np.sum(dout, axis=0, keepdims=True).reshape(b.shape)
    return (dx, dW, db)
