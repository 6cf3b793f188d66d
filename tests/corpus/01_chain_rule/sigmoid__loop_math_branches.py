# expect: pass | element by element with math.exp, branching on the sign; numbers stay Python floats
import math


def _scalar_sigmoid(v):
    if v >= 0:
        return 1.0 / (1.0 + math.exp(-v))
    e = math.exp(v)
    return e / (1.0 + e)


def sigmoid(z):
    """Logistic sigmoid, element-wise."""
    if np.ndim(z) == 0:
        return _scalar_sigmoid(float(z))
    z = np.asarray(z, dtype=float)
    out = np.empty(z.shape)
    for index in np.ndindex(z.shape):
        out[index] = _scalar_sigmoid(float(z[index]))
    return out
