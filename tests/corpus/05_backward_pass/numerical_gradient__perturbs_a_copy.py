# expect: fail | perturbs a copy of x that f never reads
# diagnosis: did not see the perturbed entry
import numpy as np
def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        xp = x.copy()
        xp[index] += h
        f_plus = f()
        xm = x.copy()
        xm[index] -= h
        f_minus = f()
        grad[index] = (f_plus - f_minus) / (2 * h)
    return grad
