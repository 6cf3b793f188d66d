# expect: fail | restores x by adding and subtracting h (last bits change) instead of reassigning the saved value
# diagnosis: adding and subtracting h
import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        x[index] += h
        f_plus = f()
        x[index] -= 2 * h
        f_minus = f()
        x[index] += h
        grad[index] = (f_plus - f_minus) / (2 * h)
    return grad
