# expect: pass | clips to ±500 on a copy (exp(500) is finite), then the textbook formula
def sigmoid(z):
    """Logistic sigmoid, element-wise."""
    z = np.clip(z, -500.0, 500.0)
    return 1.0 / (1.0 + np.exp(-z))
