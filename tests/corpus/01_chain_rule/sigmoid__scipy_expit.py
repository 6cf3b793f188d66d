# expect: pass | scipy.special.expit, a stable library sigmoid
from scipy.special import expit


def sigmoid(z):
    """Logistic sigmoid, element-wise."""
    return expit(z)
