# expect: pass | itertools.product over the ranges of the shape; f() values kept as numpy scalars
import itertools

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape, dtype=np.float64)
    for index in itertools.product(*(range(n) for n in x.shape)):
        saved = x[index]
        x[index] = saved + h
        plus = f()
        x[index] = saved - h
        minus = f()
        x[index] = saved
        grad[index] = (plus - minus) / (2.0 * h)
    return grad
