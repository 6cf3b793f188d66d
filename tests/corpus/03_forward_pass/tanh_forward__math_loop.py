# expect: pass | math.tanh entry by entry into an array of z's shape and dtype
import math


def tanh_forward(z):
    a = np.empty_like(z)
    for index in np.ndindex(z.shape):
        a[index] = math.tanh(z[index])
    return a, z
