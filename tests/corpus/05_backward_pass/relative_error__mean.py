# expect: fail | mean over the entries instead of the worst entry
# diagnosis: mean of the entry-wise errors
import numpy as np


def relative_error(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.mean(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))
