# expect: fail | forward difference (f(x+h) - f(x)) / h: error O(h), not O(h**2)
# diagnosis: forward difference
def numerical_derivative(f, x, h=1e-5):
    """Central-difference estimate of f'(x)."""
    return (f(x + h) - f(x)) / h
