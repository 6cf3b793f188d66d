# expect: pass | central difference written with named points
def numerical_derivative(f, x, h=1e-5):
    """Central-difference estimate of f'(x)."""
    right, left = x + h, x - h
    return (f(right) - f(left)) / (right - left)
