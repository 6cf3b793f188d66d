# expect: pass | plain Python loop over the flattened entries
import numpy as np


def relative_error(a, b):
    a = np.asarray(a, dtype=np.float64).ravel()
    b = np.asarray(b, dtype=np.float64).ravel()
    worst = 0.0
    for ai, bi in zip(a, b):
        worst = max(worst, abs(ai - bi) / max(1e-8, abs(ai) + abs(bi)))
    return float(worst)
