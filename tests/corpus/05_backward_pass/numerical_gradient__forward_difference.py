# expect: fail | forward difference (f(x + h) - f(x)) / h instead of the central difference
# diagnosis: forward difference
import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    base = f()
    for index in np.ndindex(x.shape):
        old = x[index]
        x[index] = old + h
        grad[index] = (f() - base) / h
        x[index] = old
    return grad
