# expect: fail | ratio of norms ||a - b|| / (||a|| + ||b||) instead of the element-wise maximum
# diagnosis: ratio of norms
import numpy as np


def relative_error(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.linalg.norm(a - b) / max(1e-8, np.linalg.norm(a) + np.linalg.norm(b)))
