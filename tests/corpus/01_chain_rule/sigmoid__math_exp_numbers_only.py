# expect: fail | math.exp works for single numbers only (arrays raise TypeError) and overflows for z = -1000
# diagnosis: can be converted to Python scalars
def sigmoid(z):
    """Logistic sigmoid, element-wise."""
    return 1 / (1 + math.exp(-z))
