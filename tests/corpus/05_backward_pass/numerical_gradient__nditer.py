# expect: pass | np.nditer with multi_index, restore in a finally block
import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x, dtype=np.float64)
    it = np.nditer(x, flags=["multi_index"])
    while not it.finished:
        ix = it.multi_index
        old = x[ix].copy()
        try:
            x[ix] = old + h
            fxph = f()
            x[ix] = old - h
            fxmh = f()
        finally:
            x[ix] = old
        grad[ix] = (fxph - fxmh) / (2 * h)
        it.iternext()
    return grad
