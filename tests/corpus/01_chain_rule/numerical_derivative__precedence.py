# expect: fail | / 2 * h instead of / (2 * h): operator precedence
# diagnosis: parentheses around the denominator
def numerical_derivative(f, x, h=1e-5):
    """Central-difference estimate of f'(x)."""
    return (f(x + h) - f(x - h)) / 2 * h
