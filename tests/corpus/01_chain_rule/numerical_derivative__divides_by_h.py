# expect: fail | central difference divided by h instead of 2h (twice the derivative)
# diagnosis: 2h apart
def numerical_derivative(f, x, h=1e-5):
    """Central-difference estimate of f'(x)."""
    return (f(x + h) - f(x - h)) / h
