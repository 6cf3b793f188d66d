# expect: fail | two nested loops over rows and columns: only works for 2-D arrays
# diagnosis: whatever the number of dimensions
import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            old = x[i, j]
            x[i, j] = old + h
            f_plus = f()
            x[i, j] = old - h
            f_minus = f()
            x[i, j] = old
            grad[i, j] = (f_plus - f_minus) / (2 * h)
    return grad
