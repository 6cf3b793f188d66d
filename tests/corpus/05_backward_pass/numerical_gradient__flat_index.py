# expect: pass | walks the flat index with x.flat (works for any number of dimensions)
import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.empty(x.size)
    for i in range(x.size):
        saved = x.flat[i]
        x.flat[i] = saved + h
        up = float(f())
        x.flat[i] = saved - h
        down = float(f())
        x.flat[i] = saved
        grad[i] = (up - down) / (2 * h)
    return grad.reshape(x.shape)
