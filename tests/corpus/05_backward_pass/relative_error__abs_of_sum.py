# expect: fail | denominator |a + b| instead of |a| + |b|
# diagnosis: the denominator is |a + b|
import numpy as np


def relative_error(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a + b))))
