# expect: fail | no 1e-8 floor: 0 / 0 = nan when both entries are zero
# diagnosis: floor 1e-8
import numpy as np


def relative_error(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(np.max(np.abs(a - b) / (np.abs(a) + np.abs(b))))
