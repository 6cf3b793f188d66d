# expect: pass | evaluates f at a numpy array of the two points, one at a time; returns a numpy float64
def numerical_derivative(f, x, h=1e-5):
    """Central-difference estimate of f'(x)."""
    left, right = np.array([x - h, x + h], dtype=float)
    return (f(right) - f(left)) / np.float64(2 * h)
