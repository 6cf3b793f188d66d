# expect: fail | the largest absolute difference, without dividing by |a| + |b|
# diagnosis: largest absolute difference
import numpy as np


def relative_error(a, b):
    return float(np.max(np.abs(np.asarray(a, dtype=float) - np.asarray(b, dtype=float))))
