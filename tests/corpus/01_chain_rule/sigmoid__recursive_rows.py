# expect: pass | recursion over the first axis down to numbers, each computed with math on the stable branch
import math


def sigmoid(z):
    """Logistic sigmoid, element-wise."""
    if np.ndim(z) > 0:
        return np.array([sigmoid(row) for row in z], dtype=float)
    z = float(z)
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
