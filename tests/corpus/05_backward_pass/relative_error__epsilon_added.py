# expect: fail | |a-b| / (|a| + |b| + 1e-8)
# diagnosis: 1e-8 was added to the denominator
import numpy as np
def relative_error(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / (np.abs(a) + np.abs(b) + 1e-8)))
