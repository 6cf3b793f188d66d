# expect: fail | backward difference (f(x) - f(x - h)) / h: one-sided, error O(h)
# diagnosis: backward difference
def numerical_derivative(f, x, h=1e-5):
    """Central-difference estimate of f'(x)."""
    return (f(x) - f(x - h)) / h
