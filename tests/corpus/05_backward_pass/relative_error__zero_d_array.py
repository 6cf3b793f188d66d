# expect: pass | returns a 0-d numpy array (a number all the same)
import numpy as np


def relative_error(a, b):
    num = np.abs(np.subtract(a, b, dtype=float))
    den = np.maximum(np.add(np.abs(a), np.abs(b), dtype=float), 1e-8)
    return np.asarray(np.amax(num / den))
