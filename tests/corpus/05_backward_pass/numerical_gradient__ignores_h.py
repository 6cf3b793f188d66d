# expect: fail | hard-codes the step 1e-5 and ignores the h argument
# diagnosis: h argument was ignored
import numpy as np


def numerical_gradient(f, x, h=1e-5):
    step = 1e-5
    grad = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        old = x[index]
        x[index] = old + step
        f_plus = f()
        x[index] = old - step
        f_minus = f()
        x[index] = old
        grad[index] = (f_plus - f_minus) / (2 * step)
    return grad
